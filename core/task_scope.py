"""Which tasks the tracker shows, and the names they will get.

The lab's own work on a loop (a host's shutdown) and asyncio.run's clean-up are not the
learner's tasks; and before Python 3.13 asyncio names a task only after the task factory has
run, so the name it was asked for is read from the caller's frame.
"""

from __future__ import annotations

import asyncio
import contextvars
import types
from typing import Any

# asyncio.run's own clean-up coroutines: not the program's tasks, so not shown as such
HOUSEKEEPING = frozenset(
    getattr(asyncio.BaseEventLoop, name).__code__
    for name in ("shutdown_asyncgens", "shutdown_default_executor")
)
_LAB_INTERNAL = contextvars.ContextVar("asyncio_lab_internal", default=False)
# Before Python 3.13 these call loop.create_task(coro) and name the task once it returns.
_NAMING_LATER = frozenset(
    {asyncio.tasks.create_task.__code__, asyncio.TaskGroup.create_task.__code__}
)


def lab_internal_context() -> contextvars.Context:
    """A context for the lab's own work on a loop (a host's shutdown): a task run in it, and
    the tasks it makes, are left out of the events, so no view shows a row the learner never
    made."""
    context = contextvars.copy_context()
    context.run(_LAB_INTERNAL.set, True)
    return context


def is_lab_internal(kwargs: dict[str, Any]) -> bool:
    context = kwargs.get("context")
    return _LAB_INTERNAL.get() or (context is not None and context.get(_LAB_INTERNAL, False))


def name_asked_by(frame: types.FrameType | None) -> str | None:
    """The ``name=`` that asyncio.create_task or TaskGroup.create_task (the caller of
    loop.create_task, ``frame``) was given and will set only after the factory returns."""
    if frame is None or frame.f_code not in _NAMING_LATER:
        return None
    name = frame.f_locals.get("name")
    return name if isinstance(name, str) else None
