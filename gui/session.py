"""The lab session: what the window shows, without the window.

A :class:`LabSession` owns the tracker, the event bridge, the loop host (through the host
controller), the mistake detector and its warnings hook, the task numbering, and the state the
views read: the task book (inside the task table model), the selected tasks, the running demo
(:attr:`demos`) and the playground's last ``asyncio.wait`` (:attr:`playground`).

Views are given the session and subscribe themselves (each has a ``bind(session)``); nothing
routes events or results to them. A batch of events reaches the session first, which folds it
into the task book and then emits :attr:`eventsArrived`, so every view reads a book that already
knows the batch. Each submission returns its own :class:`WorkHandle`; before a handle reports,
the bridge delivers the events recorded so far (see :class:`EventBridge`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from asyncio_lab.core.tracker import Tracker
from asyncio_lab.gui.demo_session import DemoSession
from asyncio_lab.gui.playground_work import PlaygroundWork
from asyncio_lab.gui.session_base import SessionBase


class LabSession(SessionBase):
    """The session with its parts: :attr:`demos` runs a demo at a time, :attr:`playground` runs
    what the playground's buttons ask for. Signals and the rest: see :class:`SessionBase`.
    """

    def __init__(self, tracker: Tracker | None = None, parent: QObject | None = None) -> None:
        super().__init__(tracker, parent)
        self.demos = DemoSession(self)
        self.playground = PlaygroundWork(self)

    def close(self) -> None:
        """End the session: a running program is stopped first, and its thread has ended (or
        been interrupted) by the time this returns."""
        self.demos.stop()
        super().close()
        self.demos.finish()
