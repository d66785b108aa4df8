"""The timeline model: lanes per thread, task bars split into steps, jobs and arrows."""

from __future__ import annotations

import time

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LogEvent,
    LogLevel,
    TaskEvent,
    TaskState,
)
from asyncio_lab.core.runner import run_headless
from asyncio_lab.core.timeline import JobBar, TaskBar, Timeline

P, R, S = TaskState.PENDING, TaskState.RUNNING, TaskState.SUSPENDED


def ev(t: float, task_id: int, state: TaskState, thread: str = "loop", **kw) -> TaskEvent:
    return TaskEvent(t, task_id, kw.pop("name", f"t{task_id}"), state, thread, **kw)


def test_a_task_becomes_one_bar_with_running_and_suspended_segments():
    tl = Timeline()
    tl.add([ev(0.0, 1, P), ev(0.1, 1, R), ev(0.2, 1, S, awaiting="sleep", line=7)])
    tl.add([ev(0.5, 1, R), ev(0.6, 1, TaskState.DONE, outcome="42")])
    bar = tl.bars[1]
    assert [(s.state, s.start, s.end) for s in bar.segments] == [
        (P, 0.0, 0.1),
        (R, 0.1, 0.2),
        (S, 0.2, 0.5),
        (R, 0.5, 0.6),
    ]
    assert (bar.start, bar.end, bar.state, bar.outcome) == (0.0, 0.6, TaskState.DONE, "42")
    assert tl.live_tasks == 0
    assert bar.line == 7
    assert abs(bar.time_in(R, 1.0) - 0.2) < 1e-9 and abs(bar.time_in(S, 1.0) - 0.3) < 1e-9


def test_a_live_task_has_an_open_last_segment_and_reports_what_it_awaits():
    tl = Timeline()
    tl.add([ev(0.0, 1, P), ev(0.1, 1, R), ev(0.2, 1, S, awaiting="Event.wait()")])
    bar = tl.bars[1]
    assert bar.end is None and bar.segments[-1].end is None and tl.live_tasks == 1
    assert bar.awaiting == "Event.wait()"


def test_each_thread_gets_a_lane_and_handoffs_make_jobs_and_arrows():
    tl = Timeline()
    tl.add(
        [
            ev(0.0, 1, P),
            ev(0.0, 1, R),
            HandoffEvent(0.1, "loop", "worker-1", HandoffKind.JOB_START, "blocking", 1),
            ev(0.1, 1, S),
            HandoffEvent(0.4, "worker-1", "loop", HandoffKind.JOB_RETURN, "blocking", 1),
            ev(0.4, 1, R),
            ev(0.5, 1, TaskState.DONE),
        ]
    )
    assert list(tl.lanes) == ["loop", "worker-1"]
    (job,) = tl.jobs
    assert (job.lane, job.start, job.end, job.task_id, job.caller) == (
        "worker-1",
        0.1,
        0.4,
        1,
        "loop",
    )
    assert [a.what for a in tl.arrows] == ["start blocking", "return from blocking"]
    assert all(tl.job_for(a) is job for a in tl.arrows)


def test_concurrent_tasks_take_separate_rows_and_reuse_freed_ones():
    tl = Timeline()
    tl.add([ev(0.0, 1, P), ev(0.0, 2, P), ev(1.0, 1, TaskState.DONE), ev(2.0, 3, P)])
    assert tl.bars[1].row != tl.bars[2].row
    assert tl.bars[3].row == tl.bars[1].row  # task 1's row was free again


def test_window_queries_return_only_overlapping_spans():
    tl = Timeline()
    events = []
    for i in range(1, 2001):  # short tasks one after another, plus a long one
        events += [ev(i * 0.01, i, P), ev(i * 0.01 + 0.005, i, TaskState.DONE)]
    events.insert(0, ev(0.0, 99999, P))
    tl.add(events)
    seen = {s.task_id for s in tl.visible("loop", 10.0, 10.1) if isinstance(s, TaskBar)}
    assert 99999 in seen  # still open: visible everywhere
    assert seen - {99999} == set(range(1000, 1011))


def test_ten_thousand_tasks_stay_cheap_to_add_and_query():
    events = []
    for i in range(1, 10_001):
        t = i * 0.001
        events += [ev(t, i, P), ev(t, i, R), ev(t + 0.0005, i, S), ev(t + 0.05, i, R)]
        events.append(ev(t + 0.0505, i, TaskState.DONE))
    events.sort(key=lambda e: e.t)
    tl = Timeline()
    start = time.perf_counter()
    for k in range(0, len(events), 500):  # batches, as the bridge delivers them
        tl.add(events[k : k + 500])
    added = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(60):  # a second of repaints at 60 Hz
        window = list(tl.visible("loop", 5.0, 5.2))
    queried = time.perf_counter() - start
    assert 200 <= len(window) <= 300  # what is on screen, not all 10,000
    assert queried < added  # a repaint costs far less than folding the stream once


def test_warnings_and_errors_become_markers_on_their_lane():
    tl = Timeline()
    tl.add(
        [
            LogEvent(0.1, "loop", "hello"),
            LogEvent(0.2, "loop", "⚠ Blocked the loop", LogLevel.WARNING, "t1"),
        ]
    )
    assert [(m.lane, m.level) for m in tl.markers] == [("loop", LogLevel.WARNING)]


def test_clear_forgets_everything():
    tl = Timeline()
    tl.add([ev(0.0, 1, P)])
    tl.clear()
    assert not tl.bars and not tl.lanes and tl.end_time == 0.0


def test_a_to_thread_demo_puts_the_job_on_a_worker_lane_between_two_arrows():
    run = run_headless("interplay.to-thread-fix", {"block": 0.2, "tick": 0.05})
    assert run.ok, run.outcome
    tl = Timeline()
    tl.add(run.events)
    sleepy = next(b for b in tl.bars.values() if b.label == "sleepy")
    loop_lane = sleepy.lane
    (job,) = [j for j in tl.jobs if j.what == "nap"]
    assert job.lane != loop_lane and job.task_id == sleepy.task_id
    start, back = [a for a in tl.arrows if a.task_id == sleepy.task_id]
    assert (start.source, start.target) == (loop_lane, job.lane)
    assert (back.source, back.target) == (job.lane, loop_lane)
    assert start.t <= job.start < job.end <= back.t  # start arrow before return arrow
    # the task is suspended while its job runs (the worker may start a hair before the
    # step that handed the job over has finished suspending)
    middle = (job.start + job.end) / 2
    assert any(s.state is S and s.start <= middle <= s.end for s in sleepy.segments)
    assert isinstance(next(iter(tl.visible(job.lane, job.start, job.end))), JobBar)


def test_late_warnings_are_still_found_by_time():
    tl = Timeline()
    tl.add(
        [
            LogEvent(0.5, "loop", "late", LogLevel.WARNING),
            LogEvent(0.2, "loop", "early", LogLevel.ERROR),
        ]
    )
    assert [m.message for m in tl.markers] == ["early", "late"]
    assert [m.message for m in tl.markers_between(0.1, 0.3)] == ["early"]
