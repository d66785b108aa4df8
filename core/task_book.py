"""Fold task events into one row per task: what the inspector table shows, without Qt.

The :class:`TaskBook` is the session's one live fold of per-task state (state, awaiting, line,
last thread, outcome, parent, the worker running its job). The table shows it, the status bar
and the lesson panel count it, and the mistake detector reads what it noticed while folding
(:attr:`TaskBook.long_steps`, :attr:`TaskBook.cancelled_busy`) instead of keeping a copy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from asyncio_lab.core.events import HandoffEvent, LabEvent, TaskEvent, TaskState
from asyncio_lab.core.task_fold import _FINAL, RowSequence, TaskFold, TaskSnap


@dataclass(frozen=True, slots=True)
class LongStep:
    """A step that ran longer than the book's ``long_step`` threshold, noticed as it ended."""

    task_id: int
    label: str
    coro_name: str | None
    started: float
    ended: float
    thread: str  # where the step ran (the thread of the event that ended it)
    resumed_at_line: int | None  # where the step picked up (the await it resumed from)
    line: int | None  # where it stopped (the next await), if it suspended


#: A row of the book: the same frozen record a past moment shows (one fold, one rule).
TaskRecord = TaskSnap


class TaskBook:
    """Rows in creation order; ``apply`` says which rows are new and which changed.

    The rows are folded by :class:`~asyncio_lab.core.task_fold.TaskFold`, the fold every past
    moment is made of, so live and past follow one rule; the book adds what only the present
    needs: which rows changed in a batch, and what the mistake detector should hear about.
    """

    def __init__(self) -> None:
        self._fold = TaskFold()
        self.records: Sequence[TaskRecord] = RowSequence(self._fold)
        #: Steps longer than this many seconds are noted in :attr:`long_steps` (off: inf).
        self.long_step = math.inf
        self.long_steps: list[LongStep] = []
        #: (t, task_id, label, worker) of tasks cancelled while a thread job of theirs ran.
        self.cancelled_busy: list[tuple[float, int, str, str]] = []

    def __len__(self) -> int:
        return len(self._fold)

    def get(self, task_id: int) -> TaskRecord | None:
        return self._fold.find(task_id)

    def row_of(self, task_id: int) -> int | None:
        return self._fold.row_of(task_id)

    def live_count(self) -> int:
        """Tasks not finished yet (kept up to date, not counted: it is asked every batch)."""
        return self._fold.live

    def count_new(self, events: Iterable[LabEvent]) -> int:
        """How many rows :meth:`apply` would append for ``events``."""
        fold = self._fold
        new = {e.task_id for e in events if isinstance(e, TaskEvent) and e.task_id not in fold}
        return len(new)

    def apply(self, events: Iterable[LabEvent]) -> tuple[int, set[int]]:
        """Fold ``events`` in. Returns (rows appended at the end, rows that changed before)."""
        fold = self._fold
        first_new = len(fold)
        changed: set[int] = set()
        long_step = self.long_step
        apply_task = fold.apply_task
        running, cancelled = TaskState.RUNNING, TaskState.CANCELLED
        for event in events:
            row: int | None
            if type(event) is TaskEvent:
                row = apply_task(event)
                old = fold.previous
                if old is not None:
                    if old.state is running and event.t - old.changed_t > long_step:
                        self._note_long_step(old, event)
                    worker = old.worker
                    if event.state is cancelled and worker and old.state._value_ not in _FINAL:
                        self.cancelled_busy.append((event.t, old.task_id, old.name, worker))
            elif type(event) is HandoffEvent and event.task_id is not None:
                row = fold.apply_handoff(event)
            else:
                continue
            if row is not None and row < first_new:
                changed.add(row)
        return len(fold) - first_new, changed

    def _note_long_step(self, record: TaskRecord, event: TaskEvent) -> None:
        line = event.line if event.state is TaskState.SUSPENDED else None
        name = event.name if event.name is not None else record.name
        self.long_steps.append(
            LongStep(record.task_id, name, record.coro_name, record.changed_t, event.t,
                     event.thread, record.line, line)
        )  # fmt: skip

    def take_findings(self) -> tuple[list[LongStep], list[tuple[float, int, str, str]]]:
        """What the fold noticed since the last call (the mistake detector reads it)."""
        found = self.long_steps, self.cancelled_busy
        self.long_steps, self.cancelled_busy = [], []
        return found

    def clear_finished(self) -> int:
        """Drop finished rows; returns how many went."""
        keep = [r for r in self._fold.snaps() if not r.state.is_final]
        dropped = len(self._fold) - len(keep)
        self._fold = TaskFold.of(keep)
        self.records = RowSequence(self._fold)
        return dropped
