"""The state of a run at one moment, folded from its events: tasks, sync primitives, the last
``asyncio.wait``. One fold per kind of state; every view at a past moment reads the same one.

The folded records are frozen, so a snapshot of the fold is a shallow copy of its dicts and
a :class:`Moment` handed to a view can never change under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LabEvent,
    PrimitiveEvent,
    TaskEvent,
    TaskState,
    WaitEvent,
)
from asyncio_lab.core.task_book import TaskWords


@dataclass(frozen=True, slots=True)
class TaskSnap(TaskWords):
    """One task as of a moment: the same facts the task table shows for it live."""

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
    worker: str | None = None  # the thread running its to_thread job at that moment
    parent_id: int | None = None
    awaited_ids: tuple[int, ...] = ()  # the tracked tasks it awaits, while suspended


_EMPTY_TASKS: Mapping[int, TaskSnap] = MappingProxyType({})
_EMPTY_PRIMITIVES: Mapping[str, PrimitiveEvent] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Moment:
    """What was true after the first ``index`` events of a run (``t``: the last one's time).

    ``tasks`` in creation order, ``primitives`` by label in order of first appearance,
    ``last_wait`` the latest ``asyncio.wait`` result, ``dropped`` how many of the run's oldest
    events the store no longer holds (their effect is still folded in).
    """

    index: int
    t: float
    tasks: Mapping[int, TaskSnap] = field(default_factory=lambda: _EMPTY_TASKS)
    primitives: Mapping[str, PrimitiveEvent] = field(default_factory=lambda: _EMPTY_PRIMITIVES)
    last_wait: WaitEvent | None = None
    dropped: int = 0

    def task(self, task_id: int) -> TaskSnap | None:
        return self.tasks.get(task_id)


class MomentFold:
    """Folds events into the state a :class:`Moment` shows. Mutable; :meth:`freeze` copies."""

    __slots__ = ("last_wait", "primitives", "t", "tasks")

    def __init__(self) -> None:
        self.tasks: dict[int, TaskSnap] = {}
        self.primitives: dict[str, PrimitiveEvent] = {}
        self.last_wait: WaitEvent | None = None
        self.t = 0.0

    def copy(self) -> MomentFold:
        twin = MomentFold()
        twin.tasks = dict(self.tasks)
        twin.primitives = dict(self.primitives)
        twin.last_wait = self.last_wait
        twin.t = self.t
        return twin

    def freeze(self, index: int, dropped: int = 0) -> Moment:
        return Moment(
            index,
            self.t,
            MappingProxyType(dict(self.tasks)),
            MappingProxyType(dict(self.primitives)),
            self.last_wait,
            dropped,
        )

    def apply(self, events: Iterable[LabEvent]) -> None:
        tasks = self.tasks
        for event in events:
            self.t = event.t
            if isinstance(event, TaskEvent):
                tasks[event.task_id] = _next_snap(tasks.get(event.task_id), event)
            elif isinstance(event, PrimitiveEvent):
                self.primitives[event.label] = event
            elif isinstance(event, WaitEvent):
                self.last_wait = event
            elif isinstance(event, HandoffEvent) and event.task_id is not None:
                self._apply_handoff(event, event.task_id)

    def _apply_handoff(self, event: HandoffEvent, task_id: int) -> None:
        snap = self.tasks.get(task_id)
        if snap is None:
            return
        if event.kind is HandoffKind.JOB_START:
            self.tasks[task_id] = _with(snap, worker=event.target_thread)
        elif event.kind is HandoffKind.JOB_RETURN:
            self.tasks[task_id] = _with(snap, worker=None)


def _with(snap: TaskSnap, **changes: object) -> TaskSnap:
    values = {name: getattr(snap, name) for name in TaskSnap.__slots__}
    values.update(changes)
    return TaskSnap(**values)


def _next_snap(old: TaskSnap | None, event: TaskEvent) -> TaskSnap:
    """The task after ``event``: the same rules as the live task book (core/task_book.py).

    Built positionally (a replay folds hundreds of thousands of these): the fields in order are
    task_id, name, state, created_t, created_thread, last_thread, changed_t, ended_t, awaiting,
    line, outcome, coro_name, steps, worker, parent_id, awaited_ids.
    """
    if old is None:
        snap = TaskSnap(
            event.task_id, event.label, event.state, event.t, event.thread, event.thread,
            event.t, None, None, None, None, event.coro_name, 0, None, event.parent_id, (),
        )  # fmt: skip
        if event.state is TaskState.PENDING:
            return snap
    else:
        snap = old
    name = event.name if event.name is not None else snap.name
    if snap.state.is_final:  # a final state is final; late events only rename
        return snap if name == snap.name else _with(snap, name=name)
    state = event.state
    if state is TaskState.RUNNING:
        return TaskSnap(
            snap.task_id, name, state, snap.created_t, snap.created_thread, event.thread,
            event.t, snap.ended_t, None, snap.line, snap.outcome, snap.coro_name,
            snap.steps + 1, snap.worker, snap.parent_id, (),
        )  # fmt: skip
    if state is TaskState.SUSPENDED:
        return TaskSnap(
            snap.task_id, name, state, snap.created_t, snap.created_thread, snap.last_thread,
            event.t, snap.ended_t, event.awaiting, event.line, snap.outcome, snap.coro_name,
            snap.steps, snap.worker, snap.parent_id, event.awaited_ids,
        )  # fmt: skip
    if state.is_final:
        return TaskSnap(
            snap.task_id, name, state, snap.created_t, snap.created_thread, snap.last_thread,
            event.t, event.t, None, snap.line, event.outcome, snap.coro_name,
            snap.steps, snap.worker, snap.parent_id, (),
        )  # fmt: skip
    return _with(snap, name=name, state=state, changed_t=event.t)
