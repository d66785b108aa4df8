"""Seed §2.2.12–2.2.13: introspection and the Task object, asserted from what the programs print."""

from __future__ import annotations

import sys

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskState
from tests.demo_helpers import final_states, printed, printed_by, run_program, stop_half_way


def test_current_task_all_tasks_and_iscoroutine() -> None:
    run = run_program("introspection.current-and-all-tasks", speed=10, workers=2)
    lines = printed(run)
    assert lines[0] == "current_task() in main: main"
    assert "current_task() in a call_soon callback: None" in lines
    assert "all_tasks() while the workers sleep: ['main', 'worker-1', 'worker-2']" in lines
    assert "all_tasks() once they are done: ['main']" in lines
    assert lines[-4:] == [
        "iscoroutine(worker(0)): True",
        "iscoroutine(worker): False",
        "iscoroutine(a task): False",
        "inspect.iscoroutinefunction(worker): True",
    ]
    # what each line says about the running task, the tracker saw too
    seen = printed_by(run)
    for line, task, _ in seen:
        if line.startswith("current_task() in a worker: "):
            assert line.endswith(str(task))
    callback = next(task for line, task, _ in seen if "call_soon callback" in line)
    assert callback is None
    workers = sorted(line.rsplit(" ", 1)[1] for line, _, _ in seen if "in a worker" in line)
    assert workers == ["worker-1", "worker-2"]


def test_task_outcomes() -> None:
    run = run_program("task.outcomes", speed=5, work=1.0)
    lines = printed(run)
    assert lines[0] == "result() too early: InvalidStateError"
    assert lines[1] == "callback: stopped finished"  # cancelled half-way, so first
    assert set(lines[2:4]) == {"callback: ok finished", "callback: broken finished"}
    assert lines[4:] == [
        "ok: done()=True cancelled()=False",
        "  result() returns 'value'",
        "  exception() returns None",
        "broken: done()=True cancelled()=False",
        "  result() raises ValueError('bad input')",
        "  exception() returns ValueError('bad input')",
        "stopped: done()=True cancelled()=True",
        "  result() raises CancelledError",
    ]
    states = final_states(run)
    assert states["ok"] is TaskState.DONE
    assert states["broken"] is TaskState.FAILED
    assert states["stopped"] is TaskState.CANCELLED


def test_task_names_and_loop() -> None:
    run = run_program("task.names-and-loop", speed=10, new_name="parser")
    lines = printed(run)
    # the lab's task factory must not show 3.13.0's "None" for an unnamed task
    assert lines[:4] == [
        "an unnamed task is called Task-<n>: True",
        "get_name() after set_name: parser",
        "task.get_loop() is asyncio.get_running_loop(): True",
        "inside, current_task() is now called 'parser'",
    ]
    assert final_states(run)["parser"] is TaskState.DONE  # the task table follows the rename
    if sys.version_info >= (3, 12):
        assert lines[4:] == [
            "quick_job's body runs",  # inside the Task constructor, before the next line
            "right after asyncio.Task(..., eager_start=True), done(): True",
        ]
    else:
        assert lines[4:] == ["asyncio.Task(..., eager_start=True) needs Python 3.12 or newer"]


LESSONS = [
    "introspection.current-and-all-tasks",
    "task.outcomes",
    "task.names-and-loop",
]


@pytest.mark.parametrize("demo_id", LESSONS)
def test_stopped_half_way_leaves_nothing_that_fails_later(demo_id: str) -> None:
    if catalogue.get(demo_id).unavailable_reason is not None:
        pytest.skip(catalogue.get(demo_id).unavailable_reason)
    was_running, errors = stop_half_way(demo_id, 0.3, speed=1)
    assert was_running and errors == []
