"""Seed §6 (the loop itself): callbacks, futures, protocols and loop factories.

Each lesson is a plain program; these tests read what it printed, and on which thread and in
which task it printed it. Only orderings are checked, never absolute times.
"""

from __future__ import annotations

import sys

import pytest

from tests.demo_helpers import printed, printed_by, run_program


def callback_order(lines: list[str]) -> list[str]:
    order = next(line for line in lines if line.startswith("order: "))
    return order.removeprefix("order: ").split(" -> ")


def test_callbacks_run_soon_first_then_timers_by_deadline() -> None:
    run = run_program("loop.callbacks", later_delay=0.2, at_delay=0.1)
    lines = printed(run)
    expected = [
        "main, which scheduled them",
        "call_soon #1",
        "call_soon #2",
        "call_at(start + 0.1)",
        "call_later(0.2)",
    ]
    assert callback_order(lines) == expected
    ran = [line.split(" ran at ")[0] for line in lines if " ran at " in line]
    assert ran == expected  # each printed as it ran, in that order
    # main's own line comes from its task; the callbacks run on the loop, in no task at all
    by = {line.split(" ran at ")[0]: (task, thread) for line, task, thread in printed_by(run)}
    assert by["main, which scheduled them"][0] is not None
    assert all(by[label] == (None, "MainThread") for label in expected[1:])


def test_swapping_the_delays_swaps_the_timers() -> None:
    lines = printed(run_program("loop.callbacks", later_delay=0.1, at_delay=0.3))
    assert callback_order(lines)[3:] == ["call_later(0.1)", "call_at(start + 0.3)"]
    assert "the cancelled handle: cancelled() = True" in lines
    assert not [line for line in lines if line.startswith("a cancelled callback")]


def test_hand_made_future_gets_its_result() -> None:
    lines = printed(run_program("loop.future", delay=1.0))
    assert lines == [
        "result() before it is set: InvalidStateError: Result is not set.",
        "awaiting the future; done() = False",
        "deliverer completed the future; done() = True",
        "done callback: cancelled() = False",
        "await future gave: 'the answer'",
        "completing it a second time: InvalidStateError",
    ]


def test_the_future_is_completed_by_another_task_and_awaited_by_main() -> None:
    by = printed_by(run_program("loop.future", delay=0.0))
    tasks = {line: task for line, task, _ in by}
    assert tasks["deliverer completed the future; done() = True"] == "deliverer"
    assert tasks["done callback: cancelled() = False"] is None  # a callback, run by the loop
    assert tasks["await future gave: 'the answer'"] not in (None, "deliverer")


def test_hand_made_future_can_carry_an_exception() -> None:
    lines = printed(run_program("loop.future", delay=0.5, fail=True))
    assert "await future raised: ValueError: the delivery failed" in lines
    assert not [line for line in lines if line.startswith("await future gave")]
    assert "completing it a second time: InvalidStateError" in lines


def test_protocol_echo_calls_back_in_order() -> None:
    lines = printed(run_program("loop.protocol-echo", messages=4))
    assert lines[-1] == f"4 replies: {[f'MESSAGE {i}' for i in range(1, 5)]}"
    server = [line for line in lines if line.startswith("server:")]
    assert server == ["server: connection_made", "server: eof_received"]
    assert lines.index("client: connection_made") < lines.index("client: connection_lost")
    assert lines.index("server: eof_received") < lines.index("client: connection_lost")


def test_protocol_callbacks_run_on_the_loop_not_in_a_task() -> None:
    by = printed_by(run_program("loop.protocol-echo", messages=2))
    assert all(task is None for line, task, _ in by if line.startswith(("server:", "client:")))


@pytest.mark.parametrize("runs", [2, 3])
def test_runner_reuses_one_loop_from_the_factory_while_run_makes_new_ones(runs: int) -> None:
    run = run_program("loop.runner-factory", runs=runs)
    lines = printed(run)
    assert lines[0] == (
        "asyncio.run inside a running loop: RuntimeError: "
        "asyncio.run() cannot be called from a running event loop"
    )
    assert lines[1:7] == [
        f"asyncio.run x{runs}: {runs} different loop(s)",
        "  all closed afterwards: True",
        f"Runner x{runs}: 1 different loop(s)",
        "  it is runner.get_loop(): True",
        "  the factory chose: MyLoop",
        "  closed when the with-block ends: True",
    ]
    if sys.version_info >= (3, 12):
        assert lines[-1] == "asyncio.run(..., loop_factory=MyLoop) ran on: MyLoop"
    # The loops are started in a worker thread: the loop's own thread already runs one.
    threads = {line: thread for line, _, thread in printed_by(run)}
    assert threads[lines[0]] == "MainThread"
    assert {threads[line] for line in lines[1:]} == {"asyncio_0"}
