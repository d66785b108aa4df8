"""Seed §2.2.10–2.2.11: to_thread and cross-thread scheduling, asserted through headless runs."""

from __future__ import annotations

from asyncio_lab.core.events import HandoffEvent, LogEvent, TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless

LOOP_THREAD = "MainThread"  # run_headless runs the loop on the calling thread


def log_time(run: DemoRun, text: str) -> float:
    """When the first log line containing ``text`` was written."""
    return next(e.t for e in run.events if isinstance(e, LogEvent) and text in e.message)


def sleep_began(run: DemoRun) -> float:
    """When the first task parked in ``asyncio.sleep``."""
    return next(
        e.t
        for e in run.events
        if isinstance(e, TaskEvent) and e.state is TaskState.SUSPENDED and e.awaiting == "sleep()"
    )


def log_threads(run: DemoRun, text: str) -> set[str]:
    """The threads on which log lines containing ``text`` were written."""
    return {e.thread for e in run.events if isinstance(e, LogEvent) and text in e.message}


def test_to_thread_runs_beside_the_sleep_on_a_worker_thread() -> None:
    run = run_headless("threads.to-thread-beside-sleep", speed=5)
    assert run.ok, run.error
    assert run.result["ran_on"] != LOOP_THREAD
    assert log_threads(run, "blocking call starts") == {run.result["ran_on"]}
    handoffs = [e for e in run.events if isinstance(e, HandoffEvent)]
    assert any(
        h.source_thread == LOOP_THREAD and h.target_thread == run.result["ran_on"] for h in handoffs
    )
    # ≈ 1 s, not 2: the loop began the sleep while the call was still blocking its thread
    assert sleep_began(run) < log_time(run, "blocking call ends")


def test_calling_the_blocking_function_inline_blocks_the_loop() -> None:
    run = run_headless("threads.to-thread-beside-sleep", {"use_thread": False}, speed=5)
    assert run.ok, run.error
    assert run.result["ran_on"] == LOOP_THREAD
    assert run.result["total"] >= 1.9  # the sleep could only start after the call: ≈ 2 s
    assert sleep_began(run) > log_time(run, "blocking call ends")
    assert not [e for e in run.events if isinstance(e, HandoffEvent)]


def test_three_blocking_calls_overlap_and_end_in_duration_order() -> None:
    run = run_headless("threads.to-thread-many", speed=5)  # 1, 3, 2 s
    assert run.ok, run.error
    assert run.checkpoints == ["A done", "C done", "B done"]
    threads = run.result["threads"]
    assert len(set(threads)) == 3 and LOOP_THREAD not in threads
    # ≈ 3 s (the longest), far from the 6 s sum: all three were blocking before the first ended
    starts = [log_time(run, f"{name} starts blocking") for name in "ABC"]
    assert max(starts) < log_time(run, "A done")


def test_to_thread_copies_context_variables_but_run_in_executor_does_not() -> None:
    run = run_headless("threads.contextvars", {"value": "req-7"}, speed=20)
    assert run.ok, run.error
    assert run.result == {"to_thread": "req-7", "run_in_executor": "-"}
    readers = log_threads(run, "sees request_id")
    assert readers and LOOP_THREAD not in readers


def test_run_coroutine_threadsafe_returns_the_result_to_the_thread() -> None:
    run = run_headless("threads.run-coroutine-threadsafe", speed=5)  # 2 s work, 3 s limit
    assert run.ok, run.error
    assert run.result == "returned 'job result'"
    assert run.checkpoints == ["coroutine starts on the loop", "coroutine finishes"]
    assert log_threads(run, "coroutine starts on the loop") == {LOOP_THREAD}


def test_run_coroutine_threadsafe_timeout_cancels_the_coroutine_in_the_loop() -> None:
    run = run_headless("threads.run-coroutine-threadsafe", {"work": 3.0, "limit": 1.0}, speed=10)
    assert run.ok, run.error
    assert run.result == "timed out and cancelled"
    assert run.checkpoints == [
        "coroutine starts on the loop",
        "result() timed out in the thread",
        "coroutine cancelled",
    ]
    assert log_threads(run, "result() timed out") == {"submitter"}
    assert log_threads(run, "coroutine cancelled") == {LOOP_THREAD}
    final = [e for e in run.events if isinstance(e, TaskEvent) and e.state.is_final]
    assert TaskState.CANCELLED in {e.state for e in final}


def test_loop_in_a_background_thread_runs_the_jobs_and_stops_cleanly() -> None:
    run = run_headless("threads.loop-in-thread", {"jobs": 3, "work": 0.5}, speed=5)
    assert run.ok, run.error
    assert run.result == {
        "ran_on": ["background-loop"] * 3,
        "callback_on": ["background-loop"],
        "closed": True,
    }
    assert log_threads(run, "starts on background-loop") == {"background-loop"}
