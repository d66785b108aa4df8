"""§2.1–§2.2.2: coroutines, awaitables, creating and cancelling tasks, as plain programs."""

from __future__ import annotations

import pytest

from asyncio_lab.core.events import TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless
from tests.demo_helpers import final_states, printed, printed_by, run_program


def seconds(run: DemoRun, prefix: str) -> float:
    """The duration a line like "as two tasks: 1.0 s" reports."""
    line = next(m for m in printed(run) if m.startswith(prefix))
    return float(line.removeprefix(prefix).split()[0])


# §2.1 ------------------------------------------------------------------------------------------
def test_sequential_takes_the_sum_tasks_take_the_longest() -> None:
    run = run_program("coroutines.sequential-vs-tasks", speed=10, first=1.0, second=2.0)
    sequential = seconds(run, "one after the other:")
    concurrent = seconds(run, "as two tasks:")
    assert sequential >= 2.9  # a sleep never ends early: at least 1 + 2
    assert concurrent >= 1.9  # at least the longer job
    assert concurrent / sequential < 0.85  # ≈ 2/3, with room for a noisy machine
    states = final_states(run)
    assert states["job-A"] is TaskState.DONE and states["job-B"] is TaskState.DONE


def test_sequential_jobs_do_not_overlap_but_tasks_do() -> None:
    run = run_program("coroutines.sequential-vs-tasks", speed=20)
    said = printed(run)
    split = said.index("-- as two tasks --")
    seq_part, tasks_part = said[:split], said[split:]
    # one after the other: A ends before B starts
    assert seq_part.index("A ends after 0.5 s") < seq_part.index("B starts")
    # as tasks: both start before either ends
    assert tasks_part.index("B starts") < tasks_part.index("A ends after 0.5 s")
    # the jobs print from their tasks only in the second half
    by_task = {task for line, task, _ in printed_by(run) if line == "B starts"}
    assert "job-B" in by_task


def test_taskgroup_takes_the_longest_and_results_are_ready_after_the_block() -> None:
    run = run_program("coroutines.taskgroup", speed=10)
    said = printed(run)
    assert said == [
        "entering the block",
        "both tasks started; is hello done yet? False",
        "hello (after 1 s)",
        "world (after 2 s)",
        said[4],
        "results: hello world",
    ]
    took = seconds(run, "block left after")
    assert took >= 1.9  # the longer job
    assert took / 3.0 < 0.9  # well short of the sum
    states = final_states(run)
    assert states["say-hello"] is TaskState.DONE and states["say-world"] is TaskState.DONE


# §2.2.1 ----------------------------------------------------------------------------------------
def test_calling_builds_an_object_awaiting_runs_it_once() -> None:
    run = run_program("awaitables.calling-vs-awaiting", speed=20)
    assert printed(run) == [
        "is nested a coroutine function? True",
        "nested() gave a coroutine",  # made, and the body has not run yet
        "  the body of nested() runs",
        "await gave 42",
        "awaiting it again -> RuntimeError: cannot reuse already awaited coroutine",
        "  the body of nested() runs",
        "await task gave 42",
    ]
    assert final_states(run)["nested-task"] is TaskState.DONE


def test_never_awaited_warning_is_caught_and_shown_not_leaked() -> None:
    # filterwarnings=error: a RuntimeWarning escaping the program would fail this test
    run = run_program("awaitables.never-awaited")
    assert printed(run) == [
        "emails sent: 0",
        "warnings: 1",
        "  RuntimeWarning: coroutine 'send_email' was never awaited",
    ]


def test_awaiting_the_coroutine_sends_and_does_not_warn() -> None:
    run = run_program("awaitables.never-awaited", speed=20, fix_it=True)
    assert printed(run) == ["  email sent to ada@example.com", "emails sent: 1", "warnings: 0"]


def test_future_set_by_another_task() -> None:
    run = run_program("awaitables.future", speed=20)
    assert printed(run) == [
        "fut.done() before: False",
        "fut.result() too early -> InvalidStateError: Result is not set.",
        "producer fills the future",
        "done-callback runs",
        "the awaiter wakes with: the answer",
        "fut.done() after: True",
    ]
    assert final_states(run)["producer"] is TaskState.DONE
    # the producer's line comes from its task, the wake-up from main's
    who = {line: task for line, task, _ in printed_by(run)}
    assert who["producer fills the future"] == "producer"
    assert who["the awaiter wakes with: the answer"] != "producer"


def test_future_with_an_exception_raises_in_the_awaiter() -> None:
    run = run_program("awaitables.future", speed=20, outcome="exception")
    said = printed(run)
    assert "the awaiter gets the exception: LookupError nothing found" in said
    assert said.index("done-callback runs") < said.index(
        "the awaiter gets the exception: LookupError nothing found"
    )
    assert not any(m.startswith("the awaiter wakes") for m in said)


# §2.2.2 ----------------------------------------------------------------------------------------
def test_create_task_does_not_wait_and_the_task_knows_its_name() -> None:
    run = run_program("tasks.create-task", speed=20)
    assert printed(run) == [
        "caller continues; task.get_name() = 'report-builder'",
        "task.done() right after create_task: False",
        "task starts; current_task().get_name() = 'report-builder'",
        "task finishes",
        "await task gave 'report ready'",
    ]
    # the task's events carry its name, and it ran on the loop's thread, as main did
    named = [e for e in run.events if isinstance(e, TaskEvent) and e.name == "report-builder"]
    assert named[-1].state is TaskState.DONE
    assert {thread for _, _, thread in printed_by(run)} == {"MainThread"}
    assert {task for line, task, _ in printed_by(run) if line.startswith("task ")} == {
        "report-builder"
    }


def test_unnamed_task_gets_a_made_up_name() -> None:
    run = run_program("tasks.create-task", speed=20, name="(none)", work=0)
    first = printed(run)[0]
    assert first.startswith("caller continues; task.get_name() = 'Task-")


def test_task_run_in_a_copied_context_sees_the_value() -> None:
    run = run_program("tasks.context", speed=20, request_id=777)
    assert printed(run) == [
        "with context=copied: request_id = 777",
        "default context: request_id = (unset)",
        "the caller afterwards: request_id = (unset)",
        "the copied context now holds: changed inside the task",
    ]
    states = final_states(run)
    assert states["with-context"] is TaskState.DONE
    assert states["default-context"] is TaskState.DONE


def test_cancel_reaches_the_task_and_its_awaiter() -> None:
    run = run_program("tasks.cancel", speed=20)
    assert printed(run) == [
        "task starts",
        "task.cancel() returned True",
        "task sees CancelledError",
        "task cleans up",
        "the awaiter sees CancelledError too",
        "task.cancelled(): True",
    ]
    assert final_states(run)["long-job"] is TaskState.CANCELLED


def test_swallowing_cancellation_hides_it_from_the_awaiter() -> None:
    run = run_program("tasks.cancel", speed=20, swallow=True)
    said = printed(run)
    assert "the awaiter got a result: pretended to finish" in said
    assert "the awaiter sees CancelledError too" not in said
    assert "task.cancelled(): False" in said
    assert final_states(run)["long-job"] is TaskState.DONE


def test_cancel_after_the_task_finished_does_nothing() -> None:
    run = run_program("tasks.cancel", speed=20, work=0.5, cancel_after=2.0)
    assert printed(run) == [
        "task starts",
        "task cleans up",
        "task finishes",
        "task.cancel() returned False",
        "the awaiter got a result: finished",
        "task.cancelled(): False",
    ]


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
