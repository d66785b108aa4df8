"""Intro–§2.2.5 demos stopped half-way: cancelled cleanly, nothing left that fails later.

The Stop button cancels the demo's task and then every task left over. A demo passes when its
task ends cancelled (or had already finished), no task or timer it left behind raises into the
loop's exception handler afterwards, and no warning escapes (filterwarnings=error).
"""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.host import cancel_everything
from asyncio_lab.core.runner import run_demo
from asyncio_lab.core.tracker import Tracker
from tests.demo_helpers import stop_half_way as stop_program_half_way

OURS = [
    "intro.hello-world",
    "intro.building-blocks",
    "intro.asyncio-repl",
    "running.asyncio-run",
    "running.runner",
    "running.loop-factory",
    "running.debug-mode",
    "coroutines.sequential-vs-tasks",
    "coroutines.taskgroup",
    "awaitables.calling-vs-awaiting",
    "awaitables.never-awaited",
    "awaitables.future",
    "tasks.create-task",
    "tasks.context",
    "tasks.cancel",
    "taskgroup.all-succeed",
    "taskgroup.one-fails",
    "taskgroup.except-star",
    "taskgroup.terminate",
    "taskgroup.swallowed-cancel",
    "sleep.result",
    "sleep.clock",
    "gather.order",
    "gather.errors",
    "gather.downloads",
]


def test_the_list_covers_every_demo_of_these_chapters() -> None:
    prefixes = {i.split(".")[0] for i in OURS}
    mine = {d.id for d in catalogue.all_demos() if d.id.split(".")[0] in prefixes}
    assert mine == set(OURS)


@pytest.mark.parametrize("demo_id", OURS)
def test_stopped_half_way_leaves_nothing_that_fails_later(demo_id: str) -> None:
    demo = catalogue.get(demo_id)
    if demo.is_program:
        _, errors = stop_program_half_way(demo_id, 0.1, speed=2)
        assert errors == []
        return
    tracker = Tracker()
    ctx = DemoContext(tracker, speed=2)

    async def stop_half_way() -> asyncio.Task:
        tracker.install(asyncio.get_running_loop())
        task = asyncio.create_task(run_demo(demo, demo.resolve({}), ctx), name=demo_id)
        await asyncio.sleep(0.1)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await cancel_everything(exclude=asyncio.current_task())
        await asyncio.sleep(0.4)  # let any stray timer or callback go off
        tracker.uninstall()
        return task

    task = asyncio.run(stop_half_way())
    assert task.cancelled() or task.exception() is None
    assert tracker.loop_errors == []
