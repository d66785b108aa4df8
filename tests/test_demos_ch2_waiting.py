"""Seed §2.2.9: wait() and as_completed(), asserted through headless runs."""
# Speeds: where two different mechanisms race (a timeout against a job, a cancel against a
# finish), the test runs slowly enough to leave >= 100 ms of real time between them, so a
# busy machine cannot flip the order. Pure timer orderings are safe at any speed.

from __future__ import annotations

import pytest

from asyncio_lab.core.events import TaskState
from asyncio_lab.core.runner import run_headless
from tests.demo_helpers import final_states, messages


def test_wait_with_timeout_leaves_pending_tasks_running() -> None:
    run = run_headless("waiting.wait-timeout", speed=10)  # 1/2/3 s under a 2 s timeout
    assert run.ok, run.error
    assert run.result == {"done": ["A"], "pending": ["B", "C"]}
    assert "B.cancelled() = False" in messages(run)
    assert "C.cancelled() = False" in messages(run)
    # B and C were not cancelled: they complete after wait() returned
    cps = run.checkpoints
    assert cps == [
        "A completes",
        "wait returned",
        "B completes",
        "C completes",
        "pending tasks finished on their own",
    ]
    states = final_states(run)
    assert states["B"] is TaskState.DONE and states["C"] is TaskState.DONE


@pytest.mark.parametrize(
    "mode, done, pending",
    [
        ("FIRST_COMPLETED", ["A"], ["B", "C"]),
        ("FIRST_EXCEPTION", ["A", "B"], ["C"]),
        ("ALL_COMPLETED", ["A", "B", "C"], []),
    ],
)
def test_wait_return_when(mode: str, done: list[str], pending: list[str]) -> None:
    run = run_headless("waiting.return-when", {"return_when": mode}, speed=5)
    assert run.ok, run.error
    assert run.result == {"done": done, "pending": pending}
    states = final_states(run)
    for name in pending:
        assert states[name] is TaskState.CANCELLED  # the demo's own clean-up
    if "B" in done:
        assert states["B"] is TaskState.FAILED
        assert any("B raised ValueError" in m for m in messages(run))


def test_first_exception_without_an_error_waits_for_all() -> None:
    run = run_headless(
        "waiting.return-when", {"return_when": "FIRST_EXCEPTION", "b_fails": False}, speed=20
    )
    assert run.ok, run.error
    assert run.result == {"done": ["A", "B", "C"], "pending": []}


def test_as_completed_yields_in_finishing_order() -> None:
    run = run_headless("waiting.as-completed", speed=20)  # A 3 s, B 1 s, C 2 s
    assert run.ok, run.error
    assert run.result == ["B", "C", "A"]
    assert run.checkpoints == ["B has finished", "C has finished", "A has finished"]


def test_as_completed_timeout_keeps_the_early_ones_then_raises() -> None:
    run = run_headless("waiting.as-completed-timeout", speed=5)  # 3/5/1 s, 4 s timeout
    assert run.ok, run.error
    assert run.result == ["C", "A"]
    assert run.checkpoints == ["C has finished", "A has finished", "TimeoutError"]
    assert "B still running = True" in messages(run)  # not cancelled by as_completed
    assert final_states(run)["B"] is TaskState.CANCELLED  # cancelled by the demo afterwards
