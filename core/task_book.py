"""Fold task events into one row per task: what the inspector table shows, without Qt.

The :class:`TaskBook` is the session's one live fold of per-task state (state, awaiting, line,
last thread, outcome, parent, the worker running its job). The table shows it, the status bar
and the lesson panel count it, and the mistake detector reads what it noticed while folding
(:attr:`TaskBook.long_steps`, :attr:`TaskBook.cancelled_busy`) instead of keeping a copy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from asyncio_lab.core.events import HandoffEvent, HandoffKind, LabEvent, TaskEvent, TaskState


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


class TaskWords:
    """What the table says of a task, for live rows (:class:`TaskRecord`) and past ones
    (``moment.TaskSnap``) alike: one wording, whichever fold made the row."""

    __slots__ = ()
    awaiting: str | None
    line: int | None
    worker: str | None
    created_t: float
    ended_t: float | None

    @property
    def waiting_on(self) -> str:
        """What the task waits for, in words: the await, its line, a worker thread."""
        if self.awaiting is None:
            return ""
        text = self.awaiting
        if self.line:
            text += f" @ line {self.line}"
        if self.worker:
            text += f" ⇢ job on {self.worker}"
        return text

    def elapsed(self, now: float) -> float:
        end = self.ended_t if self.ended_t is not None else now
        return max(0.0, end - self.created_t)


@dataclass(slots=True)
class TaskRecord(TaskWords):
    """The latest known facts about one task. Owned and updated by :class:`TaskBook` only."""

    task_id: int
    name: str
    state: TaskState
    created_t: float
    created_thread: str
    last_thread: str
    changed_t: float
    ended_t: float | None = None
    awaiting: str | None = None
    line: int | None = None
    outcome: str | None = None
    coro_name: str | None = None
    steps: int = 0
    worker: str | None = None  # the thread running this task's to_thread job right now
    parent_id: int | None = None  # the task that created it


class TaskBook:
    """Rows in creation order; ``apply`` says which rows are new and which changed."""

    def __init__(self) -> None:
        self.records: list[TaskRecord] = []
        self._rows: dict[int, int] = {}
        self._live = 0
        #: Steps longer than this many seconds are noted in :attr:`long_steps` (off: inf).
        self.long_step = math.inf
        self.long_steps: list[LongStep] = []
        #: (t, task_id, label, worker) of tasks cancelled while a thread job of theirs ran.
        self.cancelled_busy: list[tuple[float, int, str, str]] = []

    def __len__(self) -> int:
        return len(self.records)

    def get(self, task_id: int) -> TaskRecord | None:
        row = self._rows.get(task_id)
        return None if row is None else self.records[row]

    def live_count(self) -> int:
        """Tasks not finished yet (kept up to date, not counted: it is asked every batch)."""
        return self._live

    def count_new(self, events: Iterable[LabEvent]) -> int:
        """How many rows :meth:`apply` would append for ``events``."""
        seen = self._rows
        new = {e.task_id for e in events if isinstance(e, TaskEvent) and e.task_id not in seen}
        return len(new)

    def apply(self, events: Iterable[LabEvent]) -> tuple[int, set[int]]:
        """Fold ``events`` in. Returns (rows appended at the end, rows that changed before)."""
        first_new = len(self.records)
        changed: set[int] = set()
        for event in events:
            row: int | None
            if isinstance(event, TaskEvent):
                row = self._apply(event)
            elif isinstance(event, HandoffEvent) and event.task_id is not None:
                row = self._apply_handoff(event)
            else:
                continue
            if row is not None and row < first_new:
                changed.add(row)
        return len(self.records) - first_new, changed

    def _apply(self, event: TaskEvent) -> int:
        row = self._rows.get(event.task_id)
        if row is None:
            row = len(self.records)
            self._rows[event.task_id] = row
            self.records.append(
                TaskRecord(
                    task_id=event.task_id,
                    name=event.label,
                    state=event.state,
                    created_t=event.t,
                    created_thread=event.thread,
                    last_thread=event.thread,
                    changed_t=event.t,
                    coro_name=event.coro_name,
                    parent_id=event.parent_id,
                )
            )
            if not event.state.is_final:
                self._live += 1
            if event.state is TaskState.PENDING:
                return row
        record = self.records[row]
        if event.name is not None:
            record.name = event.name
        if record.state.is_final:  # a final state is final; late events only rename
            return row
        state = event.state
        if record.state is TaskState.RUNNING and event.t - record.changed_t > self.long_step:
            self._note_long_step(record, event)
        if state.is_final:
            self._live -= 1
            if state is TaskState.CANCELLED and record.worker is not None:
                self.cancelled_busy.append((event.t, record.task_id, record.name, record.worker))
        record.state = event.state
        record.changed_t = event.t
        if event.state is TaskState.RUNNING:
            record.last_thread = event.thread
            record.steps += 1
            record.awaiting = None
        elif event.state is TaskState.SUSPENDED:
            record.awaiting = event.awaiting
            record.line = event.line
        elif event.state.is_final:
            record.ended_t = event.t
            record.outcome = event.outcome
            record.awaiting = None
        return row

    def _note_long_step(self, record: TaskRecord, event: TaskEvent) -> None:
        line = event.line if event.state is TaskState.SUSPENDED else None
        self.long_steps.append(
            LongStep(record.task_id, record.name, record.coro_name, record.changed_t, event.t,
                     event.thread, record.line, line)
        )  # fmt: skip

    def take_findings(self) -> tuple[list[LongStep], list[tuple[float, int, str, str]]]:
        """What the fold noticed since the last call (the mistake detector reads it)."""
        found = self.long_steps, self.cancelled_busy
        self.long_steps, self.cancelled_busy = [], []
        return found

    def _apply_handoff(self, event: HandoffEvent) -> int | None:
        # The tracker reports a job's start on the worker and its return to the loop thread.
        if event.kind is HandoffKind.JOB_START:
            worker: str | None = event.target_thread
        elif event.kind is HandoffKind.JOB_RETURN:
            worker = None
        else:
            return None
        row = self._rows.get(event.task_id) if event.task_id is not None else None
        if row is None:
            return None
        self.records[row].worker = worker
        return row

    def clear_finished(self) -> int:
        """Drop finished rows; returns how many went."""
        keep = [r for r in self.records if not r.state.is_final]
        dropped = len(self.records) - len(keep)
        self.records = keep
        self._rows = {r.task_id: i for i, r in enumerate(keep)}
        return dropped
