"""Seed §4 (synchronisation): the promised behaviour, asserted through the headless runner.

Each lesson is a plain program: what it prints is the evidence. Its asyncio primitives report
their state, holders and waiters by themselves (PrimitiveEvents, what the Sync view shows);
the tests below check those reports against what each primitive promises. Only orderings and
ratios are checked, never absolute times.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from asyncio_lab.core.events import LogLevel, PrimitiveEvent, TaskState
from asyncio_lab.core.runner import DemoRun
from tests.demo_helpers import final_states, messages, primitives, printed, printed_by, run_program


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
    assert states, "the program's primitive reported nothing to the Sync view"
    assert states[-1].holders == () and states[-1].waiters == ()


def index_of_line(events: list[object], text: str) -> int:
    """Where in the event stream the program printed ``text``."""
    return next(i for i, e in enumerate(events) if getattr(e, "message", None) == text)


# sync.lock -----------------------------------------------------------------------------------
def test_lock_lets_workers_in_strictly_one_after_another() -> None:
    run = run_program("sync.lock", workers=3, hold=0.5)
    lines = printed(run)
    moves = [line for line in lines if line.endswith(("enters", "leaves"))]
    assert moves == [
        "worker-1 enters",
        "worker-1 leaves",
        "worker-2 enters",
        "worker-2 leaves",
        "worker-3 enters",
        "worker-3 leaves",
    ]
    assert "worker-1 asks for the lock (locked now: False)" in lines
    assert "worker-2 asks for the lock (locked now: True)" in lines
    assert lines[-2:] == ["at most 1 worker(s) inside at once", "count = 3 after 3 increments"]
    assert ("worker-2 enters", "worker-2", "MainThread") in printed_by(run)


def test_without_the_lock_the_sections_overlap_and_updates_are_lost() -> None:
    lines = printed(run_program("sync.lock", workers=3, hold=0.5, use_lock=False))
    moves = [line for line in lines if line.endswith(("enters", "leaves"))]
    assert all(m.endswith("enters") for m in moves[:3])  # everyone is inside before anyone leaves
    assert "at most 3 worker(s) inside at once" in lines
    assert "count = 1 after 3 increments" in lines  # all read 0, all wrote 1
    assert not [line for line in lines if "asks for the lock" in line]


@pytest.mark.parametrize("workers", [3, 5])
def test_sync_view_lock_has_one_holder_at_a_time_handed_on_in_arrival_order(workers: int) -> None:
    states = primitives(run_program("sync.lock", workers=workers, hold=0.5), "lock")
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
    states = primitives(run_program("sync.lock", workers=3, hold=0.5, use_lock=False), "lock")
    assert states and all(s.state == "unlocked" and not s.holders for s in states)


# sync.event ----------------------------------------------------------------------------------
def test_event_wakes_every_waiter_only_after_set() -> None:
    lines = printed(run_program("sync.event", waiters=3, delay=1.0))
    waits = [f"waiter-{i} waits (event set: False)" for i in (1, 2, 3)]
    wakes = [f"waiter-{i} wakes up" for i in (1, 2, 3)]
    assert lines == [
        *waits,
        "main calls event.set()",
        *wakes,
        "latecomer waits (event set: True)",  # the flag stays up: no wait at all
        "latecomer wakes up",
        "after clear(): is_set() = False",
    ]


@pytest.mark.parametrize("waiters", [1, 3])
def test_sync_view_event_waiters_gather_until_set_then_all_go_at_once(waiters: int) -> None:
    run = run_program("sync.event", waiters=waiters, delay=1.0)
    states = primitives(run, "event")
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
    events = run.events
    wakes = [i for i, e in enumerate(events) if getattr(e, "message", "").endswith("wakes up")]
    assert min(wakes) > events.index(states[raised])


# sync.condition ------------------------------------------------------------------------------
def taken_items(lines: list[str]) -> list[int]:
    return sorted(int(m.group(1)) for line in lines if (m := re.search(r"takes item (\d+)", line)))


def test_condition_notify_wakes_one_per_item() -> None:
    lines = printed(run_program("sync.condition", mode="notify", consumers=3, items=3))
    assert taken_items(lines) == [1, 2, 3]
    assert not [line for line in lines if "empty stock" in line]
    assert lines[-1] == "notify: 0 wake-up(s) found nothing to take"
    assert "producer adds item 1 and calls notify()" in lines


def test_condition_notify_all_wakes_everyone_for_each_item() -> None:
    lines = printed(run_program("sync.condition", mode="notify_all", consumers=3, items=3))
    assert taken_items(lines) == [1, 2, 3]
    # each item wakes all three: one takes it, the other two find nothing
    assert lines[-1] == "notify_all: 6 wake-up(s) found nothing to take"
    assert len([line for line in lines if "woke up to an empty stock" in line]) == 6


def notified_per_round(states: list[PrimitiveEvent]) -> list[int]:
    """For each time the producer took the lock: how many waiters its notify woke."""
    rounds: list[int] = []
    for before, after in pairwise(states):
        if after.holders == ("producer",) and before.holders != ("producer",):
            rounds.append(0)
        woken = {w for w in after.waiters if w.endswith(" (notified)")} - set(before.waiters)
        if woken:
            assert after.holders == ("producer",), "only the producer notifies"
            rounds[-1] += len(woken)
    return rounds


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("notify", [1, 1, 1, 3]), ("notify_all", [3, 3, 3, 3])],  # the last round: closing
)
def test_sync_view_condition_notify_wakes_one_notify_all_wakes_all(
    mode: str, expected: list[int]
) -> None:
    states = primitives(run_program("sync.condition", mode=mode, consumers=3, items=3), "cond")
    assert {s.kind for s in states} == {"asyncio.Condition"}
    assert notified_per_round(states) == expected
    consumers = {f"consumer-{i}" for i in (1, 2, 3)}
    assert {w.removesuffix(" (wait)") for s in states for w in s.waiters} >= consumers
    assert {h for s in states for h in s.holders} == consumers | {"producer"}
    for before, after in pairwise(states):
        assert len(after.holders) <= 1
        for holder in after.holders:  # wait() let go of the lock
            assert f"{holder} (wait)" not in after.waiters
            assert f"{holder} (notified)" not in after.waiters
        if before.holders and after.holders:
            assert before.holders == after.holders, "the lock is let go before it changes hands"
        if after.holders and after.holders != before.holders and after.holders != ("producer",):
            # a consumer gets the lock back only after its notify (or on its first entry)
            name = after.holders[0]
            assert f"{name} (wait)" not in before.waiters, "woken without a notify"
        assert after.state == ("locked" if after.holders else "unlocked")
    assert_ends_idle(states)


# sync.semaphore ------------------------------------------------------------------------------
def test_semaphore_of_two_lets_one_and_two_in_then_three() -> None:
    lines = printed(run_program("sync.semaphore", limit=2, workers=3, hold=1.0))
    moves = [line.split(" (")[0] for line in lines if " in (" in line or line.endswith(" out")]
    assert moves[:2] == ["worker-1 in", "worker-2 in"]
    assert moves.index("worker-3 in") > moves.index("worker-1 out")
    assert "worker-3 waits for a place (inside: worker-1, worker-2)" in lines
    assert lines[-1] == "at most 2 inside at once (limit 2)"


@pytest.mark.parametrize("limit", [1, 3])
def test_semaphore_never_exceeds_its_limit(limit: int) -> None:
    lines = printed(run_program("sync.semaphore", limit=limit, workers=5, hold=0.2))
    assert lines[-1] == f"at most {limit} inside at once (limit {limit})"


SEM_STATE = re.compile(r"(\d+) of (\d+) free(?:, (\d+) handed to a waiter)?$")


@pytest.mark.parametrize(("limit", "workers"), [(2, 3), (1, 4), (3, 5)])
def test_sync_view_semaphore_never_has_more_holders_than_places(limit: int, workers: int) -> None:
    states = primitives(
        run_program("sync.semaphore", limit=limit, workers=workers, hold=1.0), "sem"
    )
    assert {s.kind for s in states} == {f"asyncio.Semaphore({limit})"}
    assert max(len(s.holders) for s in states) == limit
    for s in states:  # every place is free, held, or on its way to the first waiter
        match = SEM_STATE.match(s.state)
        assert match, s.state
        free, size, handed = int(match[1]), int(match[2]), int(match[3] or 0)
        assert size == limit and free + len(s.holders) + handed == limit
        assert handed <= len(s.waiters)
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


# sync.bounded-semaphore ----------------------------------------------------------------------
def test_bounded_semaphore_raises_value_error_on_over_release() -> None:
    assert printed(run_program("sync.bounded-semaphore", limit=2)) == [
        "Semaphore: the extra release was accepted; now 3 places (limit was 2)",
        "BoundedSemaphore: the extra release raised ValueError: "
        "BoundedSemaphore released too many times",
    ]


def test_sync_view_bounded_semaphore_refuses_what_the_plain_one_accepts() -> None:
    run = run_program("sync.bounded-semaphore", limit=2)
    plain, bounded = primitives(run, "plain"), primitives(run, "bounded")
    assert {s.kind for s in plain} == {"asyncio.Semaphore(2)"}
    assert {s.kind for s in bounded} == {"asyncio.BoundedSemaphore(2)"}
    (me,) = {h for s in plain + bounded for h in s.holders}  # main's own task holds the places
    # The bounded one: taken, given back, and the extra release changes nothing.
    assert [(s.state, s.holders) for s in bounded] == [
        ("2 of 2 free", ()),
        ("1 of 2 free", (me,)),
        ("2 of 2 free", ()),
    ]
    # The plain one grew a place: main then takes three places of a limit of two.
    assert [s.state for s in plain][:4] == [
        "2 of 2 free",
        "1 of 2 free",
        "2 of 2 free",
        "3 of 2 free",
    ]
    assert plain[-1].holders == (me, me, me) and plain[-1].state == "0 of 2 free"
    assert not [s for s in plain + bounded if s.waiters]


# sync.barrier --------------------------------------------------------------------------------
def test_barrier_all_arrive_then_all_pass_and_abort_breaks_it() -> None:
    lines = printed(run_program("sync.barrier", parties=3))
    round_one = lines[: lines.index("round 2: only 2 come")]
    arrived = [i for i, line in enumerate(round_one) if " arrives " in line]
    passed = [i for i, line in enumerate(round_one) if " passes " in line]
    assert len(arrived) == len(passed) == 3
    assert max(arrived) < min(passed)  # nobody passes until the last has come
    assert round_one[passed[0]] == "worker-3 passes (index 2)"  # the last to come goes first
    indexes = sorted(line.split("index ")[1] for line in round_one if " passes " in line)
    assert indexes == ["0)", "1)", "2)"]
    assert "main gives up waiting: abort() with 2 waiting" in lines
    broken = [line for line in lines if "BrokenBarrierError" in line]
    assert broken == [f"late-{i} gets BrokenBarrierError: the barrier was aborted" for i in (1, 2)]
    assert lines[-1] == "broken: True"


@pytest.mark.parametrize("parties", [2, 3, 4])
def test_sync_view_barrier_fills_up_then_all_pass_and_abort_breaks_it(parties: int) -> None:
    run = run_program("sync.barrier", parties=parties)
    states = primitives(run, "barrier")
    assert all(s.holders == () and s.kind == f"asyncio.Barrier({parties})" for s in states)
    full = next(i for i, s in enumerate(states) if len(s.waiters) == parties)
    # Round 1: they arrive one by one, nobody passes until the last has come, then all do.
    assert [len(s.waiters) for s in states[: full + 1]] == list(range(parties + 1))
    assert states[full].waiters == tuple(f"worker-{i}" for i in range(1, parties + 1))
    assert states[full].state == f"{parties} of {parties} arrived"
    assert states[full + 1].waiters == () and states[full + 1].state == f"0 of {parties} arrived"
    passes = [i for i, e in enumerate(run.events) if " passes " in getattr(e, "message", "")]
    assert len(passes) == parties
    assert min(passes) > run.events.index(states[full])
    # Round 2: one party short, so it never fills; abort() breaks it and sends them all away.
    broken = next(i for i, s in enumerate(states) if s.state == "broken")
    assert states[broken - 1].waiters == tuple(f"late-{i}" for i in range(1, parties))
    assert max(len(s.waiters) for s in states[full + 1 : broken]) == parties - 1
    assert states[broken].waiters == ()  # all at once, each with BrokenBarrierError
    assert all(s.state == "broken" for s in states[broken:])
    errors = [i for i, e in enumerate(run.events) if "BrokenBarrier" in getattr(e, "message", "")]
    assert len(errors) == parties - 1 and min(errors) > run.events.index(states[broken])
    assert_ends_idle(states)


# sync.queue ----------------------------------------------------------------------------------
def test_queue_join_returns_after_every_task_done() -> None:
    run = run_program("sync.queue", jobs=6, consumers=2, maxsize=2, work=0.3)
    lines = printed(run)
    finished = [line for line in lines if " finished job " in line]
    assert sorted(int(line.split()[-1]) for line in finished) == [1, 2, 3, 4, 5, 6]
    assert {line.split()[0] for line in finished} == {"consumer-1", "consumer-2"}
    joined = lines.index("join() returned: every job is done")
    assert joined > max(lines.index(line) for line in finished)  # after the last task_done()
    assert joined > lines.index("producer: all jobs put")
    assert any(line.startswith("queue full: the producer waits") for line in lines)  # maxsize
    assert lines[-1] == "idle consumers cancelled: True"
    states = final_states(run)
    assert states["consumer-1"] is states["consumer-2"] is TaskState.CANCELLED
    assert states["producer"] is TaskState.DONE


QUEUE_STATE = re.compile(r"(\d+) queued, (\d+) unfinished$")


def test_sync_view_queue_shows_who_waits_in_get_put_and_join() -> None:
    states = primitives(
        run_program("sync.queue", jobs=6, consumers=2, maxsize=2, work=0.3), "queue"
    )
    assert {s.kind for s in states} == {"asyncio.Queue(maxsize=2)"}
    assert all(s.holders == () for s in states)

    def counts(s: PrimitiveEvent) -> tuple[int, int]:
        match = QUEUE_STATE.match(s.state)
        assert match, s.state
        return int(match[1]), int(match[2])

    assert all(counts(s)[0] <= 2 and counts(s)[0] <= counts(s)[1] for s in states)
    assert {w.rsplit(" ", 1)[1] for s in states for w in s.waiters} == {"(get)", "(put)", "(join)"}
    assert {w for s in states for w in s.waiters if not w.endswith("(join)")} == {
        "producer (put)",
        "consumer-1 (get)",
        "consumer-2 (get)",
    }
    for before, after in pairwise(states):
        for name in set(after.waiters) - set(before.waiters):
            queued, unfinished = counts(after)
            if name.endswith("(put)"):
                assert queued == 2, "put() waits only when the queue is full"
            elif name.endswith("(get)"):
                assert queued == 0, "get() waits only when the queue is empty"
            else:
                assert unfinished > 0, "join() waits only while some job is not done"
        for name in set(before.waiters) - set(after.waiters):
            if name.endswith("(join)"):
                assert counts(after)[1] == 0, "join() returns once every job is task_done()"
    assert counts(states[-1]) == (0, 0)
    assert_ends_idle(states)


# sync.threading-lock -------------------------------------------------------------------------
def longest_pause(lines: list[str]) -> float:
    line = next(line for line in lines if "longest pause between heartbeats" in line)
    return float(re.search(r"heartbeats (\d+\.\d+) s", line)[1])  # type: ignore[index]


def blocked_by_b(run: DemoRun) -> list[str]:
    """The lab's warnings that task B froze the loop."""
    warnings = messages(run, LogLevel.WARNING)
    return [m for m in warnings if "Blocked the loop" in m and "'task-B'" in m]


def test_a_threading_lock_on_the_loop_thread_stalls_the_whole_loop() -> None:
    blocked = run_program("sync.threading-lock", speed=2, kind="threading", timeout=0.5)
    polite = run_program("sync.threading-lock", speed=2, kind="asyncio", timeout=0.5)
    stalled, normal = printed(blocked), printed(polite)
    assert "B gave up: acquired = False" in stalled
    assert "B got the lock after A released it" in normal
    assert longest_pause(stalled) > 2 * longest_pause(normal)
    # B's acquire froze the loop: A could release only after B gave up
    assert stalled.index("B gave up: acquired = False") < stalled.index("A released the lock")
    assert normal.index("A released the lock") < normal.index("B got the lock after A released it")
    assert blocked_by_b(blocked)  # the lab names the task that froze the loop
    assert not blocked_by_b(polite)


def test_sync_view_shows_the_asyncio_lock_but_not_the_threading_one() -> None:
    blocked = run_program("sync.threading-lock", speed=2, kind="threading", timeout=0.5)
    assert not [e for e in blocked.events if isinstance(e, PrimitiveEvent)]  # not asyncio's
    states = primitives(run_program("sync.threading-lock", speed=2, kind="asyncio"), "lock")
    assert {s.kind for s in states} == {"asyncio.Lock"}
    waits = first(states, waiting="task-B")
    assert states[waits].holders == ("task-A",)  # B asks while A holds it
    assert all(len(s.holders) <= 1 for s in states)
    assert turns(states) == ["task-A", "task-B"]  # B suspends until A lets go, then holds it
    assert first(states, holding="task-B") > waits
    assert_ends_idle(states)
