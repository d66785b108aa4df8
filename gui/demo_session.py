"""Runs one lesson at a time on the session's loop; Stop cancels it and whatever it started.

A lesson is a plain program (see :mod:`asyncio_lab.core.program`): its top level runs in a
thread of its own and its ``asyncio.run(main())`` becomes the task ``main`` on the session's
loop. Lessons not yet moved to a program still run as a coroutine task.
"""

from __future__ import annotations

from asyncio import CancelledError
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.program.on_host import ProgramHandle
from asyncio_lab.core.program.run import Ending, ProgramOutcome
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.core.runner import run_demo_contained
from asyncio_lab.gui.work_handle import WorkHandle

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession


class ProgramFailed(Exception):
    """A lesson's program raised (or would not compile); the message names its line."""


class DemoSession(QObject):
    """``demoSelected(demo)`` when a demo is picked; ``runningChanged(bool)``;
    ``finished(demo_id, result, error)`` on the GUI thread once a run (and its clean-up) ended;
    ``programEnded(outcome)`` too when the run was a program (its line, its traceback).
    """

    demoSelected = Signal(object)
    runningChanged = Signal(bool)
    finished = Signal(str, object, object)
    programEnded = Signal(object)
    _outcomeArrived = Signal(object, object)  # emitted on the program's thread; queued here

    def __init__(self, session: LabSession) -> None:
        super().__init__(session)
        self._session = session
        self.selected: Demo | None = None
        self._running: Demo | None = None
        self._handle: WorkHandle | None = None
        self._program: ProgramHandle | None = None
        session.hostChanged.connect(self._on_host_changed)
        self._outcomeArrived.connect(self._on_program_ended)

    @property
    def running(self) -> Demo | None:
        return self._running

    def select(self, demo: Demo) -> None:
        self.selected = demo
        self.demoSelected.emit(demo)

    def start(
        self,
        demo: Demo,
        values: dict[str, Any],
        speed: float,
        source: ProgramSource | None = None,
    ) -> bool:
        """Run ``demo`` (or ``source``, the learner's edited version of its program)."""
        host = self._session.host
        if self._running is not None or host is None:
            return False
        if demo.unavailable_reason is not None:
            return False
        if demo.is_program or source is not None:
            program = ProgramHandle(source or demo.program(values), host, speed)
            self._running, self._program = demo, program
            self.runningChanged.emit(True)
            program.outcome.add_done_callback(
                lambda done: self._outcomeArrived.emit(program, done.result())
            )
            program.start()
            return True
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
        if self._program is not None:
            self._program.stop()

    def _on_program_ended(self, program: ProgramHandle, outcome: ProgramOutcome) -> None:
        if program is not self._program:
            return  # a run from before a host switch
        demo = self._running
        # The views hear of every event the program recorded before they hear it ended.
        self._session.bridge.drain()
        self._forget()
        error: BaseException | None = None
        if outcome.ending is Ending.STOPPED:
            error = CancelledError()
        elif not outcome.ok:
            error = ProgramFailed(outcome.message)
        self.programEnded.emit(outcome)
        self.finished.emit(demo.id if demo is not None else "", None, error)

    def _on_ended(
        self, handle: WorkHandle, demo_id: str, result: Any, error: BaseException | None
    ) -> None:
        if handle is not self._handle and self._running is not None:
            return  # a run from before a host switch; another demo runs now
        self._forget()
        self.finished.emit(demo_id, result, error)

    def _on_host_changed(self, _kind: object) -> None:
        if self._program is not None:
            self._program.stop()
        self._forget()

    def _forget(self) -> None:
        self._handle = None
        self._program = None
        if self._running is not None:
            self._running = None
            self.runningChanged.emit(False)
