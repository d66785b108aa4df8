"""Owns the current loop host; starts, stops and swaps it; submits work and hands back handles."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal

from asyncio_lab.core.events import LogLevel
from asyncio_lab.core.host import HostKind, LoopHost
from asyncio_lab.core.threaded_host import ThreadedHost
from asyncio_lab.core.tracker import Tracker
from asyncio_lab.gui.integrated_host import IntegratedHost
from asyncio_lab.gui.work_handle import Settle, WorkHandle

SHUTDOWN_TIMEOUT = 2.0  # seconds to let cancelled tasks finish before the loop is closed


def _keep_painting(seconds: float) -> None:
    """While a loop thread cancels its tasks: let the window paint and take events, then give
    the loop thread the GIL for a moment (spinning here would only slow it down)."""
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    time.sleep(min(seconds, 0.005))


def make_host(kind: HostKind, tracker: Tracker) -> LoopHost:
    if kind is HostKind.INTEGRATED:
        return IntegratedHost(tracker)
    return ThreadedHost(tracker)


class HostController(QObject):
    """The session's one way to the loop, whichever host runs it.

    ``hostChanged(kind)`` after a host starts. :meth:`submit` returns a :class:`WorkHandle`
    that reports the work's end; ``settle`` is called just before any handle reports.
    """

    hostChanged = Signal(object)

    def __init__(
        self,
        tracker: Tracker,
        settle: Settle = lambda: lambda: True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.host: LoopHost | None = None
        self._settle = settle

    @property
    def kind(self) -> HostKind | None:
        return None if self.host is None else self.host.kind

    def start(self, kind: HostKind) -> None:
        self.stop()
        host = make_host(kind, self.tracker)
        host.start()
        self.host = host
        self.tracker.log(f"{kind.value} host started: {kind.blurb}; loop thread {host.thread_name}")
        self.hostChanged.emit(kind)

    def stop(self, timeout: float = SHUTDOWN_TIMEOUT) -> None:
        host, self.host = self.host, None
        if host is not None:
            host.shutdown(timeout, _keep_painting)
            self.tracker.log(f"{host.kind.value} host stopped; its tasks were cancelled")

    def submit(self, coro: Coroutine[Any, Any, Any], name: str) -> WorkHandle | None:
        """Run ``coro`` as a task named ``name`` on the loop (None if no loop is running)."""
        if self.host is None:
            coro.close()
            return None
        try:
            future = self.host.submit(coro, name)
        except RuntimeError as exc:  # the loop was stopped from inside (loop.stop())
            self.tracker.log(
                f"{exc}: something called loop.stop(). Pick a host in the toolbar to start "
                "a fresh loop.",
                LogLevel.ERROR,
            )
            return None
        return WorkHandle(name, future, self._settle, self)

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        if self.host is not None:
            self.host.call_soon(callback, *args)
