"""§2.1–§2.2.2: coroutines, awaitables, creating and cancelling tasks, via headless runs."""

from __future__ import annotations

import pytest

from asyncio_lab.core.events import LogLevel, TaskEvent, TaskState
from asyncio_lab.core.runner import run_headless
from tests.demo_helpers import final_states, messages


# §2.1 ------------------------------------------------------------------------------------------
def test_sequential_takes_the_sum_tasks_take_the_longest() -> None:
    run = run_headless("coroutines.sequential-vs-tasks", speed=10)  # 1 s and 2 s
    assert run.ok, run.error
    assert run.checkpoints == ["sequential", "tasks"]
    sequential, concurrent = run.result["sequential"], run.result["tasks"]
    assert sequential >= 2.9  # never less than 1 + 2
    assert concurrent >= 1.9  # never less than the longer job
    assert concurrent / sequential < 0.85  # ≈ 2/3, with room for a noisy machine
    states = final_states(run)
    assert states["job-A"] is TaskState.DONE and states["job-B"] is TaskState.DONE


def test_sequential_jobs_do_not_overlap_but_tasks_do() -> None:
    run = run_headless("coroutines.sequential-vs-tasks", speed=20)
    said = messages(run)
    tasks_part = said[said.index("● tasks") :]
    seq_part = said[: said.index("● tasks")]
    # one after the other: A ends before B starts
    assert seq_part.index("A ends after 1 s") < seq_part.index("B starts")
    # as tasks: both start before either ends
    assert tasks_part.index("B starts") < tasks_part.index("A ends after 1 s")


def test_taskgroup_takes_the_longest_and_results_are_ready_after_the_block() -> None:
    run = run_headless("coroutines.taskgroup", speed=10)
    assert run.ok, run.error
    assert run.result["words"] == ["hello", "world"]
    assert run.result["took"] >= 1.9  # never less than the longer job
    # ≈ max(1, 2), not the sum 3: the jobs overlap, both started before the first one ended
    order = [(e.name, e.state) for e in run.events if isinstance(e, TaskEvent)]
    first_ended = order.index(("say-hello", TaskState.DONE))
    assert order.index(("say-world", TaskState.RUNNING)) < first_ended
    said = messages(run)
    assert said.index("● block entered") < said.index("hello (after 1 s)")
    assert said.index("world (after 2 s)") < said.index("● block left")
    states = final_states(run)
    assert states["say-hello"] is TaskState.DONE and states["say-world"] is TaskState.DONE


# §2.2.1 ----------------------------------------------------------------------------------------
def test_calling_builds_an_object_awaiting_runs_it_once() -> None:
    run = run_headless("awaitables.calling-vs-awaiting", speed=20)
    assert run.ok, run.error
    assert run.result == {"await": 42, "task": 42}
    assert run.checkpoints == [
        "object made",
        "body runs",
        "awaited",
        "second await refused",
        "body runs",
    ]
    assert "type(nested()) = 'coroutine'" in messages(run, LogLevel.RESULT)
    assert any("cannot reuse already awaited coroutine" in w for w in messages(run))
    assert final_states(run)["nested-task"] is TaskState.DONE


def test_never_awaited_warning_is_caught_and_shown_not_leaked() -> None:
    # filterwarnings=error: a leaked RuntimeWarning would fail this test
    run = run_headless("awaitables.never-awaited")
    assert run.ok, run.error
    assert run.result["sent"] is False
    (warning,) = run.result["warnings"]
    assert warning.startswith("RuntimeWarning: coroutine")
    assert "send_email' was never awaited" in warning
    assert "email sent" not in run.checkpoints
    assert any("was never awaited" in w for w in messages(run, LogLevel.WARNING))


def test_awaiting_the_coroutine_sends_and_does_not_warn() -> None:
    run = run_headless("awaitables.never-awaited", {"fix_it": True}, speed=20)
    assert run.ok, run.error
    assert run.result == {"warnings": [], "sent": True}


def test_future_set_by_another_task() -> None:
    run = run_headless("awaitables.future", speed=20)
    assert run.ok, run.error
    assert run.result == "the answer"
    assert run.checkpoints == [
        "producer fills the future",
        "done-callback runs",
        "awaiter wakes",
    ]
    said = messages(run)
    assert "fut.done() before = False" in said and "fut.done() after = True" in said
    assert any("InvalidStateError" in m for m in said)
    assert final_states(run)["producer"] is TaskState.DONE


def test_future_with_an_exception_raises_in_the_awaiter() -> None:
    run = run_headless("awaitables.future", {"outcome": "exception"}, speed=20)
    assert run.ok, run.error
    assert run.result == "LookupError: nothing found"
    assert run.checkpoints[-1] == "awaiter sees the exception"


# §2.2.2 ----------------------------------------------------------------------------------------
def test_create_task_does_not_wait_and_the_task_knows_its_name() -> None:
    run = run_headless("tasks.create-task", speed=20)
    assert run.ok, run.error
    assert run.result == {"name": "report-builder", "result": "report ready"}
    assert run.checkpoints == ["caller continues", "task starts", "task finishes"]
    assert "inside, current_task().get_name() = 'report-builder'" in messages(run)
    assert "task.done() right after create_task = False" in messages(run)
    # the task's events carry its name, and it ran on the demo's thread
    named = [e for e in run.events if isinstance(e, TaskEvent) and e.name == "report-builder"]
    assert named[-1].state is TaskState.DONE
    demo_threads = {e.thread for e in run.events if isinstance(e, TaskEvent)}
    assert len(demo_threads) == 1


def test_unnamed_task_gets_a_made_up_name() -> None:
    run = run_headless("tasks.create-task", {"name": "(none)", "work": 0}, speed=20)
    assert run.ok, run.error
    assert run.result["name"].startswith("Task-")


def test_task_run_in_a_copied_context_sees_the_value() -> None:
    run = run_headless("tasks.context", {"request_id": 777}, speed=20)
    assert run.ok, run.error
    assert run.result == {
        "with context=": 777,
        "default": "(unset)",
        "caller afterwards": "(unset)",
        "the copied context now holds": "changed inside the task",
    }
    states = final_states(run)
    assert states["with-context"] is TaskState.DONE
    assert states["default-context"] is TaskState.DONE


def test_cancel_reaches_the_task_and_its_awaiter() -> None:
    run = run_headless("tasks.cancel", speed=20)
    assert run.ok, run.error
    assert run.result == "cancelled"
    assert run.checkpoints == [
        "task starts",
        "task sees CancelledError",
        "task cleans up",
        "awaiter sees CancelledError",
    ]
    assert final_states(run)["long-job"] is TaskState.CANCELLED
    assert "task.cancelled() = True" in messages(run)


def test_swallowing_cancellation_hides_it_from_the_awaiter() -> None:
    run = run_headless("tasks.cancel", {"swallow": True}, speed=20)
    assert run.ok, run.error
    assert run.result == "pretended to finish"
    assert "awaiter sees CancelledError" not in run.checkpoints
    assert final_states(run)["long-job"] is TaskState.DONE
    assert "task.cancelled() = False" in messages(run)


def test_cancel_after_the_task_finished_does_nothing() -> None:
    run = run_headless("tasks.cancel", {"work": 0.5, "cancel_after": 2.0}, speed=20)
    assert run.ok, run.error
    assert run.result == "finished"
    assert "task.cancel() = False" in messages(run)
    assert run.checkpoints == ["task starts", "task cleans up", "task finishes"]


@pytest.mark.parametrize(
    ("demo_id", "params", "bounds"),
    [
        ("coroutines.taskgroup", {"second": 11}, "0 to 10 s"),
        ("awaitables.calling-vs-awaiting", {"delay": -1}, "0 to 5 s"),
        ("awaitables.never-awaited", {"fix_it": "maybe"}, "true or false"),
        ("awaitables.future", {"outcome": "timeout"}, "result, exception"),
        ("tasks.create-task", {"name": "other"}, "report-builder, mailer"),
        ("tasks.context", {"request_id": 0}, "1 to 99999"),
        ("tasks.cancel", {"cancel_after": 0}, "0.1 to 10 s"),
    ],
)
def test_bad_parameter_names_the_bounds(demo_id: str, params: dict, bounds: str) -> None:
    with pytest.raises(ValueError, match=bounds):
        run_headless(demo_id, params)
