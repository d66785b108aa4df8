"""The state of a run at one moment, folded from its events: tasks, sync primitives, the last
``asyncio.wait``. One fold per kind of state; every view at a past moment reads the same one.

The folded records are frozen and the tasks are shared copy-on-write (core/task_fold.py, the
same fold the live task book keeps), so a snapshot costs a list of bucket references and a
:class:`Moment` handed to a view can never change under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from asyncio_lab.core.events import HandoffEvent, LabEvent, PrimitiveEvent, TaskEvent, WaitEvent
from asyncio_lab.core.task_fold import TaskFold, TaskRows, TaskSnap

__all__ = ["Moment", "MomentFold", "TaskRows", "TaskSnap"]


_EMPTY_TASKS = TaskFold().freeze()
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
    tasks: TaskRows = field(default_factory=lambda: _EMPTY_TASKS)
    primitives: Mapping[str, PrimitiveEvent] = field(default_factory=lambda: _EMPTY_PRIMITIVES)
    last_wait: WaitEvent | None = None
    dropped: int = 0

    def task(self, task_id: int) -> TaskSnap | None:
        return self.tasks.get(task_id)


class MomentFold:
    """Folds events into the state a :class:`Moment` shows. Mutable; :meth:`freeze` hands out a
    read-only view that shares the unchanged tasks (see :class:`TaskFold`)."""

    __slots__ = ("last_wait", "primitives", "t", "tasks")

    def __init__(self, tasks: TaskFold | None = None) -> None:
        self.tasks = TaskFold() if tasks is None else tasks
        self.primitives: dict[str, PrimitiveEvent] = {}
        self.last_wait: WaitEvent | None = None
        self.t = 0.0

    def copy(self) -> MomentFold:
        twin = MomentFold(self.tasks.copy())
        twin.primitives = dict(self.primitives)
        twin.last_wait = self.last_wait
        twin.t = self.t
        return twin

    def freeze(self, index: int, dropped: int = 0) -> Moment:
        return Moment(
            index,
            self.t,
            self.tasks.freeze(),
            MappingProxyType(dict(self.primitives)),
            self.last_wait,
            dropped,
        )

    def apply(self, events: Iterable[LabEvent]) -> None:
        tasks = self.tasks
        t = self.t
        for event in events:
            t = event.t
            if type(event) is TaskEvent:
                tasks.apply_task(event)
            elif type(event) is HandoffEvent:
                if event.task_id is not None:
                    tasks.apply_handoff(event)
            elif type(event) is PrimitiveEvent:
                self.primitives[event.label] = event
            elif type(event) is WaitEvent:
                self.last_wait = event
        self.t = t
