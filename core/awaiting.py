"""Describe in a few words what a suspended coroutine is waiting for, and which tasks."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from asyncio_lab.core.learner_code import is_learners
from asyncio_lab.core.traced_coro import task_id_of

NO_TASKS: tuple[int, ...] = ()
# Coroutines (by qualname) that wait on a collection of tasks, and the local that holds it.
_WAITS_ON = {
    "_wait": "fs",  # asyncio.wait(fs) awaits _wait(fs, ...)
    "wait_for": "fut",  # before 3.12, wait_for parks on a waiter of its own
    "TaskGroup.__aexit__": "self",
    "TaskGroup._aexit": "self",  # 3.13+
}


def describe_wait(coro: Any, yielded: Any) -> tuple[str | None, int | None, tuple[int, ...]]:
    """Return (what it awaits, the line the learner's code is parked at, the awaited task ids).

    The chain of ``cr_await`` leads from the task's coroutine to the innermost awaitable; its
    last coroutine's name (``sleep``, ``wait``, ``Event.wait`` ...) is what a person expects to
    read. A yielded Task is named by its task name. The tasks it waits for are the tracked
    tasks behind ``await task``, ``gather``, ``wait``, ``wait_for`` and a TaskGroup's exit, as
    ``python -m asyncio pstree`` (3.14) shows them. The line is that of the outermost
    coroutine in the chain that is the learner's (see :mod:`learner_code`): a lab job parked
    in the lab's own files, or asyncio's, has none.
    """
    line = _learners_line(coro)
    if isinstance(yielded, asyncio.Task):
        return f"task {yielded.get_name()}", line, _ids((yielded,))
    innermost = None
    inner_step = None
    step = coro.cr_await
    depth = 0
    while step is not None and depth < 16:
        code = getattr(step, "cr_code", None) or getattr(step, "gi_code", None)
        if code is None:
            break
        innermost = code.co_qualname
        inner_step = step
        step = getattr(step, "cr_await", None) or getattr(step, "gi_yieldfrom", None)
        depth += 1
    awaited = _awaited_tasks(innermost, inner_step, yielded)
    if innermost is not None:
        return f"{innermost}()", line, awaited
    if yielded is None:
        return "the next loop turn", line, awaited
    if isinstance(yielded, asyncio.Future):
        return "a Future", line, awaited
    return type(yielded).__name__, line, awaited


def _awaited_tasks(qualname: str | None, step: Any, yielded: Any) -> tuple[int, ...]:
    children = getattr(yielded, "_children", None)  # gather's _GatheringFuture
    if isinstance(yielded, asyncio.Future) and isinstance(children, list):
        return _ids(children)
    local = _WAITS_ON.get(qualname) if qualname is not None else None
    if local is None:
        return NO_TASKS
    frame = getattr(step, "cr_frame", None)
    if frame is None:
        return NO_TASKS
    value = frame.f_locals.get(local)
    if isinstance(value, asyncio.Future):
        return _ids((value,))
    tasks = getattr(value, "_tasks", value)  # a TaskGroup keeps its live tasks in _tasks
    if isinstance(tasks, set | list | tuple | frozenset):
        return _ids(tasks)
    return NO_TASKS


def _ids(futures: Iterable[Any]) -> tuple[int, ...]:
    found = []
    for future in futures:
        if isinstance(future, asyncio.Task) and not future.done():
            task_id = task_id_of(future)
            if task_id is not None:
                found.append(task_id)
    return tuple(sorted(found))


def _learners_line(coro: Any) -> int | None:
    for _ in range(16):
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None and is_learners(frame.f_code.co_filename):
            return int(frame.f_lineno)
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        if coro is None:
            return None
    return None
