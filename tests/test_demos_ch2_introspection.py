"""Seed §2.2.12–2.2.13: introspection and the Task object, asserted through headless runs."""

from __future__ import annotations

import sys

from asyncio_lab.core.events import TaskState
from asyncio_lab.core.runner import run_headless
from tests.demo_helpers import final_states, messages


def test_current_task_all_tasks_and_iscoroutine() -> None:
    run = run_headless("introspection.current-and-all-tasks", {"workers": 2}, speed=20)
    assert run.ok, run.error
    demo_task = "introspection.current-and-all-tasks"
    assert f"current_task() in the demo = {demo_task!r}" in messages(run)
    assert "current_task() in a call_soon callback = None" in messages(run)
    assert "current_task() here is worker-2" in messages(run)
    assert {"worker-1", "worker-2", demo_task} <= set(run.result["while_running"])
    assert demo_task in run.result["afterwards"]
    assert not {"worker-1", "worker-2"} & set(run.result["afterwards"])
    assert run.result["checks"] == {
        "iscoroutine(worker(0))": True,
        "iscoroutine(worker)": False,
        "iscoroutine(a task)": False,
        "inspect.iscoroutinefunction(worker)": True,
    }


def test_task_outcomes() -> None:
    run = run_headless("task.outcomes", {"work": 1.0}, speed=5)
    assert run.ok, run.error
    assert run.result == {
        "ok": {"done": True, "cancelled": False, "result": "value", "exception": "None"},
        "broken": {
            "done": True,
            "cancelled": False,
            "result": "raises ValueError('bad input')",
            "exception": "ValueError('bad input')",
        },
        "stopped": {"done": True, "cancelled": True, "result": "raises CancelledError"},
    }
    cps = run.checkpoints
    assert cps[0] == "result() too early: InvalidStateError"
    assert cps[1] == "callback: stopped finished"  # cancelled half-way, so first
    assert set(cps[2:]) == {"callback: ok finished", "callback: broken finished"}
    states = final_states(run)
    assert states["ok"] is TaskState.DONE
    assert states["broken"] is TaskState.FAILED
    assert states["stopped"] is TaskState.CANCELLED


def test_task_names_and_loop() -> None:
    run = run_headless("task.names-and-loop", {"new_name": "parser"}, speed=20)
    assert run.ok, run.error
    # CPython 3.13.0 names an unnamed task "None" whenever a task factory is installed (the
    # tracker installs one); other versions give the default "Task-<n>".
    first = run.result["first_name"]
    assert first.startswith("Task-") or (sys.version_info[:3] == (3, 13, 0) and first == "None")
    assert run.result["name"] == "parser" and run.result["same_loop"] is True
    assert "inside, current_task() is now called 'parser'" in messages(run)
    assert final_states(run)["parser"] is TaskState.DONE  # the inspector follows the rename
