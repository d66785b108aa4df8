"""Runs one demo at a time on the current host; Stop cancels it and whatever it started."""

from __future__ import annotations

from asyncio import CancelledError
from typing import Any

from PySide6.QtCore import QObject, Signal

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.program.on_host import ProgramHandle
from asyncio_lab.core.program.run import Ending, ProgramOutcome
from asyncio_lab.core.runner import run_demo_contained
from asyncio_lab.gui.host_controller import HostController

_TAG = "demo-run"


class ProgramFailed(Exception):
    """A lesson's program raised (or would not compile); the message names its line."""


class DemoSession(QObject):
    """``runningChanged(bool)``; ``finished(demo_id, result, error)`` on the GUI thread."""

    runningChanged = Signal(bool)
    finished = Signal(str, object, object)
    _programEnded = Signal(str, object)  # emitted on the program's thread, received here

    def __init__(self, controller: HostController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._running: Demo | None = None
        self._future: Any = None
        controller.workFinished.connect(self._on_work_finished)
        controller.hostChanged.connect(lambda _kind: self._forget())
        self._programEnded.connect(self._on_program_ended)
        self._program: ProgramHandle | None = None

    @property
    def running(self) -> Demo | None:
        return self._running

    def start(self, demo: Demo, values: dict[str, Any], speed: float) -> bool:
        host = self._controller.host
        if self._running is not None or host is None:
            return False
        if demo.unavailable_reason is not None:
            return False
        self._running = demo
        self.runningChanged.emit(True)
        if demo.is_program:
            self._program = ProgramHandle(demo.program(values), host, speed)
            self._program.outcome.add_done_callback(
                lambda f, demo_id=demo.id: self._programEnded.emit(demo_id, f.result())
            )
            self._program.start()
            return True
        ctx = DemoContext(self._controller.tracker, speed=speed, stopping=host.stopping)
        self._future = self._controller.submit(
            run_demo_contained(demo, values, ctx), f"demo:{demo.id}", tag=(_TAG, demo.id)
        )
        return True

    def stop(self) -> None:
        """Ask the demo to stop; ``finished`` follows once it and its clean-up have ended."""
        if self._future is not None:
            self._future.request_cancel()
        if self._program is not None:
            self._program.stop()

    def _on_program_ended(self, demo_id: str, outcome: ProgramOutcome) -> None:
        self._program = None
        self._forget()
        error: BaseException | None = None
        if outcome.ending is Ending.STOPPED:
            error = CancelledError()
        elif not outcome.ok:
            error = ProgramFailed(outcome.message)
        self.finished.emit(demo_id, None, error)

    def _on_work_finished(self, tag: object, result: Any, error: Any) -> None:
        if isinstance(tag, tuple) and tag[0] == _TAG:
            self._forget()
            self.finished.emit(tag[1], result, error)

    def _forget(self) -> None:
        if self._running is not None:
            self._running = None
            self._future = None
            self.runningChanged.emit(False)
