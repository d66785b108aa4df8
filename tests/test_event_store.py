"""The event store: the state at any position is the fold of the events before it."""

from __future__ import annotations

import random

import pytest

from asyncio_lab.core.event_store import EventStore
from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LabEvent,
    PrimitiveEvent,
    TaskEvent,
    TaskState,
    WaitEvent,
)
from asyncio_lab.core.moment import MomentFold, TaskSnap
from asyncio_lab.core.task_book import TaskBook


def _stream(tasks: int = 40, seed: int = 7) -> list[LabEvent]:
    """A plausible run: tasks created, stepping, waiting, ending; a lock; a wait; jobs."""
    rng = random.Random(seed)
    events: list[LabEvent] = []
    t = 0.0
    live: dict[int, TaskState] = {}
    next_id = 1
    while next_id <= tasks or live:
        t += 0.001
        if next_id <= tasks and (not live or rng.random() < 0.3):
            events.append(TaskEvent(t, next_id, None, TaskState.PENDING, "loop", coro_name="job"))
            live[next_id] = TaskState.PENDING
            next_id += 1
            continue
        task_id = rng.choice(sorted(live))
        state = live[task_id]
        if state is TaskState.RUNNING:
            roll = rng.random()
            if roll < 0.6:
                others = tuple(sorted(rng.sample(sorted(live), k=min(2, len(live)))))
                new = TaskState.SUSPENDED
                events.append(
                    TaskEvent(t, task_id, f"job-{task_id}", new, "loop", "sleep()", 12, None,
                              awaited_ids=others if roll < 0.2 else ())
                )  # fmt: skip
            else:
                new = rng.choice([TaskState.DONE, TaskState.CANCELLED, TaskState.FAILED])
                events.append(TaskEvent(t, task_id, f"job-{task_id}", new, "loop", outcome="x"))
                del live[task_id]
                continue
        else:
            new = TaskState.RUNNING
            events.append(TaskEvent(t, task_id, f"job-{task_id}", new, rng.choice("ab")))
        live[task_id] = new
        if rng.random() < 0.05:
            events.append(
                PrimitiveEvent(t, "loop", "lock", "Lock", "locked", (f"job-{task_id}",), ("x",))
            )
        if rng.random() < 0.03:
            kind = rng.choice([HandoffKind.JOB_START, HandoffKind.JOB_RETURN])
            events.append(HandoffEvent(t, "loop", "worker-1", kind, "io", task_id))
        if rng.random() < 0.02:
            events.append(WaitEvent(t, "loop", "FIRST_COMPLETED", None, 0.5, (task_id,), ()))
    return events


def _fold(events: list[LabEvent]) -> MomentFold:
    fold = MomentFold()
    fold.apply(events)
    return fold


def _tasks(events: list[LabEvent]) -> dict[int, TaskSnap]:
    """The tasks after ``events``, folded straight through, by id in creation order."""
    return dict(_fold(events).freeze(len(events)).tasks)


def test_state_at_every_position_is_the_fold_of_the_events_before_it() -> None:
    events = _stream()
    store = EventStore(snapshot_every=16)
    for i in range(0, len(events), 37):
        store.append(events[i : i + 37])
    assert store.count == len(events)
    positions = list(range(0, len(events) + 1, 7)) + [len(events)]
    random.Random(3).shuffle(positions)  # back and forth, as a scrubbing learner does
    for p in positions:
        moment = store.state_at(p)
        expected = _fold(events[:p])
        assert moment.index == p
        assert dict(moment.tasks) == _tasks(events[:p])
        assert dict(moment.primitives) == expected.primitives
        assert moment.last_wait == expected.last_wait


def test_stepping_one_event_at_a_time_forward_and_back_agrees() -> None:
    events = _stream(12)
    store = EventStore(snapshot_every=8)
    store.append(events)
    for p in [*range(len(events) + 1), *range(len(events), -1, -1)]:
        assert dict(store.state_at(p).tasks) == _tasks(events[:p])


def test_the_fold_agrees_with_the_live_task_book() -> None:
    events = _stream()
    book = TaskBook()
    book.apply(events)
    moment = EventStore().state_at(0)
    store = EventStore()
    store.append(events)
    moment = store.state_at(store.count)
    assert list(moment.tasks) == [r.task_id for r in book.records]
    for record in book.records:
        snap = moment.tasks[record.task_id]
        assert (snap.name, snap.state, snap.last_thread, snap.steps, snap.outcome) == (
            record.name, record.state, record.last_thread, record.steps, record.outcome,
        )  # fmt: skip
        assert snap.waiting_on == record.waiting_on


def test_old_events_are_dropped_past_the_bound_and_their_effect_is_kept() -> None:
    events = _stream(200)
    store = EventStore(max_events=300, drop_chunk=100, snapshot_every=32)
    for i in range(0, len(events), 50):
        store.append(events[i : i + 50])
        assert len(store) <= 300
    assert store.first > 0
    assert store.count == len(events)
    with pytest.raises(IndexError):
        store.event(store.first - 1)
    assert store.event(store.first) == events[store.first]
    for p in (store.first, store.first + 5, (store.first + store.count) // 2, store.count):
        moment = store.state_at(p)
        assert moment.dropped == store.first
        assert dict(moment.tasks) == _tasks(events[:p])
    assert store.state_at(0).index == store.first  # clipped to what is held


def test_index_at_finds_the_position_after_the_last_event_at_that_time() -> None:
    events = _stream(10)
    store = EventStore()
    store.append(events)
    middle = events[len(events) // 2]
    p = store.index_at(middle.t)
    assert store.event(p - 1).t <= middle.t
    assert p == store.count or store.event(p).t > middle.t
    assert store.index_at(-1.0) == 0
    assert store.index_at(1e9) == store.count


def test_a_moment_is_frozen() -> None:
    store = EventStore()
    store.append(_stream(3))
    moment = store.state_at(store.count)
    with pytest.raises(TypeError):
        moment.tasks[99] = moment.tasks[1]  # type: ignore[index]


def test_a_moment_keeps_its_tasks_while_the_fold_goes_on() -> None:
    """Moments share unchanged rows with the fold (copy-on-write): folding on, snapshotting,
    stepping back and dropping never change a moment already handed to a view."""
    events = _stream(150, seed=11)
    store = EventStore(max_events=400, drop_chunk=80, snapshot_every=8)
    kept = []
    for i in range(0, len(events), 23):
        store.append(events[i : i + 23])
        p = max(store.first, store.count - 17)
        moment = store.state_at(p)
        kept.append((moment, dict(moment.tasks), moment.tasks.live))
        store.state_at(store.count)
    for moment, tasks, live in kept:
        assert dict(moment.tasks) == tasks == _tasks(events[: moment.index])
        assert live == sum(not s.state.is_final for s in tasks.values())
        rows = moment.tasks.by_row()
        assert [s.task_id for s in rows] == list(tasks)
        assert len(rows) == len(tasks) and (not rows or rows[-1] == rows[len(rows) - 1])
