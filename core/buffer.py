"""A thread-safe, append-only event buffer with one reader that drains it in batches."""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Callable
from typing import Any

from asyncio_lab.core.events import LabEvent, TaskEvent, TaskState

# The order of the values in a raw task record (see EventBuffer.record_task). The tracker builds
# such tuples positionally, so they are checked against TaskEvent's fields at import.
TASK_FIELDS = (
    "t",
    "task_id",
    "name",
    "state",
    "thread",
    "awaiting",
    "line",
    "outcome",
    "coro_name",
    "parent_id",
    "awaited_ids",
)
# In a raw record the state is its value ("running"): a tuple of strings and numbers only is one
# the garbage collector stops tracking, which matters when a storm leaves 100,000s of them queued.
_STATE_OF: dict[Any, TaskState] = {s.value: s for s in TaskState} | {s: s for s in TaskState}


class EventBuffer:
    """Writers on any thread call ``append`` (or ``record_task``); one reader calls ``drain``.

    ``collections.deque.append`` and ``popleft`` are atomic in CPython, so no lock is needed and
    a writer on the loop thread never waits for the GUI.

    Task events are the bulk (three or more per task) and building a frozen dataclass costs
    more than a trivial task's whole step, so the tracker records their values as a plain tuple
    in :data:`TASK_FIELDS` order (the state as its value, ``"running"``) and the reader builds
    the :class:`TaskEvent` when it drains,
    off the loop's hot path. What ``drain`` returns is the same either way.
    """

    def __init__(self) -> None:
        self._events: collections.deque[Any] = collections.deque()
        self.append: Callable[[LabEvent], None] = self._events.append
        #: ``record_task((t, task_id, name, state, thread, ...))``: a TaskEvent, built later.
        self.record_task: Callable[[tuple[Any, ...]], None] = self._events.append
        #: ``defer((EventClass, *args))``: ``EventClass(*args)``, built when drained.
        self.defer: Callable[[tuple[Any, ...]], None] = self._events.append

    def drain(self, limit: int | None = None) -> list[LabEvent]:
        """The oldest events waiting (all of them, or at most ``limit``), built and in order."""
        events = self._events
        pop = events.popleft
        make = make_task_event
        drained: list[LabEvent] = []
        add = drained.append
        count = len(events) if limit is None else min(limit, len(events))
        for _ in range(count):
            event = pop()
            if type(event) is tuple:
                first = event[0]
                event = first(*event[1:]) if type(first) is type else make(*event)
            add(event)
        return drained

    def __len__(self) -> int:
        return len(self._events)


def _task_event_maker() -> Callable[..., TaskEvent]:
    """A constructor equivalent to ``TaskEvent(...)`` at half the cost.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; this sets
    the slots directly. The result is an ordinary TaskEvent: same class, fields, equality, hash.
    """
    fields = dataclasses.fields(TaskEvent)
    names = tuple(f.name for f in fields)
    if names[: len(TASK_FIELDS)] != TASK_FIELDS:
        raise RuntimeError(f"TaskEvent's fields changed: {names}; update buffer.TASK_FIELDS")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": TaskEvent, "_states": _STATE_OF}
    params = []
    for f in fields:
        namespace[f"_set_{f.name}"] = getattr(TaskEvent, f.name).__set__
        if f.default_factory is not dataclasses.MISSING:
            raise RuntimeError(f"TaskEvent.{f.name} has a default factory; the maker needs a value")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(
        f"    _set_{n}(event, {'_states[state]' if n == 'state' else n})\n" for n in names
    )
    source = f"def make({', '.join(params)}):\n    event = _new(_cls)\n{body}    return event\n"
    exec(source, namespace)  # noqa: S102 - generated from the dataclass's own field list
    return namespace["make"]  # type: ignore[no-any-return]


make_task_event = _task_event_maker()
