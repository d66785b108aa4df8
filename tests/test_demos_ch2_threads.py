"""Seed §2.2.10–2.2.11: to_thread and cross-thread scheduling, asserted from what the programs
printed (and on which thread) and what the tracker saw."""

from __future__ import annotations

import re

from asyncio_lab.core.events import HandoffEvent, TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun
from tests.demo_helpers import printed, printed_by, run_program

LOOP_THREAD = "MainThread"  # headless, the program's loop runs on the calling thread


def number(line: str) -> float:
    """The first decimal number in a printed line."""
    found = re.search(r"\d+\.\d+", line)
    assert found, line
    return float(found.group())


def line_with(run: DemoRun, text: str) -> str:
    (line,) = [line for line in printed(run) if text in line]
    return line


def threads_of(run: DemoRun, text: str) -> set[str]:
    return {thread for line, _, thread in printed_by(run) if text in line}


def handoffs(run: DemoRun) -> list[HandoffEvent]:
    return [e for e in run.events if isinstance(e, HandoffEvent)]


def test_to_thread_runs_beside_the_sleep_on_a_worker_thread() -> None:
    # At full speed: a loaded machine can take 100 ms to start the worker thread, which at
    # speed 5 read as a sleep that could start only 0.5 s in.
    run = run_program("threads.to-thread-beside-sleep", speed=1)
    assert threads_of(run, "blocking call starts") == {"asyncio_0"}
    assert "the blocking call ran on the loop's thread: False" in printed(run)
    assert number(line_with(run, "asyncio.sleep could start")) < 0.5  # at once, not after 1 s
    total = number(line_with(run, "total"))
    assert total < 1.5  # about one call's length (1 s), not two
    assert any(
        h.source_thread == LOOP_THREAD
        and h.target_thread == "asyncio_0"
        and "blocking_io" in h.what
        for h in handoffs(run)
    )


def test_calling_the_blocking_function_inline_blocks_the_loop() -> None:
    run = run_program("threads.to-thread-beside-sleep", speed=5, use_thread=False)
    assert threads_of(run, "blocking call starts") == {LOOP_THREAD}
    assert "the blocking call ran on the loop's thread: True" in printed(run)
    assert number(line_with(run, "asyncio.sleep could start")) >= 0.9  # only after the call
    assert number(line_with(run, "total")) >= 1.9  # the two waits one after the other
    assert not [h for h in handoffs(run) if "blocking_io" in h.what]


def test_three_blocking_calls_overlap_and_end_in_duration_order() -> None:
    run = run_program("threads.to-thread-many", speed=5)  # 0.5, 1.5, 1.0 s
    done = [line.split()[0] for line in printed(run) if " done after " in line]
    assert done == ["A", "C", "B"]
    assert len(threads_of(run, " done after ")) == 3 and LOOP_THREAD not in threads_of(run, "done")
    assert "worker threads used: 3" in printed(run)
    assert "was one of them the loop's thread? False" in printed(run)
    total = number(line_with(run, "total"))
    assert total < 0.5 + 1.5 + 1.0 - 0.4  # about the longest (1.5 s), well short of the 3 s sum


def test_to_thread_copies_context_variables_but_run_in_executor_does_not() -> None:
    run = run_program("threads.context-vars", speed=20, value="req-7")
    assert printed(run) == [
        "to_thread: the worker thread sees request_id = 'req-7'",
        "run_in_executor: the worker thread sees request_id = '-'",
        "back in the task, request_id = 'req-7'",  # the thread changed only its copy
    ]
    readers = threads_of(run, "the worker thread sees")
    assert readers and LOOP_THREAD not in readers


def test_run_coroutine_threadsafe_hands_over_and_the_worker_prints_the_answer() -> None:
    run = run_program("threads.run-coroutine-threadsafe", speed=5)  # 1 s work, 2 s limit
    lines = printed(run)
    by = {line: thread for line, _, thread in printed_by(run)}
    assert by["worker: handing multiply(6, 7) to the loop"] == "worker"
    assert by["multiply runs on MainThread, the loop's thread"] == LOOP_THREAD
    assert by["worker: the answer came back: 42"] == "worker"
    assert lines.index("multiply runs on MainThread, the loop's thread") < lines.index(
        "worker: the answer came back: 42"
    )
    # the exception raised in the coroutine is raised again in the worker thread
    assert by["worker: result() raised ZeroDivisionError - division by zero"] == "worker"
    assert lines[-1] == "main: the worker is done"
    sent = [h for h in handoffs(run) if h.what.startswith("run_coroutine_threadsafe(")]
    assert [(h.source_thread, h.target_thread) for h in sent] == [("worker", LOOP_THREAD)] * 2
    back = [h for h in handoffs(run) if h.what == "result of multiply"]
    assert [(h.source_thread, h.target_thread) for h in back] == [(LOOP_THREAD, "worker")]
    failed = [e for e in run.events if isinstance(e, TaskEvent) and e.state is TaskState.FAILED]
    assert len(failed) == 1 and "ZeroDivisionError" in (failed[0].outcome or "")


def test_run_coroutine_threadsafe_timeout_cancels_the_coroutine_in_the_loop() -> None:
    run = run_program("threads.run-coroutine-threadsafe", speed=10, work=3.0, limit=1.0)
    lines = printed(run)
    by = {line: thread for line, _, thread in printed_by(run)}
    assert by["worker: no answer within 1.0 s, cancelling"] == "worker"
    assert by["multiply was cancelled on the loop"] == LOOP_THREAD
    assert lines.index("worker: no answer within 1.0 s, cancelling") < lines.index(
        "multiply was cancelled on the loop"
    )
    assert not [line for line in lines if "answer came back" in line]
    final = [e for e in run.events if isinstance(e, TaskEvent) and e.state.is_final]
    assert TaskState.CANCELLED in {e.state for e in final}


def test_loop_in_a_background_thread_runs_the_jobs_and_stops_only_when_woken() -> None:
    run = run_program("threads.loop-in-thread", speed=5, jobs=3, work=0.3)
    lines = printed(run)
    assert "the jobs ran on: ['background-loop']" in lines
    assert threads_of(run, "the done-callback runs on") == {"background-loop"}
    assert "the done-callback runs on background-loop" in lines
    # stop() from another thread leaves an idle loop asleep; call_soon_threadsafe wakes it
    assert "still running 0.5 s after background.stop(): True" in lines
    assert "stopped after call_soon_threadsafe(background.stop): True" in lines
    assert threads_of(run, "the listener is cancelled") == {"background-loop"}
    assert lines.index("still running 0.5 s after background.stop(): True") < lines.index(
        "background: the listener is cancelled during clean-up"
    )
    assert lines[-1] == "background loop closed: True"
