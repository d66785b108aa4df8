"""Describe in a few words what a suspended coroutine is waiting for."""

from __future__ import annotations

import asyncio
from typing import Any

from asyncio_lab.core.learner_code import is_learners


def describe_wait(coro: Any, yielded: Any) -> tuple[str | None, int | None]:
    """Return (what it awaits, the line the learner's code is parked at).

    The chain of ``cr_await`` leads from the task's coroutine to the innermost awaitable; its
    last coroutine's name (``sleep``, ``wait``, ``Event.wait`` ...) is what a person expects to
    read. A yielded Task is named by its task name. The line is that of the outermost
    coroutine in the chain that is the learner's (see :mod:`learner_code`): a lab job parked
    in the lab's own files, or asyncio's, has none.
    """
    line = _learners_line(coro)
    if isinstance(yielded, asyncio.Task):
        return f"task {yielded.get_name()}", line
    innermost = None
    step = coro.cr_await
    depth = 0
    while step is not None and depth < 16:
        code = getattr(step, "cr_code", None) or getattr(step, "gi_code", None)
        if code is None:
            break
        innermost = code.co_qualname
        step = getattr(step, "cr_await", None) or getattr(step, "gi_yieldfrom", None)
        depth += 1
    if innermost is not None:
        return f"{innermost}()", line
    if yielded is None:
        return "the next loop turn", line
    if isinstance(yielded, asyncio.Future):
        return "a Future", line
    return type(yielded).__name__, line


def _learners_line(coro: Any) -> int | None:
    for _ in range(16):
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None and is_learners(frame.f_code.co_filename):
            return int(frame.f_lineno)
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        if coro is None:
            return None
    return None
