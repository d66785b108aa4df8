"""A lesson's program cancelled at any of its first loop turns closes what it opened, as plain
Python runs it: the lessons teach clean-up, so their own must hold when Stop (or Ctrl+C) lands
while they are still connecting. Found by the monkey: streams.reading, stopped inside its first
``open_connection``, left the other end of its socketpair to the garbage collector."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import warnings

import pytest

from asyncio_lab.core import catalogue
from tests.test_demo_resources import needs_proc, socket_inodes

SOCKET_LESSONS = ["streams.reading", "streams.backpressure", "streams.socketpair"]
TURNS = 12


def _main_of(demo_id: str):  # type: ignore[no-untyped-def]
    demo = next(d for d in catalogue.all_demos() if d.id == demo_id)
    namespace: dict[str, object] = {"__name__": "lesson"}
    exec(compile(demo.program().text, demo.program_filename, "exec"), namespace)
    return namespace["main"]


async def _cancelled_after(main, turns: int) -> None:  # type: ignore[no-untyped-def]
    task = asyncio.create_task(main())
    for _ in range(turns):
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.01)  # closing transports finish on the next turns


@needs_proc
@pytest.mark.parametrize("demo_id", SOCKET_LESSONS)
def test_cancelled_while_connecting_leaves_no_socket(demo_id: str) -> None:
    main = _main_of(demo_id)
    for turns in range(TURNS):
        before = socket_inodes()
        with warnings.catch_warnings(record=True) as heard:
            warnings.simplefilter("always")
            asyncio.run(_cancelled_after(main, turns))
            gc.collect()
        left = socket_inodes() - before
        unclosed = [str(w.message) for w in heard if issubclass(w.category, ResourceWarning)]
        assert not left and not unclosed, f"cancelled after {turns} turn(s): {unclosed or left}"
