"""Scrubbing a long run: how long one jump to a random moment takes, as a table (or ``--json``).

``python -m benchmarks.scrub_table [--events 1000000] [--jumps 60] [--json]`` builds an event
store of the given size (as an opened recording holds it: whole) from two synthetic runs and
jumps:

- ``storm``: trivial tasks created in bursts of 10,000, each run once, parked, run and done —
  five events a task, the rows a jump touches lie close together;
- ``wakeups``: 20,000 long-lived tasks woken in random order — every snapshot interval touches
  tasks all over the table, the worst case for sharing unchanged state between snapshots.

A jump is what the window does: ``state_at`` at a random position, the live-task count the
await graph prints, and the 40 rows a table page shows around the middle of the moment's tasks.
Each case runs in a fresh interpreter (:mod:`benchmarks.worker`) so RSS is its own.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from typing import Any

from asyncio_lab.core.event_store import EventStore
from asyncio_lab.core.events import LabEvent, TaskEvent, TaskState

PAGE_ROWS = 40


def storm_events(total: int) -> list[LabEvent]:
    """Bursts of 10,000 created tasks, each run, parked at a sleep, run again and done."""
    events: list[LabEvent] = []
    t, next_id, burst = 0.0, 1, 10_000
    while len(events) < total:
        ids = range(next_id, next_id + burst)
        next_id += burst
        for state in (TaskState.PENDING, TaskState.RUNNING, TaskState.SUSPENDED):
            for task_id in ids:
                t += 1e-6
                awaiting = "sleep()" if state is TaskState.SUSPENDED else None
                line = 3 if awaiting else None
                name = f"Task-{task_id}"
                events.append(TaskEvent(t, task_id, name, state, "MainThread", awaiting, line,
                                        coro_name="work"))  # fmt: skip
        for task_id in ids:
            t += 1e-6
            events.append(TaskEvent(t, task_id, f"Task-{task_id}", TaskState.RUNNING, "MainThread"))
            events.append(TaskEvent(t, task_id, f"Task-{task_id}", TaskState.DONE, "MainThread",
                                    outcome="None"))  # fmt: skip
    return events[:total]


def wakeup_events(total: int, tasks: int = 20_000, seed: int = 5) -> list[LabEvent]:
    """``tasks`` tasks created first, then woken in random order until ``total`` events."""
    rng = random.Random(seed)
    events: list[LabEvent] = []
    t = 0.0
    for task_id in range(1, tasks + 1):
        t += 1e-6
        events.append(TaskEvent(t, task_id, None, TaskState.PENDING, "MainThread", coro_name="w"))
    while len(events) < total:
        task_id = rng.randint(1, tasks)
        t += 1e-6
        events.append(TaskEvent(t, task_id, f"w-{task_id}", TaskState.RUNNING, "MainThread"))
        events.append(TaskEvent(t, task_id, f"w-{task_id}", TaskState.SUSPENDED, "MainThread",
                                "sleep()", 7))  # fmt: skip
    return events[:total]


def _jump(store: EventStore, position: int) -> tuple[float, int]:
    started = time.perf_counter()
    moment = store.state_at(position)
    live = moment.tasks.live if hasattr(moment.tasks, "live") else sum(
        1 for s in moment.tasks.values() if not s.state.is_final)  # fmt: skip
    middle = len(moment.tasks) // 2
    rows = _page(moment.tasks, middle)
    assert len(rows) <= PAGE_ROWS
    return (time.perf_counter() - started) * 1000, live


def _page(tasks: Any, start: int) -> list[Any]:
    if hasattr(tasks, "row"):
        return [tasks.row(i) for i in range(start, min(start + PAGE_ROWS, len(tasks)))]
    return list(tasks.values())[start : start + PAGE_ROWS]  # before the lazy moment


def scrub_case(kind: str, events: int, jumps: int = 60, seed: int = 11) -> dict[str, Any]:
    """One store of ``events`` events of run ``kind``; ``jumps`` cold jumps and 200 steps."""
    from benchmarks.window_cases import rss_mb

    stream = storm_events(events) if kind == "storm" else wakeup_events(events)
    gc.collect()
    base = rss_mb()
    started = time.perf_counter()
    store = EventStore(max_events=max(len(stream), 1))
    store.append(stream)
    store.state_at(store.count)  # what opening a recording does: fold to its end once
    open_ms = (time.perf_counter() - started) * 1000
    del stream
    gc.collect()
    rng = random.Random(seed)
    times = [_jump(store, rng.randint(0, store.count))[0] for _ in range(jumps)]
    here = rng.randint(store.count // 4, store.count // 2)
    steps = []
    for delta in [1] * 100 + [-1] * 100:
        here += delta
        steps.append(_jump(store, here)[0])
    times.sort()
    return {
        "kind": kind,
        "events": store.count,
        "tasks": len(store.state_at(store.count).tasks),
        "open_ms": round(open_ms, 1),
        "jump_ms": {
            "p50": round(statistics.median(times), 2),
            "p95": round(times[int(0.95 * (len(times) - 1))], 2),
            "max": round(times[-1], 2),
        },
        "step_ms_p50": round(statistics.median(steps), 3),
        "store_mb": round(rss_mb() - base, 1),
    }
