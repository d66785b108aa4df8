"""The session as its parts see it: everything :class:`~asyncio_lab.gui.session.LabSession` is
except the parts it owns (the demo runner and the playground's work).

The parts are handed the session and keep it; they name it by this class, so no import runs from
a part back up to the session that builds it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.host import HostKind, LoopHost
from asyncio_lab.core.mistakes import MistakeDetector
from asyncio_lab.core.task_book import TaskBook
from asyncio_lab.core.tracker import Tracker
from asyncio_lab.gui.bridge import EventBridge
from asyncio_lab.gui.host_controller import HostController
from asyncio_lab.gui.replay_controller import ReplayController
from asyncio_lab.gui.task_model import TaskTableModel
from asyncio_lab.gui.work_handle import WorkHandle

MESSAGE_MS = 5000  # how long a status message stays, by default


STORM_TASKS = 1_000  # live tasks from which leaving a host is paced as a storm (see gc_pacing)


class SessionBase(QObject):
    """``eventsArrived(list)`` each batch, after the task book took it in;
    ``hostChanged(kind)`` after a host started; ``taskFocused(task_id)`` when a task is pointed
    at (its bar on the timeline was clicked); ``statusMessage(text, ms)`` for a passing note;
    ``closing()`` when the session ends: views stop their timers and threads then.
    """

    # A list of events. Not Signal(list): that converts the list into a QVariantList for each
    # receiver, 5 ms per 1,000 events with the window's ten receivers.
    eventsArrived = Signal(object)
    hostChanged = Signal(object)
    taskFocused = Signal(int)
    statusMessage = Signal(str, int)
    closing = Signal()

    def __init__(self, tracker: Tracker | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker or Tracker()
        self.bridge = EventBridge(self.tracker, self)
        self.controller = HostController(self.tracker, settle=self.bridge.settle, parent=self)
        self.tasks = TaskTableModel(self.tracker.now, self)
        # Warnings that name a mistake go back into the buffer, so the log and the timeline
        # show them like any other event.
        # It reads the table's fold of per-task state (one fold, shared), so the table takes each
        # batch in first.
        self.mistakes = MistakeDetector(
            sink=self.tracker.buffer.append, now=self.tracker.now, tasks=self.tasks.book
        )
        self.mistakes.install_warning_hook()
        # Every batch is kept (bounded) so views can show any past moment, or a recording.
        self.replay = ReplayController(self)
        self.selected_task_ids: list[int] = []
        self._next_number = 1
        self._closed = False
        self.bridge.eventsArrived.connect(self._on_events_arrived)
        self.controller.hostChanged.connect(self.hostChanged)

    # What views read -----------------------------------------------------------------------
    @property
    def book(self) -> TaskBook:
        return self.tasks.book

    @property
    def host(self) -> LoopHost | None:
        return self.controller.host

    @property
    def kind(self) -> HostKind | None:
        return self.controller.kind

    # The loop ------------------------------------------------------------------------------
    def start(self, kind: HostKind) -> None:
        """Start a fresh loop on ``kind`` (the running one, if any, is shut down first: the
        window keeps painting while its tasks end, and the status bar says so)."""
        live = self.book.live_count()
        if live and self.controller.host is not None:
            self.notify(f"Switching to the {kind.value} host: cancelling {live:,} task(s)…")
        # the dying loop first; the views catch up after, in ticks
        with self.bridge.held(storm=live >= STORM_TASKS):
            self.controller.start(kind)

    def submit(self, coro: Coroutine[Any, Any, Any], name: str) -> WorkHandle | None:
        """Run ``coro`` as a task named ``name``; its handle reports how it ended."""
        return self.controller.submit(coro, name)

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        self.controller.call_soon(callback, *args)

    # Shared state --------------------------------------------------------------------------
    def take_numbers(self, count: int = 1) -> int:
        """Reserve ``count`` task numbers (job-1, wait-2, …); returns the first."""
        first = self._next_number
        self._next_number += count
        return first

    def select_tasks(self, task_ids: list[int]) -> None:
        """What the task table has selected (the playground cancels and waits on these)."""
        self.selected_task_ids = sorted(task_ids)

    def focus_task(self, task_id: int) -> None:
        self.taskFocused.emit(task_id)

    def notify(self, text: str, ms: int = MESSAGE_MS) -> None:
        self.statusMessage.emit(text, ms)

    def clear_finished(self) -> int:
        return self.tasks.clear_finished()

    # Events --------------------------------------------------------------------------------
    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        self.replay.append(events)
        self.tasks.apply_events(events)
        self.mistakes.feed(events)  # what it finds goes into the buffer: the next batch
        self.eventsArrived.emit(events)

    # Leaving -------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop delivering, let views stop, remove the warnings hook, shut the loop down."""
        if self._closed:
            return
        self._closed = True
        # Views first: the events of cancelling everything need not be drawn by a window that
        # is going away (with 10,000 tasks, drawing them cost more than the shutdown itself).
        self.bridge.stop()
        self.closing.emit()
        self.mistakes.remove_warning_hook()
        collector = self.bridge.collector
        if self.book.live_count() >= STORM_TASKS:
            collector.busy()  # no full collection while the loop's tasks are all woken to end
        try:
            self.controller.stop()
        finally:
            collector.idle(now=True)
