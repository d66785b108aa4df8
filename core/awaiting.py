"""Describe in a few words what a suspended coroutine is waiting for."""

from __future__ import annotations

import asyncio
from typing import Any


def describe_wait(coro: Any, yielded: Any) -> tuple[str | None, int | None]:
    """Return (what it awaits, the line its own coroutine is parked at).

    The chain of ``cr_await`` leads from the task's coroutine to the innermost awaitable; its
    last coroutine's name (``sleep``, ``wait``, ``Event.wait`` ...) is what a person expects to
    read. A yielded Task is named by its task name.
    """
    frame = coro.cr_frame
    line = frame.f_lineno if frame is not None else None
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
