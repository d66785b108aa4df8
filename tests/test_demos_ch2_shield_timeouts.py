"""Seed §2.2.7–2.2.8: shield and timeouts, asserted from what the programs print.

Speeds: where a timeout races a job, or a cancel races a finish, the gap between them is at
least 0.5 s of lesson time; at speed 5 that is >= 100 ms of real time, which a busy machine
cannot flip.
"""

from __future__ import annotations

import sys

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskState
from tests.demo_helpers import final_states, printed, printed_by, run_program, stop_half_way


def test_shield_cancels_the_caller_but_not_the_inner_task() -> None:
    run = run_program("shield.outer-cancelled", speed=5)
    lines = printed(run)
    assert "inner: cancelled" not in lines
    assert (
        lines.index("main: cancelling caller")
        < lines.index("caller: sees CancelledError")
        < lines.index("inner: finishes")
    )
    assert lines[-2:] == ["caller: cancelled", "inner: done with 'the result'"]
    who = {line: task for line, task, _ in printed_by(run)}
    assert who["caller: sees CancelledError"] == "caller"
    assert who["inner: finishes"] == "inner"
    states = final_states(run)
    assert states["caller"] is TaskState.CANCELLED
    assert states["inner"] is TaskState.DONE


def test_without_shield_the_cancel_reaches_the_inner_task() -> None:
    run = run_program("shield.outer-cancelled", speed=5, use_shield=False)
    lines = printed(run)
    assert "inner: cancelled" in lines and "inner: finishes" not in lines
    assert lines[-2:] == ["caller: cancelled", "inner: cancelled"]
    assert final_states(run)["inner"] is TaskState.CANCELLED


def test_shield_does_not_help_when_the_inner_task_itself_is_cancelled() -> None:
    run = run_program("shield.outer-cancelled", speed=5, cancel="inner")
    lines = printed(run)
    assert lines.index("inner: cancelled") < lines.index("caller: sees CancelledError")
    assert lines[-2:] == ["caller: cancelled", "inner: cancelled"]
    states = final_states(run)
    assert states["caller"] is TaskState.CANCELLED and states["inner"] is TaskState.CANCELLED


def test_a_cancel_after_the_work_is_done_changes_nothing() -> None:
    run = run_program("shield.outer-cancelled", speed=5, work=0.5, cancel_after=1.5)
    lines = printed(run)
    assert "caller: got 'the result'" in lines
    assert lines[-2:] == ["caller: done with 'the result'", "inner: done with 'the result'"]


def test_asyncio_run_cancels_what_main_left_behind_shielded_or_not() -> None:
    run = run_program("shield.lost-at-shutdown", speed=5)
    lines = printed(run)
    assert "main: stopped waiting for the save; shielded, it is still running: True" in lines
    assert "main: still pending after wait(): ['download']" in lines
    shutdown = lines[lines.index("main: returns") + 1 : -1]
    assert sorted(shutdown) == [
        "download: cancelled by asyncio.run's shutdown",
        "save: cancelled by asyncio.run's shutdown",
    ]
    assert lines[-1] == "asyncio.run has returned"
    assert "save: finished" not in lines and "download: finished" not in lines
    states = final_states(run)
    assert states["save"] is TaskState.CANCELLED and states["download"] is TaskState.CANCELLED


def test_awaiting_the_leftovers_before_main_returns_lets_them_finish() -> None:
    run = run_program("shield.lost-at-shutdown", speed=5, await_before_return=True)
    lines = printed(run)
    assert lines.index("save: finished") < lines.index("main: returns")
    assert lines.index("download: finished") < lines.index("main: returns")
    assert not [line for line in lines if "shutdown" in line]
    states = final_states(run)
    assert states["save"] is TaskState.DONE and states["download"] is TaskState.DONE


def test_timeout_cancels_the_job_and_raises_timeout_error_outside() -> None:
    run = run_program("timeouts.timeout", speed=5)  # 3 s of work under a 2 s limit
    assert printed(run) == [
        "job: starts",
        "job: cancelled",
        "TimeoutError caught outside the block",
        "cm.expired(): True",
        "asyncio.TimeoutError is TimeoutError: True",
    ]
    assert final_states(run)["slow-job"] is TaskState.CANCELLED


def test_timeout_lets_a_quick_job_finish() -> None:
    run = run_program("timeouts.timeout", speed=5, work=0.5, limit=3.0)
    assert printed(run) == [
        "job: starts",
        "job: finishes",
        "finished in time with 'job result'",
        "cm.expired(): False",
        "asyncio.TimeoutError is TimeoutError: True",
    ]
    assert final_states(run)["slow-job"] is TaskState.DONE


def test_reschedule_sets_a_deadline_after_the_block_started() -> None:
    late = printed(run_program("timeouts.reschedule", speed=5))
    assert late[0] == "cm.when() at first: None"
    assert late[1].startswith("deadline set: 2.0 s")  # counted from the reschedule
    assert late[2:] == ["TimeoutError", "cm.expired() is True: we did not finish on time"]
    in_time = printed(run_program("timeouts.reschedule", speed=5, work=0.5, limit=3.0))
    assert in_time[2:] == [
        "work finished in time",
        "cm.expired() is False: the work beat the deadline",
    ]


def test_timeout_at_is_one_budget_for_all_steps() -> None:
    run = run_program("timeouts.timeout-at", speed=5)  # 4 steps of 1 s, 2.5 s budget
    assert printed(run) == [
        "step 1 done",
        "step 2 done",
        "deadline reached",
        "2 of 4 steps finished within 2.5 s",
    ]


def test_wait_for_cancels_the_job_and_says_where_it_ran() -> None:
    run = run_program("timeouts.wait-for", speed=5)
    lines = printed(run)
    extra = sys.version_info < (3, 12)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert lines == [
        f"job: starts (in a task of its own on Python {version}: {extra})",
        "job: cancelled",
        "TimeoutError",
    ]
    # the tracker agrees: the job printed from main's task only from 3.12 on
    who = {line: task for line, task, _ in printed_by(run)}
    assert (who[lines[0]] != who["TimeoutError"]) is extra


def test_wait_for_returns_the_result_in_time() -> None:
    run = run_program("timeouts.wait-for", speed=5, work=0.5, limit=2.0)
    assert printed(run)[-2:] == ["job: finishes", "finished in time with 'job result'"]


LESSONS = [
    "shield.outer-cancelled",
    "shield.lost-at-shutdown",
    "timeouts.timeout",
    "timeouts.reschedule",
    "timeouts.timeout-at",
    "timeouts.wait-for",
]


@pytest.mark.parametrize("demo_id", LESSONS)
def test_stopped_half_way_leaves_nothing_that_fails_later(demo_id: str) -> None:
    if catalogue.get(demo_id).unavailable_reason is not None:
        pytest.skip(catalogue.get(demo_id).unavailable_reason)
    was_running, errors = stop_half_way(demo_id, 0.3, speed=1)
    assert was_running and errors == []
