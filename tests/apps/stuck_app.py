"""Start the real app, run a to_thread job that never returns, then switch hosts and/or close.

Usage: python -m tests.apps.stuck_app HOST close|switch
Prints SWITCHED <seconds> after a switch and CLOSING before the window closes.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from asyncio_lab.core.host import HostKind
from asyncio_lab.gui import app as gui_app
from asyncio_lab.gui.main_window import MainWindow

NEVER = threading.Lock()
NEVER.acquire()  # nobody ever releases it: a job waiting for it never returns


async def stuck() -> None:
    await asyncio.to_thread(NEVER.acquire)


def put_stuck_job_in_flight(how: str) -> None:
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    window.session.submit(stuck(), "stuck")
    QTimer.singleShot(500, lambda: leave(window, how))


def leave(window: MainWindow, how: str) -> None:
    if how == "switch":
        other = next(k for k in HostKind if k is not window.session.kind)
        started = time.monotonic()
        window.session.start(other)
        print(f"SWITCHED {time.monotonic() - started:.2f}", flush=True)
    print("CLOSING", flush=True)
    window.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    host, how = sys.argv[1], sys.argv[2]
    QTimer.singleShot(0, lambda: put_stuck_job_in_flight(how))
    sys.exit(gui_app.main(["--host", host]))
