"""Start the real app (asyncio-lab's main), put work in flight, then leave as a user would.

Usage: python -m tests.apps.busy_app HOST close|sigint
'close' closes the window after a moment; 'sigint' prints READY and waits for Ctrl+C.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from asyncio_lab.core import playground as pg
from asyncio_lab.gui import app as gui_app
from asyncio_lab.gui.main_window import MainWindow
from tests import window_driver as drive


def put_work_in_flight(how: str) -> None:
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    drive.launch(window, 30, pg.Outcome.RETURN, count=20)
    drive.launch(window, 30, pg.Outcome.FOREVER)
    drive.launch_with_timeout(window, 30, 20, pg.TimeoutStyle.WAIT_FOR)
    drive.run_to_thread(window, 30)
    drive.run_to_thread(window, 30)
    drive.run_wait(window, pg.WaitMode.ALL_COMPLETED, None, pg.WaitScope.FRESH)
    if how == "close":  # and a demo with child processes in flight (slowed down: they last)
        drive.run_demo(window, "subprocess.several-at-once", {}, speed=0.1)
    if how == "close":
        QTimer.singleShot(700, lambda: close_and_say_when(window))
    else:
        # a storm of tasks keeps the loop busy when Ctrl+C arrives (300: dev mode turns on
        # asyncio debug, which makes every task about ten times slower)
        QTimer.singleShot(600, lambda: drive.launch(window, 0.5, pg.Outcome.RETURN, count=300))
        QTimer.singleShot(700, lambda: print("READY", flush=True))


def close_and_say_when(window: MainWindow) -> None:
    print(f"CLOSING {time.monotonic()}", flush=True)  # CLOCK_MONOTONIC: comparable across processes
    window.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    host, how = sys.argv[1], sys.argv[2]
    QTimer.singleShot(0, lambda: put_work_in_flight(how))
    sys.exit(gui_app.main(["--host", host]))
