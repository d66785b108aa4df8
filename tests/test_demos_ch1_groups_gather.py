"""§2.2.3–§2.2.5: task groups, sleep, gather (with a local HTTP server), via headless runs."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.events import LogEvent, LogLevel, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless
from asyncio_lab.core.tracker import Tracker
from tests.demo_helpers import final_states, messages


# §2.2.3 TaskGroup ------------------------------------------------------------------------------
def test_taskgroup_all_results_after_the_block() -> None:
    run = run_headless("taskgroup.all-succeed", {"tasks": 4, "step": 0.5}, speed=20)
    assert run.ok, run.error
    assert run.result == ["result 1", "result 2", "result 3", "result 4"]
    assert run.checkpoints == [
        "all started",
        "task 1 done",
        "task 2 done",
        "task 3 done",
        "task 4 done",
        "block left",
    ]
    states = final_states(run)
    assert all(states[f"task-{n}"] is TaskState.DONE for n in range(1, 5))


@pytest.mark.parametrize("handler", ["except*", "except Exception"])
def test_one_failure_cancels_the_siblings_and_raises_a_group(handler: str) -> None:
    run = run_headless("taskgroup.one-fails", {"handler": handler}, speed=20)
    assert run.ok, run.error
    assert run.result == {
        "task-1": "done: 'result 1'",
        "task-2": "failed: ValueError('task 2 failed!')",
        "task-3": "cancelled",
    }
    cps = run.checkpoints
    assert cps[:3] == ["task 1 done", "task 2 fails", "task 3 cancelled"]
    assert cps[3] == handler.replace("except*", "except* ValueError")
    said = messages(run, LogLevel.RESULT)
    assert any("unhandled errors in a TaskGroup (1 sub-exception)" in m for m in said)
    states = final_states(run)
    assert states["task-1"] is TaskState.DONE
    assert states["task-2"] is TaskState.FAILED
    assert states["task-3"] is TaskState.CANCELLED


def test_when_the_first_task_fails_both_others_are_cancelled() -> None:
    run = run_headless("taskgroup.one-fails", {"failing": 1}, speed=20)
    assert run.ok, run.error
    assert run.result["task-2"] == run.result["task-3"] == "cancelled"
    assert run.checkpoints[0] == "task 1 fails"


def test_except_star_runs_one_clause_per_kind() -> None:
    run = run_headless("taskgroup.except-star", speed=20)
    assert run.ok, run.error
    assert run.result == {"ValueError": ["bad number: 'x1'"], "KeyError": ["'user-42'"]}
    assert run.checkpoints == ["slow task cancelled", "except* ValueError", "except* KeyError"]
    states = final_states(run)
    assert states["parse"] is TaskState.FAILED
    assert states["lookup"] is TaskState.FAILED
    assert states["slow"] is TaskState.CANCELLED


def test_except_star_with_one_kind_of_failure() -> None:
    run = run_headless("taskgroup.except-star", {"lookup_fails": False}, speed=20)
    assert run.ok, run.error
    assert list(run.result) == ["ValueError"]
    assert "except* KeyError" not in run.checkpoints
    assert final_states(run)["lookup"] is TaskState.DONE


def test_terminating_a_group_keeps_finished_work_and_cancels_the_rest() -> None:
    run = run_headless("taskgroup.terminate", speed=20)  # jobs of 0.5 s and 1.5 s, stop at 1 s
    assert run.ok, run.error
    assert run.result == {"job-1": "job 1 result", "job-2": "cancelled"}
    cps = run.checkpoints
    assert cps.index("job 1 done") < cps.index("job 2 cancelled") < cps.index("group terminated")
    states = final_states(run)
    assert states["terminator"] is TaskState.FAILED
    assert states["job-2"] is TaskState.CANCELLED


# §2.2.4 sleep --------------------------------------------------------------------------------
@pytest.mark.parametrize(("given", "expected"), [("hello", "hello"), ("None", None)])
def test_sleep_hands_back_its_result(given: str, expected: object) -> None:
    run = run_headless("sleep.result", {"delay": 2.0, "result": given}, speed=20)
    assert run.ok, run.error
    assert run.result["value"] == expected
    assert run.result["slept"] >= 2.0 / 20 * 0.95  # loop.time() moved by (scaled) delay
    assert run.result["ticks"] >= 1  # the ticker kept running while we slept
    assert final_states(run)["ticker"] is TaskState.CANCELLED


@pytest.mark.parametrize("catch_up", [False, True])
def test_clock_tells_the_time_once_a_second(catch_up: bool) -> None:
    run = run_headless("sleep.clock", {"seconds": 4, "catch_up": catch_up}, speed=20)
    assert run.ok, run.error
    assert run.result["lines"] == 4
    lines = [m for m in messages(run) if "(line " in m]
    assert [int(m.split("(line ")[1].split(",")[0]) for m in lines] == [1, 2, 3, 4]
    assert run.result["drift_ms"] >= -50  # never (much) early; lateness depends on the machine


# §2.2.5 gather ---------------------------------------------------------------------------------
def test_gather_results_in_argument_order() -> None:
    run = run_headless("gather.order", speed=20)  # durations 3, 1, 2
    assert run.ok, run.error
    assert run.result == ["Num 1", "Num 2", "Num 3"]
    assert run.checkpoints == ["job 2 finished", "job 3 finished", "job 1 finished"]


def test_gather_without_return_exceptions_raises_first_error_others_run_on() -> None:
    run = run_headless("gather.errors", speed=20)
    assert run.ok, run.error
    assert run.result == {"raised": "ValueError('Task 2 failed!')"}
    assert run.checkpoints == [
        "job 1 finished",
        "job 2 fails",
        "gather raised",
        "job 3 finished",
        "job 3 finished later anyway",
    ]
    assert "job 3 still running = True" in messages(run)
    states = final_states(run)
    assert states["job-2"] is TaskState.FAILED
    assert states["job-3"] is TaskState.DONE  # not cancelled by the failed gather


def test_gather_with_return_exceptions_puts_the_error_in_the_list() -> None:
    run = run_headless("gather.errors", {"return_exceptions": True}, speed=20)
    assert run.ok, run.error
    assert run.result == {"results": "['Num 1', ValueError('Task 2 failed!'), 'Num 3']"}
    assert run.checkpoints == ["job 1 finished", "job 2 fails", "job 3 finished", "gather returned"]


def _port(run: DemoRun) -> int:
    line = next(m for m in messages(run) if m.startswith("server listening"))
    return int(line.rsplit("=", 1)[1])


def _refused(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_downloads_total_is_about_the_slowest_not_the_sum() -> None:
    run = run_headless("gather.downloads", {"files": 4, "slowest": 2.0}, speed=10)
    assert run.ok, run.error
    assert run.result["results"] == [1000, 2000, 3000, 4000]  # argument order
    sequential, concurrent = run.result["sequential"], run.result["concurrent"]
    assert sequential >= 4.5  # sum of delays is 0.5 + 1 + 1.5 + 2 = 5
    assert concurrent >= 1.9  # never faster than the slowest
    assert concurrent / sequential < 0.75  # ≈ 0.4
    assert run.checkpoints == ["one after another done", "gather done", "server closed"]
    assert _refused(_port(run))


def test_downloads_broken_link_shows_the_error_in_the_results() -> None:
    params = {"files": 2, "slowest": 0.5, "compare": False, "broken_link": True}
    run = run_headless("gather.downloads", params, speed=20)
    assert run.ok, run.error
    *good, bad = run.result["results"]
    assert good == [1000, 2000]
    assert "HTTPError" in bad and "404 Not Found" in bad
    assert final_states(run)["GET /missing"] is TaskState.FAILED
    assert run.checkpoints[-1] == "server closed"


def test_downloads_close_the_server_when_stopped_half_way() -> None:
    demo = catalogue.get("gather.downloads")
    values = demo.resolve({"files": 3, "slowest": 5.0, "compare": False})
    tracker = Tracker()
    ctx = DemoContext(tracker, speed=1)

    async def stop_it_half_way() -> set[asyncio.Task]:
        task = asyncio.create_task(demo.run(ctx, **values))
        while "GET /file-3" not in {t.get_name() for t in asyncio.all_tasks()}:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return asyncio.all_tasks() - {asyncio.current_task()}

    leftover = asyncio.run(stop_it_half_way())
    assert ctx.checkpoints == ["server closed"]
    assert not leftover  # no fetch or handler task left behind
    port = next(
        int(e.message.rsplit("=", 1)[1])
        for e in tracker.buffer.drain()
        if isinstance(e, LogEvent) and e.message.startswith("server listening")
    )
    assert _refused(port)


@pytest.mark.parametrize(
    ("demo_id", "params", "bounds"),
    [
        ("taskgroup.all-succeed", {"tasks": 9}, "1 to 8"),
        ("taskgroup.one-fails", {"failing": 4}, "1 to 3"),
        ("taskgroup.except-star", {"slow": 0.1}, "0.5 to 10 s"),
        ("taskgroup.terminate", {"stop_after": 5}, "0.1 to 3 s"),
        ("sleep.result", {"delay": 11}, "0 to 10 s"),
        ("sleep.clock", {"seconds": 11}, "1 to 10 s"),
        ("gather.order", {"durations": "1,1,1"}, "3,1,2, 1,2,3, 2,3,1"),
        ("gather.errors", {"return_exceptions": "sometimes"}, "true or false"),
        ("gather.downloads", {"files": 7}, "1 to 6"),
    ],
)
def test_bad_parameter_names_the_bounds(demo_id: str, params: dict, bounds: str) -> None:
    with pytest.raises(ValueError, match=bounds):
        run_headless(demo_id, params)
