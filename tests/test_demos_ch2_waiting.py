"""Seed §2.2.9: wait() and as_completed(), asserted from what the programs print.

Speeds: where two different mechanisms race (a timeout against a job, a cancel against a
finish), the gap is >= 0.5 s of lesson time, >= 100 ms of real time at speed 5. Pure timer
orderings are safe at any speed.
"""

from __future__ import annotations

import sys

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskState
from tests.demo_helpers import final_states, printed, printed_by, run_program, stop_half_way


def test_wait_with_timeout_leaves_pending_tasks_running() -> None:
    run = run_program("waiting.wait-timeout", speed=10)  # 1/2/3 s under a 2 s timeout
    lines = printed(run)
    assert sorted(lines[:3]) == ["A starts", "B starts", "C starts"]
    assert lines[3:] == [
        "A completes",
        "wait returned",
        "done: ['A']",
        "pending: ['B', 'C']",
        "B.cancelled(): False",
        "C.cancelled(): False",
        # not cancelled by wait(): they complete after it returned, while main waits for them
        "B completes",
        "C completes",
        "the pending tasks finished on their own: ['B', 'C']",
    ]
    states = final_states(run)
    assert all(states[name] is TaskState.DONE for name in "ABC")


def test_wait_with_a_long_timeout_has_nothing_pending() -> None:
    lines = printed(run_program("waiting.wait-timeout", speed=10, timeout=4.0))
    assert "done: ['A', 'B', 'C']" in lines and "pending: []" in lines


@pytest.mark.parametrize(
    "mode, done, pending",
    [
        ("FIRST_COMPLETED", ["A"], ["B", "C"]),
        ("FIRST_EXCEPTION", ["A", "B"], ["C"]),
        ("ALL_COMPLETED", ["A", "B", "C"], []),
    ],
)
def test_wait_return_when(mode: str, done: list[str], pending: list[str]) -> None:
    run = run_program("waiting.return-when", speed=5, return_when=mode)
    lines = printed(run)
    returned = lines.index(f"wait({mode}) returned")
    assert lines[returned + 1 : returned + 3] == [f"done: {done}", f"pending: {pending}"]
    assert "A returned 'A'" in lines
    states = final_states(run)
    for name in pending:
        assert states[name] is TaskState.CANCELLED  # the program's own clean-up
    if pending:
        assert lines[-1] == f"cancelled: {pending}"
    if "B" in done:  # the failure sits in done; wait() itself raised nothing
        assert "B raised ValueError('B failed')" in lines
        assert states["B"] is TaskState.FAILED


def test_first_exception_without_an_error_waits_for_all() -> None:
    run = run_program("waiting.return-when", speed=5, return_when="FIRST_EXCEPTION", b_fails=False)
    lines = printed(run)
    assert "done: ['A', 'B', 'C']" in lines and "pending: []" in lines
    assert "B returned 'B'" in lines


def test_as_completed_yields_in_finishing_order() -> None:
    run = run_program("waiting.as-completed", speed=10)  # A 3 s, B 1 s, C 2 s
    stand_in = "(what the loop gave was one of our tasks: False)"
    assert printed(run) == [
        f"B has finished {stand_in}",
        f"C has finished {stand_in}",
        f"A has finished {stand_in}",
        "finishing order: B, C, A",
        "argument order:  A, B, C",
    ]


@pytest.mark.skipif(sys.version_info < (3, 13), reason="as_completed is async-iterable from 3.13")
def test_as_completed_async_for_yields_the_original_tasks() -> None:
    run = run_program("waiting.as-completed-async-for", speed=10)
    assert printed(run) == [
        "B has finished: 1.0 s of work; one of ours: True",
        "C has finished: 2.0 s of work; one of ours: True",
        "A has finished: 3.0 s of work; one of ours: True",
    ]


def test_as_completed_async_for_is_gated_before_313() -> None:
    demo = catalogue.get("waiting.as-completed-async-for")
    assert demo.requires == (3, 13)
    assert (demo.unavailable_reason is None) is (sys.version_info >= (3, 13))
    assert "async for task in asyncio.as_completed(tasks)" in demo.source


def test_as_completed_timeout_keeps_the_early_ones_then_raises() -> None:
    run = run_program("waiting.as-completed-timeout", speed=5)  # 1/3/0.5 s, 2 s timeout
    assert printed(run) == [
        "C has finished",
        "A has finished",
        "TimeoutError: the rest did not make it in time",
        "B still running: True",  # not cancelled by as_completed...
        "cancelled: ['B']",  # ...but by the program afterwards
    ]
    who = {line: task for line, task, _ in printed_by(run)}
    assert who["cancelled: ['B']"] == who["C has finished"]  # all printed by main's task
    states = final_states(run)
    assert states["B"] is TaskState.CANCELLED
    assert states["A"] is TaskState.DONE and states["C"] is TaskState.DONE


LESSONS = [
    "waiting.wait-timeout",
    "waiting.return-when",
    "waiting.as-completed",
    "waiting.as-completed-async-for",
    "waiting.as-completed-timeout",
]


@pytest.mark.parametrize("demo_id", LESSONS)
def test_stopped_half_way_leaves_nothing_that_fails_later(demo_id: str) -> None:
    if catalogue.get(demo_id).unavailable_reason is not None:
        pytest.skip(catalogue.get(demo_id).unavailable_reason)
    was_running, errors = stop_half_way(demo_id, 0.3, speed=1)
    assert was_running and errors == []
