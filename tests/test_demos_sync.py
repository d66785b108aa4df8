"""Seed §4 (synchronisation): the promised behaviour, asserted through the headless runner.

The demos also report every primitive's state, holders and waiters (PrimitiveEvents, what the
Sync view shows); the tests below check those reports against what each primitive promises.
Only orderings are checked, never absolute times.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from asyncio_lab.core.events import LogLevel, PrimitiveEvent, TaskEvent, TaskState
from tests.demo_helpers import messages, primitives, run


def turns(states: list[PrimitiveEvent]) -> list[str]:
    """Who held the primitive, one entry per stretch of holding (a single holder at a time)."""
    held = [s.holders[0] for s in states if s.holders]
    return [h for i, h in enumerate(held) if i == 0 or held[i - 1] != h]


def arrivals(states: list[PrimitiveEvent]) -> list[str]:
    """Everyone who ever waited, in the order they first started waiting."""
    seen: list[str] = []
    for s in states:
        seen.extend(w for w in s.waiters if w not in seen)
    return seen


def first(
    states: list[PrimitiveEvent], *, holding: str | None = None, waiting: str | None = None
) -> int:
    """Index of the first report in which ``holding`` holds it, or ``waiting`` waits on it."""
    return next(i for i, s in enumerate(states) if holding in s.holders or waiting in s.waiters)


def assert_ends_idle(states: list[PrimitiveEvent]) -> None:
    assert states, "the demo reported nothing to the Sync view"
    assert states[-1].holders == () and states[-1].waiters == ()


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


# What the Sync view is told ------------------------------------------------------------------
@pytest.mark.parametrize("workers", [3, 5])
def test_sync_view_lock_has_one_holder_at_a_time_handed_on_in_arrival_order(workers: int) -> None:
    states = primitives(run("sync.lock", workers=workers, hold=0.5), "lock")
    assert {s.kind for s in states} == {"asyncio.Lock"}
    assert all(len(s.holders) <= 1 for s in states)
    assert all((s.state == "locked") == bool(s.holders) for s in states)
    for before, after in pairwise(states):
        if before.holders and after.holders:
            assert before.holders == after.holders, "released before anyone else holds it"
        if after.holders and after.holders != before.holders and before.waiters:
            assert after.holders[0] == before.waiters[0], "the longest waiter is next"
    queue = arrivals(states)
    assert len(queue) == workers - 1  # everyone but the first had to wait
    assert turns(states) == ["worker-1", *queue]  # each waiter held it, in arrival order
    for s in states:
        assert list(s.waiters) == [w for w in queue if w in s.waiters]  # never overtaken
        assert not set(s.holders) & set(s.waiters)
    assert_ends_idle(states)
    assert states[-1].state == "unlocked"


def test_sync_view_shows_an_unused_lock_never_held() -> None:
    states = primitives(run("sync.lock", workers=3, hold=0.5, use_lock=False), "lock")
    assert states and all(s.state == "unlocked" and not s.holders for s in states)


@pytest.mark.parametrize("waiters", [1, 3])
def test_sync_view_event_waiters_gather_until_set_then_all_go_at_once(waiters: int) -> None:
    result = run("sync.event", waiters=waiters, delay=1.0)
    states = primitives(result, "event")
    assert all(s.holders == () and s.kind == "asyncio.Event" for s in states)
    raised = next(i for i, s in enumerate(states) if s.state == "set")
    before = states[:raised]
    assert all(s.state == "clear" for s in before)
    assert [len(s.waiters) for s in before] == list(range(waiters + 1))  # one by one
    assert sorted(before[-1].waiters) == [f"waiter-{i}" for i in range(1, waiters + 1)]
    assert states[raised].waiters == ()  # set() woke every one of them at once
    assert all("latecomer" not in s.waiters for s in states)  # the flag was up: no wait
    assert states[-1].state == "clear"  # clear() puts it down again
    assert_ends_idle(states)
    # Nobody wakes before the event is set.
    events = result.events
    wakes = [i for i, e in enumerate(events) if "wakes at" in getattr(e, "message", "")]
    assert min(wakes) > events.index(states[raised])


def wakeups_per_round(states: list[PrimitiveEvent]) -> list[int]:
    """For each time the producer held the condition: how many consumers then left wait()."""
    rounds: list[int] = []
    for before, after in pairwise(states):
        if after.holders == ("producer",) and before.holders != ("producer",):
            rounds.append(0)
        elif rounds and after.holders and after.holders[0] in before.waiters:
            rounds[-1] += 1
    return rounds


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("notify", [1, 1, 1, 3]), ("notify_all", [3, 3, 3, 3])],  # the last round: closing
)
def test_sync_view_condition_notify_wakes_one_notify_all_wakes_all(
    mode: str, expected: list[int]
) -> None:
    states = primitives(run("sync.condition", mode=mode, consumers=3, items=3), "cond")
    assert wakeups_per_round(states) == expected
    consumers = {f"consumer-{i}" for i in (1, 2, 3)}
    assert set(arrivals(states)) == consumers  # everyone waited at some point
    assert {h for s in states for h in s.holders} == consumers | {"producer"}
    for before, after in pairwise(states):
        assert len(after.holders) <= 1
        assert not set(after.holders) & set(after.waiters)  # wait() let go of the lock
        if before.holders and after.holders:
            assert before.holders == after.holders, "the lock is let go before it changes hands"
        assert after.state.startswith("locked" if after.holders else "unlocked")
    assert_ends_idle(states)


@pytest.mark.parametrize(("limit", "workers"), [(2, 3), (1, 4), (3, 5)])
def test_sync_view_semaphore_never_has_more_holders_than_places(limit: int, workers: int) -> None:
    states = primitives(run("sync.semaphore", limit=limit, workers=workers, hold=1.0), "sem")
    assert {s.kind for s in states} == {f"asyncio.Semaphore({limit})"}
    assert max(len(s.holders) for s in states) == limit
    assert all(s.state == f"{limit - len(s.holders)} of {limit} free" for s in states)
    queue = arrivals(states)
    assert queue == [f"worker-{i}" for i in range(limit + 1, workers + 1)]
    for name in queue:
        waits, enters = first(states, waiting=name), first(states, holding=name)
        assert waits < enters
        assert len(states[waits].holders) == limit  # it waited because every place was taken
        assert any(len(s.holders) < limit for s in states[waits:enters])  # until one left
        assert name not in states[enters].waiters
    entered = [h for s in states for h in s.holders]
    assert sorted(set(entered), key=entered.index) == [f"worker-{i}" for i in range(1, workers + 1)]
    assert_ends_idle(states)


def test_sync_view_bounded_semaphore_refuses_what_the_plain_one_accepts() -> None:
    result = run("sync.bounded-semaphore", limit=2)
    plain, bounded = primitives(result, "Semaphore"), primitives(result, "BoundedSemaphore")
    me = ("sync.bounded-semaphore",)  # the demo's own task holds the places
    assert [s.holders for s in bounded] == [(), me, (), ()]
    assert [s.state for s in bounded][:3] == ["2 of 2 free", "1 of 2 free", "2 of 2 free"]
    assert bounded[-1].state.startswith("2 of 2 free")  # the extra release changed nothing
    assert [s.holders for s in plain] == [(), me, (), (), me]
    assert plain[3].state.startswith("3 of 2 free")  # the extra release made a place
    assert plain[-1].state == "3 places taken (limit 2)"
    assert not [s for s in plain + bounded if s.waiters]


@pytest.mark.parametrize("parties", [2, 3, 4])
def test_sync_view_barrier_fills_up_then_all_pass_and_abort_breaks_it(parties: int) -> None:
    result = run("sync.barrier", parties=parties)
    states = primitives(result, "barrier")
    assert all(s.holders == () for s in states)
    full = next(i for i, s in enumerate(states) if len(s.waiters) == parties)
    # Round 1: they arrive one by one, nobody passes until the last has come, then all do.
    assert [len(s.waiters) for s in states[: full + 1]] == list(range(parties + 1))
    assert states[full].waiters == tuple(f"worker-{i}" for i in range(1, parties + 1))
    assert states[full].state == f"{parties} of {parties} arrived"
    assert states[full + 1].waiters == () and states[full + 1].state == f"0 of {parties} arrived"
    passes = [
        i for i, e in enumerate(result.events) if getattr(e, "message", "").endswith("passes")
    ]
    assert len(passes) == parties
    assert min(passes) > result.events.index(states[full])
    # Round 2: one party short, so it never fills; abort() breaks it and sends them all away.
    broken = next(i for i, s in enumerate(states) if s.state == "broken")
    second = states[full + 1 : broken]
    assert max(len(s.waiters) for s in second) == parties - 1
    assert states[broken].waiters == tuple(f"late-{i}" for i in range(1, parties))
    assert all(s.state == "broken" for s in states[broken:])
    assert [len(s.waiters) for s in states[broken:]] == list(range(parties - 1, -1, -1))
    assert_ends_idle(states)


def test_sync_view_queue_shows_who_is_blocked_in_get_and_put() -> None:
    states = primitives(run("sync.queue", jobs=6, consumers=2, maxsize=2, work=0.3), "queue")
    assert all(s.holders == () and s.state.endswith("(maxsize 2)") for s in states)

    def size(s: PrimitiveEvent) -> int:
        return int(s.state.split()[0])

    assert {size(s) for s in states} <= {0, 1, 2}
    assert set(arrivals(states)) == {"producer", "consumer-1", "consumer-2"}
    for before, after in pairwise(states):
        for name in set(after.waiters) - set(before.waiters):
            if name == "producer":
                assert size(after) == 2, "put() waits only when the queue is full"
            else:
                assert size(after) == 0, "get() waits only when the queue is empty"
    assert size(states[-1]) == 0
    assert_ends_idle(states)


def test_sync_view_threading_lock_blocks_while_asyncio_lock_hands_over() -> None:
    for kind in ("threading", "asyncio"):
        states = primitives(run("sync.threading-lock", speed=2, kind=kind, timeout=0.5), "lock")
        assert {s.kind for s in states} == {f"{kind}.Lock"}
        waits = first(states, waiting="task-B")
        assert states[waits].holders == ("task-A",)  # B asks while A holds it
        assert all(len(s.holders) <= 1 for s in states)
        assert_ends_idle(states)
        if kind == "threading":  # B gives up while A still holds it, and never gets it
            assert turns(states) == ["task-A"]
            gave_up = next(i for i in range(waits, len(states)) if not states[i].waiters)
            assert states[gave_up].holders == ("task-A",)
        else:  # B suspends until A lets go, then holds it
            assert turns(states) == ["task-A", "task-B"]
            assert first(states, holding="task-B") > waits
