"""The composition root: build the window the user gets, and run it."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from asyncio_lab.core import left_behind
from asyncio_lab.core.host import HostKind
from asyncio_lab.gui.main_window import MainWindow

SIGNAL_POLL_MS = 200  # how often Python gets a chance to see Ctrl+C
# The longest a thread holds the GIL while another waits for it (Python's default: 5 ms). Qt
# calls into Python once per slot, paint and model query, and each call waits for the GIL: with
# the threaded host's loop (or a to_thread job) busy, a table repaint of a few hundred queries
# waited up to 5 ms each, and the window froze for most of a second. Measured in a 100,000-task
# storm on the threaded host (python -m benchmarks.window_table): see the README's table.
GIL_SWITCH_INTERVAL_S = 0.001


def create_main_window(host: str = "integrated") -> MainWindow:
    """The same window ``asyncio-lab`` opens, on ``host`` ("integrated" or "threaded").

    A QApplication must exist already (tests get one from pytest-qt). The process's GIL switch
    interval becomes :data:`GIL_SWITCH_INTERVAL_S`, so the GUI thread never waits long for it.
    """
    try:
        kind = HostKind(host)
    except ValueError:
        valid = ", ".join(k.value for k in HostKind)
        raise ValueError(f"unknown host {host!r}; valid hosts: {valid}") from None
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    return MainWindow(kind)


def leave_if_threads_are_stuck(code: int) -> None:
    """The window has closed and the hosts have shut down. A thread still blocked (a to_thread
    job that never returned) would hold the process for ever (Python joins it at exit) or,
    being a QThread, abort it: say so in one line and exit now."""
    stuck = left_behind.still_running()
    if stuck:
        print(left_behind.describe(stuck), file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="asyncio-lab")
    parser.add_argument("--host", choices=[k.value for k in HostKind], default="integrated")
    parser.add_argument("command", nargs="?")  # `open RECORDING` replays a recording
    parser.add_argument("target", nargs="?")
    args, _ = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))

    # Ctrl+C in the terminal closes the window the same way the close button does (qasync
    # does not handle it: qasync #127). The handler goes in first, so a Ctrl+C during a slow
    # start-up is not lost either.
    window: MainWindow | None = None
    interrupted = False

    def on_sigint(*_: object) -> None:
        nonlocal interrupted
        interrupted = True
        if window is not None:
            # Only post the close: the handler may run in the middle of a loop callback,
            # and closing shuts that loop down.
            QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGINT, on_sigint)
    try:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("asyncio-lab")
        window = create_main_window(args.host)
        if interrupted:
            window.close()
            return 0
        window.show()
        if args.command == "open" and args.target:
            window.recordings.open_path(args.target)
        from asyncio_lab.gui.tour import Tour

        Tour.start_if_new(window)  # the first run only; parented to the window
        # Python runs signal handlers only between bytecodes; a timer gives it the chance
        # while Qt waits for events.
        poll = QTimer()
        poll.timeout.connect(lambda: None)
        poll.start(SIGNAL_POLL_MS)
        result = app.exec()
        poll.stop()
        leave_if_threads_are_stuck(result)
        return result
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
