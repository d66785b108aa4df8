"""Mistake warnings: each names the mistake, says where, and suggests the fix."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LabEvent,
    LogLevel,
    TaskEvent,
    TaskState,
)
from asyncio_lab.core.lag_probe import LoopLagProbe, StallWatcher, sample_running_line
from asyncio_lab.core.mistakes import (
    BLOCKED,
    DESTROYED_PENDING,
    NEVER_AWAITED,
    NEVER_RETRIEVED,
    ORPHAN_JOB,
    MistakeDetector,
)
from asyncio_lab.core.runner import run_headless
from asyncio_lab.core.threaded_host import ThreadedHost
from asyncio_lab.core.tracker import Tracker

THRESHOLD = 0.2  # seconds; the blocking demo blocks three times as long

R, S = TaskState.RUNNING, TaskState.SUSPENDED


def ev(t: float, state: TaskState, task_id: int = 1, **kw) -> TaskEvent:
    return TaskEvent(t, task_id, "job", state, "loop", coro_name="job", **kw)


def warnings_for(events: list[LabEvent], kind: str, **detector_options) -> list[str]:
    """The ``kind`` warnings the log shows for ``events``, as text, in order."""
    detector = MistakeDetector(**detector_options)
    shown = [e.message for e in detector.feed(events) if e.level is LogLevel.WARNING]
    return [text for text in shown if text.startswith(f"⚠ {kind.capitalize()}: ")]


def test_one_warning_per_long_step_even_across_batches():
    detector = MistakeDetector(block_threshold=0.1)
    assert detector.feed([ev(0.0, TaskState.PENDING), ev(0.0, R, line=None)]) == []
    warnings_out = detector.feed([ev(0.5, S, line=12)])
    assert detector.feed([ev(0.6, R), ev(0.65, S, line=14), ev(0.7, R)]) == []
    (warning,) = warnings_out
    assert warning.level is LogLevel.WARNING and warning.task_name == "job"
    assert "Blocked the loop" in warning.message and "500 ms" in warning.message
    assert "line 12" in warning.message and "Fix:" in warning.message
    assert "to_thread" in warning.message
    (mistake,) = detector.found
    assert (mistake.kind, mistake.task_id, mistake.line) == (BLOCKED, 1, 12)


def test_warnings_go_to_the_sink_too():
    got = []
    detector = MistakeDetector(block_threshold=0.1, sink=got.append)
    detector.feed([ev(0.0, R), ev(1.0, TaskState.DONE)])
    assert len(got) == 1 and got[0].level is LogLevel.WARNING


def _longest_gap(run) -> float:
    (line,) = [line for line in run.printed if "longest gap" in line]
    return float(line.rsplit(" ", 2)[-2])


def test_the_blocking_sleep_demo_gets_exactly_one_warning_naming_its_coroutine():
    run = run_headless("interplay.blocking-sleep", {"block": 0.6, "tick": 0.05})
    assert run.ok, run.outcome
    blocked = warnings_for(run.events, BLOCKED, block_threshold=THRESHOLD)
    assert len(blocked) == 1, blocked
    assert "'sleepy'" in blocked[0]
    # the program's own ticker saw the stall
    assert _longest_gap(run) > THRESHOLD


def test_the_fixed_version_blocks_nothing():
    run = run_headless("interplay.to-thread-fix", {"block": 0.6, "tick": 0.05})
    assert run.ok, run.outcome
    blocked = warnings_for(run.events, BLOCKED, block_threshold=THRESHOLD)
    assert blocked == []
    assert _longest_gap(run) < THRESHOLD


def test_the_lag_probe_sees_the_stall_on_the_threaded_host_and_the_watcher_finds_the_line():
    from asyncio_lab.core.program.on_host import ProgramHandle

    host = ThreadedHost()
    host.start()
    probe = LoopLagProbe(0.02)
    detector = MistakeDetector(block_threshold=THRESHOLD)
    watcher = StallWatcher(probe, detector.note_stall, threshold=THRESHOLD)
    demo = catalogue.get("interplay.blocking-sleep")
    program = demo.program({"block": 0.6, "tick": 0.05})
    try:
        probe.start(host.loop)
        watcher.start()
        handle = ProgramHandle(program, host).start()
        assert handle.outcome.result(timeout=20).ok
        assert max(probe.values()) > THRESHOLD
        assert sorted(probe.values())[len(probe.values()) // 2] < THRESHOLD  # usually on time
        events = host.tracker.buffer.drain()
    finally:
        watcher.stop()
        probe.stop()
        host.shutdown()
    detector.feed(events)
    blocked = [m for m in detector.found if m.kind == BLOCKED]
    assert [m.task_name for m in blocked] == ["sleepy"]
    assert blocked[0].thread == "asyncio-loop"
    lines = program.text.splitlines()
    mistake_line = 1 + next(i for i, text in enumerate(lines) if "# the mistake" in text)
    assert lines[mistake_line - 1].strip().startswith("time.sleep(BLOCK)")
    assert blocked[0].line == mistake_line
    assert f"at line {mistake_line} `time.sleep(BLOCK)`" in blocked[0].message


def test_a_stopped_probe_stops_sampling():
    async def main() -> tuple[int, int]:
        probe = LoopLagProbe(0.01)
        probe.start(asyncio.get_running_loop())
        await asyncio.sleep(0.1)
        probe.stop()
        seen = len(probe.samples)
        await asyncio.sleep(0.1)
        return seen, len(probe.samples)

    seen, later = asyncio.run(main())
    assert seen >= 2 and later == seen


@pytest.mark.parametrize("fix", [False, True])
def test_a_thread_that_outlives_its_cancelled_task_is_reported_unless_stopped(fix):
    run = run_headless("interplay.cancel-to-thread", {"seconds": 1.0, "fix": fix})
    assert run.ok, run.outcome
    orphans = warnings_for(run.events, ORPHAN_JOB)
    if fix:
        assert orphans == []
        assert "slow_job did all 20 pieces: False" in run.printed
    else:
        (orphan,) = orphans
        assert "'waiter'" in orphan and "slow_job()" in orphan
        assert "threading.Event" in orphan  # the fix


def test_a_job_that_returns_in_time_after_cancel_is_fine():
    events = [
        ev(0.0, R),
        HandoffEvent(0.01, "loop", "w1", HandoffKind.JOB_START, "f", 1),
        ev(0.02, S),
        ev(0.5, R),
        ev(0.5, TaskState.CANCELLED),
        HandoffEvent(0.55, "w1", "loop", HandoffKind.JOB_RETURN, "f", 1),
        ev(2.0, R, task_id=2),
    ]
    assert warnings_for(events, ORPHAN_JOB) == []
    late = events[:5] + [HandoffEvent(0.9, "w1", "loop", HandoffKind.JOB_RETURN, "f", 1)]
    assert len(warnings_for(late, ORPHAN_JOB)) == 1


def _loop_errors(body) -> list:
    tracker = Tracker()

    async def main() -> None:
        tracker.install(asyncio.get_running_loop())
        try:
            await body()
        finally:
            tracker.uninstall()

    asyncio.run(main())
    return tracker.buffer.drain()


def test_an_exception_nobody_retrieved_is_explained():
    async def body() -> None:
        async def boom() -> None:
            raise ValueError("lost")

        task = asyncio.create_task(boom(), name="boom")
        await asyncio.sleep(0.01)
        del task
        gc.collect()

    (warning,) = warnings_for(_loop_errors(body), NEVER_RETRIEVED)
    assert "'boom'" in warning and "ValueError: lost" in warning
    assert "TaskGroup" in warning.partition("Fix:")[2]


def test_a_task_destroyed_while_pending_is_explained():
    async def body() -> None:
        async def forever(fut: asyncio.Future[None]) -> None:
            await fut

        fut = asyncio.get_running_loop().create_future()
        task = asyncio.create_task(forever(fut), name="orphan")
        await asyncio.sleep(0.01)
        del task, fut
        gc.collect()

    (warning,) = warnings_for(_loop_errors(body), DESTROYED_PENDING)
    assert "'orphan'" in warning


def test_a_coroutine_never_awaited_is_caught_by_the_warning_hook():
    async def forgotten() -> None:
        pass

    detector = MistakeDetector(now=lambda: 1.5)
    with warnings.catch_warnings(record=True) as passed_on:
        warnings.simplefilter("always")
        detector.install_warning_hook()
        try:
            forgotten()  # called, never awaited: Python warns when the coroutine is dropped
            gc.collect()
            warnings.warn("something else", UserWarning, stacklevel=1)
        finally:
            detector.remove_warning_hook()
    (warning,) = detector.feed([])
    assert "Coroutine never awaited" in warning.message and "forgotten" in warning.message
    assert "await" in warning.message and warning.t == 1.5
    assert [str(w.message) for w in passed_on] == ["something else"]  # others pass through
    assert [m.kind for m in detector.found] == [NEVER_AWAITED]


def test_sampling_a_loop_that_runs_nothing_names_no_task():
    loop = asyncio.new_event_loop()
    try:
        sample = sample_running_line(loop)
    finally:
        loop.close()
    assert sample.task_id is None and sample.line is None
