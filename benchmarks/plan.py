"""What a run measures, and how often: the quick plan (under a minute) and the full one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plan:
    repeats: int  # interleaved repeats of each side-by-side comparison
    sizes: tuple[int, ...]  # TaskGroup sizes for the throughput table
    qasync_sizes: tuple[int, ...]  # stock qasync's cost grows with N: it stops early
    qasync_repeats: int
    budget_s: float  # a loop whose next size would take longer than this stops there
    inner: int  # runs of each size up to 100k inside one process (median taken)
    timers: int  # chained timers per loop
    round_trips: int
    tracker_sizes: tuple[int, ...]
    eager_tasks: int
    storm_tasks: int
    tick_ms: int
    inspector_sizes: tuple[int, ...]
    paint_repeats: int


QUICK = Plan(
    repeats=3,
    sizes=(10_000, 100_000),
    qasync_sizes=(10_000,),
    qasync_repeats=1,
    budget_s=10.0,
    inner=1,
    timers=200,
    round_trips=300,
    tracker_sizes=(20_000,),
    eager_tasks=20_000,
    storm_tasks=100_000,
    tick_ms=5,
    inspector_sizes=(10_000,),
    paint_repeats=1,
)

FULL = Plan(
    repeats=3,
    sizes=(10_000, 100_000, 1_000_000),
    qasync_sizes=(10_000, 100_000),
    qasync_repeats=1,
    budget_s=60.0,
    inner=3,
    timers=1000,
    round_trips=1000,
    tracker_sizes=(10_000, 100_000),
    eager_tasks=100_000,
    storm_tasks=1_000_000,
    tick_ms=5,
    inspector_sizes=(10_000, 100_000),
    paint_repeats=3,
)

# The targets of issue 6, as (figure, bound) pairs the report checks.
TARGETS = {
    "throughput_ratio": 1.15,  # LabQtLoop per-task cost / plain asyncio, at every size
    "tracker_overhead": 0.15,  # tracked / untracked - 1
    "timer_p99_ms": 2.0,  # on an idle loop; and never early
    "frame_gap_p99_ms": 50.0,  # GUI tick while a storm runs on the integrated loop
    "round_trip_ratio": 1.2,  # p50 / plain run_coroutine_threadsafe + result()
}
