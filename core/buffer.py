"""A thread-safe, append-only event buffer with one reader that drains it in batches."""

from __future__ import annotations

import collections
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
        new, task_event, states, tail = _new_event, TaskEvent, _STATE_OF, _TAIL
        drained: list[LabEvent] = []
        add = drained.append
        count = len(events) if limit is None else min(limit, len(events))
        for _ in range(count):
            event = pop()
            if type(event) is tuple:
                first = event[0]
                if type(first) is type:
                    event = first(*event[1:])
                else:  # a raw task record: make_task_event, inlined (the storm's hot path)
                    event = new(
                        task_event,
                        (first, event[1], event[2], states[event[3]], event[4])
                        + event[5:]
                        + tail[len(event) - 5 :],
                    )
            add(event)
        return drained

    def __len__(self) -> int:
        return len(self._events)


_TAIL = tuple(TaskEvent._field_defaults[name] for name in TASK_FIELDS[5:])  # awaiting …
_new_event: Callable[[type[TaskEvent], tuple[Any, ...]], TaskEvent] = tuple.__new__


def make_task_event(*record: Any) -> TaskEvent:
    """``TaskEvent(*record)`` from a raw record (the state as its value, trailing defaults left
    out), built as the tuple it is, without a Python-level ``__new__`` (a third of the cost)."""
    return _new_event(
        TaskEvent,
        (record[0], record[1], record[2], _STATE_OF[record[3]], record[4])
        + record[5:]
        + _TAIL[len(record) - 5 :],
    )


if TaskEvent._fields != TASK_FIELDS:
    raise RuntimeError(f"TaskEvent's fields changed: {TaskEvent._fields}; update TASK_FIELDS")
