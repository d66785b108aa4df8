"""Seed §4 (synchronisation): the promised behaviour, asserted through the headless runner."""

from __future__ import annotations

import pytest

from asyncio_lab.core.events import LogEvent, LogLevel, TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless


def run(demo_id: str, speed: float = 10, **params: object) -> DemoRun:
    result = run_headless(demo_id, params, speed=speed)
    assert result.error is None, result.error
    assert not [m for m in messages(result) if "task(s) running" in m]
    return result


def messages(result: DemoRun, level: LogLevel | None = None) -> list[str]:
    return [
        e.message
        for e in result.events
        if isinstance(e, LogEvent) and (level is None or e.level is level)
    ]


def test_lock_lets_workers_in_strictly_one_after_another() -> None:
    result = run("sync.lock", workers=3, hold=0.5)
    assert result.checkpoints == [
        "worker-1 enters",
        "worker-1 leaves",
        "worker-2 enters",
        "worker-2 leaves",
        "worker-3 enters",
        "worker-3 leaves",
    ]
    logs = messages(result)
    assert "worker-2 waits for the lock (holder: worker-1, waiting: 1)" in logs
    assert "worker-3 waits for the lock (holder: worker-1, waiting: 2)" in logs
    assert "worker-2 holds the lock (waiting: 1)" in logs
    assert any("at most 1 worker(s) inside at once" in m for m in logs)


def test_without_the_lock_the_critical_sections_overlap() -> None:
    result = run("sync.lock", workers=3, hold=0.5, use_lock=False)
    entered = [c for c in result.checkpoints if c.endswith("enters")]
    assert result.checkpoints[:3] == entered  # everyone is inside before anyone leaves
    assert any("at most 3 worker(s) inside at once" in m for m in messages(result))


def test_event_wakes_every_waiter_only_after_set() -> None:
    result = run("sync.event", waiters=3, delay=1.0)
    assert result.checkpoints == ["before set", "set", "all woken"]
    assert "woken before set = 0" in messages(result)
    assert result.result == ["waiter-1", "waiter-2", "waiter-3", "latecomer"]
    assert "is_set after clear = False" in messages(result)


def test_condition_notify_wakes_one_per_item() -> None:
    outcome = run("sync.condition", mode="notify", consumers=3, items=3).result
    assert outcome["empty_wakeups"] == 0
    taken = sorted(i for items in outcome["taken"].values() for i in items)
    assert taken == [1, 2, 3]


def test_condition_notify_all_wakes_everyone_for_each_item() -> None:
    outcome = run("sync.condition", mode="notify_all", consumers=3, items=3).result
    assert outcome["empty_wakeups"] > 0  # woke up only to find the item already taken
    taken = sorted(i for items in outcome["taken"].values() for i in items)
    assert taken == [1, 2, 3]


def test_semaphore_of_two_lets_one_and_two_in_then_three() -> None:
    result = run("sync.semaphore", limit=2, workers=3, hold=1.0)
    order = result.checkpoints
    assert order[:2] == ["worker-1 in", "worker-2 in"]
    assert order.index("worker-3 in") > order.index("worker-1 out")
    assert result.result == 2
    assert any(m.startswith("worker-3 waits for a place") for m in messages(result))


@pytest.mark.parametrize("limit", [1, 3])
def test_semaphore_never_exceeds_its_limit(limit: int) -> None:
    assert run("sync.semaphore", limit=limit, workers=5, hold=0.2).result == limit


def test_bounded_semaphore_raises_value_error_on_over_release() -> None:
    outcome = run("sync.bounded-semaphore", limit=2).result
    assert outcome["BoundedSemaphore"].startswith("ValueError")
    assert outcome["Semaphore"] == "accepted; now 3 places"  # the plain one silently grew


def test_barrier_all_arrive_then_all_pass_and_abort_breaks_it() -> None:
    result = run("sync.barrier", parties=3)
    order = result.checkpoints
    first_round = order[: order.index("abort")]
    arrivals = [c for c in first_round if c.endswith("arrives") and c.startswith("worker")]
    passes = [c for c in first_round if c.endswith("passes")]
    assert len(arrivals) == len(passes) == 3
    assert max(map(first_round.index, arrivals)) < min(map(first_round.index, passes))
    assert result.result["late-1"] == result.result["late-2"] == "BrokenBarrierError"
    indexes = sorted(result.result[f"worker-{i}"] for i in (1, 2, 3))
    assert indexes == [f"passed (index {i})" for i in (0, 1, 2)]
    assert "broken = True" in messages(result)


def test_queue_join_returns_after_every_task_done() -> None:
    result = run("sync.queue", jobs=6, consumers=2, maxsize=2, work=0.3)
    handled = result.result
    assert sorted(j for jobs in handled.values() for j in jobs) == [1, 2, 3, 4, 5, 6]
    assert result.checkpoints == ["all jobs put", "join returned"]
    assert any("queue full" in m for m in messages(result))  # maxsize slowed the producer
    cancelled = {
        e.name for e in result.events if isinstance(e, TaskEvent) and e.state is TaskState.CANCELLED
    }
    assert cancelled == {"consumer-1", "consumer-2"}


def test_a_threading_lock_on_the_loop_thread_stalls_the_whole_loop() -> None:
    blocked = run("sync.threading-lock", speed=2, kind="threading", timeout=0.5)
    polite = run("sync.threading-lock", speed=2, kind="asyncio", timeout=0.5)
    assert blocked.result["stall"] >= 0.45  # at least the acquire timeout
    assert polite.result["stall"] < blocked.result["stall"]
    assert any("acquired=False" in m for m in messages(blocked, LogLevel.WARNING))
    assert "B got the lock after A released it" in messages(polite)
