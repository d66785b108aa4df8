"""The loop on the GUI thread, driven by Qt's event loop (the ``integrated`` host)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

from asyncio_lab.core.host import HostKind, TaskFuture, submit_to_host
from asyncio_lab.core.host_shutdown import drain_and_wait
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.threads import current_thread_name
from asyncio_lab.core.tracker import Tracker
from asyncio_lab.gui.qt_loop import LabQtLoop


class IntegratedHost:
    """Owns a :class:`LabQtLoop` attached to the GUI thread.

    ``submit`` still goes through ``call_soon_threadsafe`` so both hosts are driven the same
    way; here the "other thread" is the same one, and the future's callbacks run on the GUI
    thread. Its :attr:`monitor` probes the loop while it runs. Shutting down cancels every
    task, stops qasync's QThread executor (Qt aborts the process if a QThread is destroyed
    while running) and closes the loop.
    """

    kind = HostKind.INTEGRATED

    def __init__(self, tracker: Tracker | None = None, *, monitor: LoopMonitor | None = None):
        self.tracker = tracker or Tracker()
        self.monitor = monitor or LoopMonitor()
        self.stopping = threading.Event()
        self._loop: LabQtLoop | None = None
        self._closed = False

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("the host has not been started")
        return self._loop

    @property
    def thread_name(self) -> str:
        return current_thread_name() if self._loop is None else self._thread_name

    @property
    def is_running(self) -> bool:
        # loop.is_running() turns False if user code called loop.stop() (the loop detaches)
        return self._loop is not None and not self._closed and self._loop.is_running()

    def start(self) -> None:
        if self._loop is not None:
            raise RuntimeError("a host starts once")
        if QCoreApplication.instance() is None:
            raise RuntimeError("the integrated host needs a QApplication")
        self._thread_name = current_thread_name()
        self._loop = LabQtLoop()
        self.tracker.install(self._loop)
        self._loop.attach()
        self.monitor.start(self._loop)

    def submit(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> TaskFuture:
        return submit_to_host(self, coro, name)

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        if self.is_running:
            self.loop.call_soon_threadsafe(callback, *args)

    def shutdown(self, timeout: float = 2.0, pump: Callable[[float], None] | None = None) -> None:
        """Cancel everything and close; Qt events (and so the loop) run meanwhile, for as long
        as cancelled tasks keep ending (``pump`` is not needed: this host spins Qt itself)."""
        if self._closed or self._loop is None:
            return
        self.stopping.set()
        self.monitor.stop()  # cancelling everything is not a stall worth reporting
        loop = self._loop
        loop.attach()  # if user code called loop.stop(), run once more to cancel cleanly
        # No executor step in the sequence: LabQtLoop.close() bounds qasync's executor itself.
        drain_and_wait(loop, timeout, _spin_qt)
        self._closed = True
        self.tracker.uninstall()
        loop.detach()
        loop.close()  # stops qasync's QThread executor, waiting EXECUTOR_WAIT_S at most


def _spin_qt(seconds: float) -> None:
    """Process Qt events (and so run the integrated loop) for about ``seconds``."""
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
