"""Runs one lesson at a time on the session's loop; Stop cancels it and whatever it started.

A lesson is a plain program (see :mod:`asyncio_lab.core.program`): its top level runs in a
thread of its own and its ``asyncio.run(main())`` becomes the task ``main`` on the session's
loop. The learner may edit a lesson's program: the edited text is kept here, per lesson, and
is what Run runs until Reset.
"""

from __future__ import annotations

import contextlib
from asyncio import CancelledError
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from asyncio_lab.core.demo import Demo
from asyncio_lab.core.program.on_host import ProgramHandle
from asyncio_lab.core.program.run import Ending, ProgramOutcome
from asyncio_lab.core.program.source import ProgramSource, constant_name, set_constants

if TYPE_CHECKING:
    from asyncio_lab.gui.session_base import SessionBase


STOP_TIMEOUT_SECONDS = 5.0  # then a program that has not ended is given up on


class ProgramFailed(Exception):
    """A lesson's program raised (or would not compile); the message names its line."""


class DemoSession(QObject):
    """``demoSelected(demo)`` when a lesson is picked; ``runningChanged(bool)``;
    ``programStarted(source)`` with the very text that runs; ``programEnded(outcome)`` and
    ``finished(demo_id, result, error)`` on the GUI thread once a run (and its clean-up) ended.
    """

    demoSelected = Signal(object)
    runningChanged = Signal(bool)
    programStarted = Signal(object)
    programEnded = Signal(object)
    finished = Signal(str, object, object)
    _outcomeArrived = Signal(object, object)  # emitted on the program's thread; queued here

    def __init__(self, session: SessionBase) -> None:
        super().__init__(session)
        self._session = session
        self.selected: Demo | None = None
        self._running: Demo | None = None
        self._program: ProgramHandle | None = None
        self._edited: dict[str, str] = {}
        self.speed = 1.0  # the speed of the run going on, or of the last one
        session.hostChanged.connect(self._on_host_changed)
        self._outcomeArrived.connect(self._on_program_ended)

    @property
    def running(self) -> Demo | None:
        return self._running

    def select(self, demo: Demo) -> None:
        self.selected = demo
        self.demoSelected.emit(demo)

    # The learner's edits -----------------------------------------------------------------------
    def edited_text(self, demo: Demo) -> str | None:
        return self._edited.get(demo.id)

    def set_edited(self, demo: Demo, text: str | None) -> None:
        """Keep ``text`` as the learner's version of ``demo``'s program (None: the original)."""
        if text is None:
            self._edited.pop(demo.id, None)
        else:
            self._edited[demo.id] = text

    def program_for(self, demo: Demo, values: dict[str, Any]) -> ProgramSource:
        """What Run runs: the edited text (with the parameters still assigned in it set), or
        the lesson's own program with ``values``."""
        text = self._edited.get(demo.id)
        if text is None:
            return demo.program(values)
        constants = {constant_name(name): value for name, value in values.items()}
        for name, value in constants.items():
            # edited away, or the edit does not parse (Run reports that): left as typed
            with contextlib.suppress(ValueError, SyntaxError):
                text = set_constants(text, {name: value})
        return ProgramSource(text, demo.program_filename)

    # Running -------------------------------------------------------------------------------
    def start(self, demo: Demo, values: dict[str, Any], speed: float) -> bool:
        host = self._session.host
        if self._running is not None or host is None:
            return False
        if demo.unavailable_reason is not None:
            return False
        try:
            source = self.program_for(demo, values)
        except ValueError as exc:  # an opened file that went away meanwhile
            self.finished.emit(demo.id, None, ProgramFailed(str(exc)))
            return False
        program = ProgramHandle(source, host, speed)
        self.speed = speed
        self._running, self._program = demo, program
        self.runningChanged.emit(True)
        self.programStarted.emit(source)
        program.outcome.add_done_callback(
            lambda done: self._outcomeArrived.emit(program, done.result())
        )
        program.start()
        return True

    def stop(self) -> None:
        """Ask the lesson to stop; ``finished`` follows once it and its clean-up have ended."""
        program = self._program
        if program is not None:
            program.stop()
            QTimer.singleShot(
                int(STOP_TIMEOUT_SECONDS * 1000), self, lambda: self._give_up_on(program)
            )

    def _give_up_on(self, program: ProgramHandle) -> None:
        """A thread Stop could not reach (blocked in a join, a lock, a C call): say where it
        is stuck and free the session, so Run works again; its late ending is ignored."""
        if program is not self._program or program.outcome.done():
            return
        filename = program.source.filename
        message = f"{filename} could not be stopped: its thread is stuck in {program.stuck_in()}"
        self._on_program_ended(program, ProgramOutcome(Ending.STOPPED, message, exit_code=130))

    def finish(self, timeout: float = 2.0) -> None:
        """After the loop has shut down: wait for the program's thread to end (closing)."""
        if self._program is not None:
            self._program.join(timeout)

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

    def _on_host_changed(self, _kind: object) -> None:
        if self._program is not None:
            self._program.stop()
        self._forget()

    def _forget(self) -> None:
        self._program = None
        if self._running is not None:
            self._running = None
            self.runningChanged.emit(False)
