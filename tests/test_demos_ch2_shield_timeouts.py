"""Seed §2.2.7–2.2.8: shield and timeouts, asserted through headless runs."""

from __future__ import annotations

import sys

import pytest

from asyncio_lab.core.events import TaskState
from asyncio_lab.core.runner import run_headless
from tests.demo_helpers import final_states


def test_shield_cancels_the_caller_but_not_the_inner_task() -> None:
    run = run_headless("shield.outer-cancelled", speed=20)
    assert run.ok, run.error
    assert run.result == {"caller": "cancelled", "inner": "done: 'the result'"}
    cps = run.checkpoints
    assert "inner cancelled" not in cps
    assert cps.index("caller sees CancelledError") < cps.index("inner finishes")
    states = final_states(run)
    assert states["caller"] is TaskState.CANCELLED
    assert states["inner"] is TaskState.DONE


def test_without_shield_the_cancel_reaches_the_inner_task() -> None:
    run = run_headless("shield.outer-cancelled", {"use_shield": False}, speed=20)
    assert run.ok, run.error
    assert run.result == {"caller": "cancelled", "inner": "cancelled"}
    assert final_states(run)["inner"] is TaskState.CANCELLED


def test_shield_does_not_help_when_the_inner_task_itself_is_cancelled() -> None:
    run = run_headless("shield.outer-cancelled", {"cancel": "inner"}, speed=20)
    assert run.ok, run.error
    assert run.result == {"caller": "cancelled", "inner": "cancelled"}
    assert run.checkpoints.index("inner cancelled") < run.checkpoints.index(
        "caller sees CancelledError"
    )


def test_timeout_cancels_the_job_and_raises_timeout_error_outside() -> None:
    run = run_headless("timeouts.timeout", speed=20)  # 3 s of work under a 2 s limit
    assert run.ok, run.error
    assert run.result == "timed out"
    assert run.checkpoints == [
        "job starts",
        "job cancelled",
        "TimeoutError caught outside the block",
    ]
    assert final_states(run)["slow-job"] is TaskState.CANCELLED
    assert any("cm.expired() = True" in getattr(e, "message", "") for e in run.events)


def test_timeout_lets_a_quick_job_finish() -> None:
    run = run_headless("timeouts.timeout", {"work": 0.5, "limit": 3.0}, speed=20)
    assert run.ok, run.error
    assert run.result == "job result"
    assert run.checkpoints == ["job starts", "job finishes"]
    assert final_states(run)["slow-job"] is TaskState.DONE


def test_reschedule_sets_a_deadline_after_the_block_started() -> None:
    late = run_headless("timeouts.reschedule", speed=20)
    assert late.ok, late.error
    assert late.result is True and late.checkpoints == ["TimeoutError"]
    in_time = run_headless("timeouts.reschedule", {"work": 0.5, "limit": 3.0}, speed=20)
    assert in_time.result is False and in_time.checkpoints == ["work finished in time"]


def test_timeout_at_is_one_budget_for_all_steps() -> None:
    run = run_headless("timeouts.timeout-at", speed=5)  # 4 steps of 1 s, 2.5 s budget
    assert run.ok, run.error
    assert run.result == 2
    assert run.checkpoints == ["step 1 done", "step 2 done", "deadline reached"]


def test_wait_for_cancels_the_job_and_reports_the_extra_task_before_312() -> None:
    run = run_headless("timeouts.wait-for", speed=20)
    assert run.ok, run.error
    assert run.result == {"timed_out": True, "extra_task": sys.version_info < (3, 12)}
    assert run.checkpoints == ["job starts", "job cancelled", "TimeoutError"]


@pytest.mark.parametrize("work, limit", [(0.5, 2.0)])
def test_wait_for_returns_the_result_in_time(work: float, limit: float) -> None:
    run = run_headless("timeouts.wait-for", {"work": work, "limit": limit}, speed=20)
    assert run.ok, run.error
    assert run.result["timed_out"] is False
