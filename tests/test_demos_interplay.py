"""Chapter 7, threads meet the loop: each lesson's promised behaviour, as orderings and ratios."""

from __future__ import annotations

import os

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import HandoffEvent
from asyncio_lab.core.runner import run_headless

INTERPLAY_IDS = (
    "interplay.blocking-sleep",
    "interplay.to-thread-fix",
    "interplay.gil",
    "interplay.executor-full",
    "interplay.wrong-thread",
    "interplay.cancel-to-thread",
)


def test_these_are_all_of_chapter_7():
    # (that each is explained and bounded is test_catalogue's job, for every demo)
    assert {d.id for d in catalogue.all_demos() if d.chapter == "7"} == set(INTERPLAY_IDS)


def test_blocking_sleep_starves_the_ticker_and_to_thread_does_not():
    blocked = run_headless("interplay.blocking-sleep", {"block": 0.5, "tick": 0.05})
    fixed = run_headless("interplay.to-thread-fix", {"block": 0.5, "tick": 0.05})
    assert blocked.ok and fixed.ok, (blocked.error, fixed.error)
    # blocked: the ticker waited about the whole block; fixed: it kept (roughly) its beat
    assert blocked.result["worst_tick_gap"] > 2 * fixed.result["worst_tick_gap"]
    assert blocked.result["loop_lag"] > 4 * fixed.result["loop_lag"] + 0.05
    threads = {e.thread for e in blocked.events}
    assert len(threads) == 1  # nothing left the loop's thread
    worker = fixed.result["worker"]
    assert any(isinstance(e, HandoffEvent) and e.target_thread == worker for e in fixed.events)


def test_slow_motion_stretches_the_block_but_caps_it():
    run = run_headless("interplay.blocking-sleep", {"block": 0.2, "tick": 0.02}, speed=0.5)
    assert run.ok, run.error
    assert run.result["worst_tick_gap"] > 0.3  # 0.2 demo-seconds at half speed = 0.4 s


def test_only_work_that_releases_the_gil_gets_faster_in_threads():
    run = run_headless("interplay.gil", {"jobs": 3, "size": 1})
    assert run.ok, run.error
    speedups = run.result["speedups"]
    assert set(speedups) == {"pure Python", "time.sleep", "hashlib"}
    assert speedups["time.sleep"] > 2.0  # three sleeps overlap: ideally 3x
    if run.result["gil"]:
        assert speedups["pure Python"] < 2.0  # takes turns on the GIL: ideally 1x
        assert speedups["time.sleep"] > speedups["pure Python"]


def test_the_executor_fills_up_and_the_extra_jobs_queue():
    run = run_headless("interplay.executor-full", {"extra": 3, "seconds": 0.4})
    assert run.ok, run.error
    workers = run.result["workers"]
    assert workers == min(32, (os.cpu_count() or 1) + 4)  # a plain loop's ThreadPoolExecutor
    assert run.result["jobs"] == workers + 3
    assert run.result["queued"] == 3
    assert run.result["threads"] == workers
    starts = [e for e in run.events if isinstance(e, HandoffEvent) and e.what == "start job"]
    assert len({e.target_thread for e in starts}) == workers
    first_wave = sorted(e.t for e in starts)
    assert first_wave[workers] - first_wave[workers - 1] > 0.2  # the queued ones start late


def test_wrong_thread_is_caught_in_debug_mode_and_threadsafe_runs_on_the_loop():
    run = run_headless("interplay.wrong-thread")
    assert run.ok, run.error
    assert run.result["error"].startswith("RuntimeError: Non-thread-safe operation")
    assert run.result["ran_on"] == [run.result["loop_thread"]]  # once, and on the loop


def test_cancelling_the_task_leaves_the_thread_running_unless_it_checks_a_flag():
    after = {}
    for fix in (False, True):
        run = run_headless("interplay.cancel-to-thread", {"seconds": 0.8, "fix": fix})
        assert run.ok, run.error
        after[fix] = run.result["ran_after_cancel"]
    assert after[False] > 0.3  # unchecked, the job runs out its remaining ~0.6 s
    assert after[True] < after[False] / 3  # with the flag it stops within a slice (0.04 s)


@pytest.mark.gui
def test_on_the_integrated_host_the_executor_is_qasyncs_and_debug_mode_still_catches(qtbot):
    from asyncio_lab.core.context import DemoContext
    from asyncio_lab.gui.integrated_host import IntegratedHost

    host = IntegratedHost()
    host.start()
    try:
        results = {}
        for demo_id, params in (
            ("interplay.executor-full", {"extra": 2, "seconds": 0.3}),
            ("interplay.wrong-thread", {}),
        ):
            demo = catalogue.get(demo_id)
            future = host.submit(demo.run(DemoContext(host.tracker), **params), demo_id)
            qtbot.waitUntil(future.done, timeout=20_000)
            results[demo_id] = future.result()
    finally:
        host.shutdown()
    full = results["interplay.executor-full"]
    assert full["workers"] == 10  # qasync's QThreadExecutor default, found by attribute
    assert full["queued"] == 2 and full["threads"] == 10
    wrong = results["interplay.wrong-thread"]
    assert wrong["error"].startswith("RuntimeError: Non-thread-safe operation")
    assert wrong["ran_on"] == [wrong["loop_thread"]]
