"""Seed §6 (the loop itself): callbacks, futures, protocols and loop factories."""

from __future__ import annotations

from asyncio_lab.core.events import LogLevel
from tests.demo_helpers import messages, run


def test_callbacks_run_soon_first_then_timers_by_deadline() -> None:
    order = run("loop.callbacks", later_delay=0.2, at_delay=0.1).result
    assert order == [
        "the code that scheduled them",
        "call_soon #1",
        "call_soon #2",
        "call_at(start + 0.1)",
        "call_later(0.2)",
    ]


def test_swapping_the_delays_swaps_the_timers() -> None:
    result = run("loop.callbacks", later_delay=0.1, at_delay=0.3)
    assert result.result[3:] == ["call_later(0.1)", "call_at(start + 0.3)"]
    assert "cancelled handle = True" in messages(result)
    assert not any("a cancelled callback ran" in m for m in messages(result))


def test_hand_made_future_gets_its_result() -> None:
    seen = run("loop.future", delay=1.0).result
    assert seen["awaited"] == "the answer"
    assert seen["too early"].startswith("InvalidStateError")
    assert seen["twice"] == "InvalidStateError"
    assert "done callback: cancelled=False" in messages(run("loop.future", delay=0.0))


def test_hand_made_future_can_carry_an_exception() -> None:
    seen = run("loop.future", delay=0.5, fail=True).result
    assert seen["awaited"] == "ValueError: the delivery failed"


def test_protocol_echo_calls_back_in_order() -> None:
    result = run("loop.protocol-echo", messages=4)
    assert result.result == {"replies": [f"MESSAGE {i}" for i in range(1, 5)]}
    assert result.checkpoints == [
        "server: connection_made",
        "server: eof_received",
        "client: connection_lost",
    ]


def test_runner_reuses_one_loop_from_the_factory_while_run_makes_new_ones() -> None:
    result = run("loop.runner-factory", runs=3)
    assert result.result == {
        "asyncio.run: distinct loops": 3,
        "Runner: distinct loops": 1,
        "Runner loop class": "LabLoop",
        "get_loop() is that loop": True,
        "closed afterwards": True,
    }
    warnings = messages(result, LogLevel.WARNING)
    assert any("RuntimeError" in m and "running" in m for m in warnings)
