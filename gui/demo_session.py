"""Runs one demo at a time on the session's loop; Stop cancels it and whatever it started."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.runner import run_demo_contained
from asyncio_lab.gui.work_handle import WorkHandle

if TYPE_CHECKING:
    from asyncio_lab.gui.session_base import SessionBase


class DemoSession(QObject):
    """``demoSelected(demo)`` when a demo is picked; ``runningChanged(bool)``;
    ``finished(demo_id, result, error)`` on the GUI thread once a run (and its clean-up) ended.
    """

    demoSelected = Signal(object)
    runningChanged = Signal(bool)
    finished = Signal(str, object, object)

    def __init__(self, session: SessionBase) -> None:
        super().__init__(session)
        self._session = session
        self.selected: Demo | None = None
        self._running: Demo | None = None
        self._handle: WorkHandle | None = None
        session.hostChanged.connect(self._on_host_changed)

    @property
    def running(self) -> Demo | None:
        return self._running

    def select(self, demo: Demo) -> None:
        self.selected = demo
        self.demoSelected.emit(demo)

    def start(self, demo: Demo, values: dict[str, Any], speed: float) -> bool:
        host = self._session.host
        if self._running is not None or host is None:
            return False
        if demo.unavailable_reason is not None:
            return False
        ctx = DemoContext(self._session.tracker, speed=speed, stopping=host.stopping)
        handle = self._session.submit(run_demo_contained(demo, values, ctx), f"demo:{demo.id}")
        if handle is None:
            return False
        self._running, self._handle = demo, handle
        self.runningChanged.emit(True)
        handle.finished.connect(lambda result: self._on_ended(handle, demo.id, result, None))
        handle.failed.connect(lambda error: self._on_ended(handle, demo.id, None, error))
        return True

    def stop(self) -> None:
        """Ask the demo to stop; ``finished`` follows once it and its clean-up have ended."""
        if self._handle is not None:
            self._handle.cancel()

    def _on_ended(
        self, handle: WorkHandle, demo_id: str, result: Any, error: BaseException | None
    ) -> None:
        if handle is not self._handle and self._running is not None:
            return  # a run from before a host switch; another demo runs now
        self._forget()
        self.finished.emit(demo_id, result, error)

    def _on_host_changed(self, _kind: object) -> None:
        self._forget()

    def _forget(self) -> None:
        self._handle = None
        if self._running is not None:
            self._running = None
            self.runningChanged.emit(False)
