"""§2.2.3–§2.2.5: task groups, sleep, gather (with a local HTTP server), as plain programs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from asyncio_lab.core.events import TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless
from tests.demo_helpers import final_states, printed, printed_by, run_program, stop_half_way


def seconds_in(line: str) -> float:
    """The first decimal number of a printed line ("took 1.5 s" → 1.5)."""
    match = re.search(r"\d+\.\d+", line)
    assert match, line
    return float(match.group())


def line_starting(run: DemoRun, start: str) -> str:
    return next(line for line in printed(run) if line.startswith(start))


# §2.2.3 TaskGroup ------------------------------------------------------------------------------
def test_taskgroup_all_results_after_the_block_and_the_outsider_is_not_waited_for() -> None:
    run = run_program("taskgroup.all-succeed", speed=20, tasks=4, step=0.5)
    lines = printed(run)
    assert lines[:6] == [
        "all started; any done yet? False",
        "task 1 done",
        "task 2 done",
        "task 3 done",
        "task 4 done",
        "block left; every group task done? True",
    ]
    assert "results: ['result 1', 'result 2', 'result 3', 'result 4']" in lines
    assert "is the outsider done? False" in lines
    assert "task 5 done" not in lines  # the outsider never got to finish
    assert seconds_in(line_starting(run, "the block took")) >= 1.9  # as long as the slowest
    states = final_states(run)
    assert all(states[f"task-{n}"] is TaskState.DONE for n in range(1, 5))
    assert states["outsider"] is TaskState.CANCELLED


@pytest.mark.parametrize("handler", ["except*", "except Exception"])
def test_one_failure_cancels_the_siblings_and_raises_a_group(handler: str) -> None:
    run = run_program("taskgroup.one-fails", speed=20, handler=handler)
    lines = printed(run)
    assert lines[:3] == ["task 1 done", "task 2 fails", "task 3 cancelled"]
    if handler == "except*":
        assert lines[3] == "except* ValueError: unhandled errors in a TaskGroup (1 sub-exception)"
    else:
        assert lines[3] == (
            "except Exception: ExceptionGroup - unhandled errors in a TaskGroup (1 sub-exception)"
        )
    assert lines[4] == "inside it: (ValueError('task 2 failed!'),)"
    assert lines[5:] == [
        "task-1 finished: 'result 1'",
        "task-2 failed: ValueError('task 2 failed!')",
        "task-3 was cancelled",
    ]
    states = final_states(run)
    assert states["task-1"] is TaskState.DONE
    assert states["task-2"] is TaskState.FAILED
    assert states["task-3"] is TaskState.CANCELLED


def test_when_the_first_task_fails_both_others_are_cancelled() -> None:
    run = run_program("taskgroup.one-fails", speed=20, failing=1)
    lines = printed(run)
    assert lines[0] == "task 1 fails"
    assert sorted(lines[1:3]) == ["task 2 cancelled", "task 3 cancelled"]
    assert "task-2 was cancelled" in lines and "task-3 was cancelled" in lines


def test_except_star_runs_one_clause_per_kind() -> None:
    run = run_program("taskgroup.except-star", speed=20)
    assert printed(run) == [
        "slow task cancelled",
        "except* ValueError got (ValueError(\"bad number: 'x1'\"),)",
        "except* KeyError got (KeyError('user-42'),)",
        "slow task cancelled? True",
    ]
    states = final_states(run)
    assert states["parse"] is TaskState.FAILED
    assert states["lookup"] is TaskState.FAILED
    assert states["slow"] is TaskState.CANCELLED


def test_except_star_with_one_kind_of_failure() -> None:
    run = run_program("taskgroup.except-star", speed=20, lookup_fails=False)
    lines = printed(run)
    assert not [line for line in lines if "KeyError" in line]
    assert any(line.startswith("except* ValueError got") for line in lines)
    assert final_states(run)["lookup"] is TaskState.DONE


def test_terminating_a_group_keeps_finished_work_and_cancels_the_rest() -> None:
    run = run_program("taskgroup.terminate", speed=20)  # jobs of 0.5 s and 1.5 s, stop at 1 s
    lines = printed(run)
    assert (
        lines.index("job 1 done") < lines.index("job 2 cancelled") < lines.index("group terminated")
    )
    assert lines[-2:] == ["job-1 -> job 1 result", "job-2 -> cancelled"]
    states = final_states(run)
    assert states["terminator"] is TaskState.FAILED
    assert states["job-2"] is TaskState.CANCELLED


def test_a_child_that_swallows_the_cancel_holds_the_group_up_until_it_is_done() -> None:
    run = run_program("taskgroup.swallowed-cancel", speed=20, work_on=1.0)
    lines = printed(run)
    assert lines[:3] == [
        "failing: raises ValueError",
        "stubborn: cancelled ... but catches it and carries on",
        "stubborn: finished its work anyway",  # before the group lets the error out
    ]
    error_line = line_starting(run, "except* ValueError after")
    assert error_line.endswith("(ValueError('boom'),)")
    assert seconds_in(error_line) >= 1.4  # 0.5 s to the failure + 1 s of stubborn work
    assert lines[4:] == [
        "stubborn cancelled? False",
        "stubborn result: stubborn result",
        "cancel requests still on it: 1",
    ]
    states = final_states(run)
    assert states["stubborn"] is TaskState.DONE  # not CANCELLED: the group could not make it
    assert states["failing"] is TaskState.FAILED


def test_a_child_that_re_raises_lets_the_group_end_at_once() -> None:
    run = run_program("taskgroup.swallowed-cancel", speed=20, swallow=False, work_on=1.0)
    lines = printed(run)
    assert lines[:2] == ["failing: raises ValueError", "stubborn: cancelled, re-raises"]
    assert "stubborn: finished its work anyway" not in lines
    assert "stubborn cancelled? True" in lines
    assert final_states(run)["stubborn"] is TaskState.CANCELLED


# §2.2.4 sleep --------------------------------------------------------------------------------
def test_sleep_hands_back_its_result_while_the_ticker_runs_on() -> None:
    # ticks at 0.8 and 1.6 s, the sleep ends at 2.0 s, the next tick would come at 2.4 s
    run = run_program("sleep.result", speed=5, delay=2.0, result="world", tick=0.8)
    lines = printed(run)
    assert lines[:3] == ["tick 1", "tick 2", "sleep handed back: 'world'"]
    assert "tick 3" not in lines  # cancelled before its time
    assert seconds_in(line_starting(run, "loop.time() moved by")) >= 1.9  # program seconds
    assert lines[-2:] == ["sleep(0) handed back: None", "ticker cancelled? True"]
    by = {line: task for line, task, _ in printed_by(run)}
    assert by["tick 1"] == "ticker" and by["sleep handed back: 'world'"].startswith("Task-")
    assert final_states(run)["ticker"] is TaskState.CANCELLED


@pytest.mark.parametrize("catch_up", [False, True])
def test_clock_tells_the_time_once_a_second(catch_up: bool) -> None:
    run = run_program("sleep.clock", speed=20, seconds=4, catch_up=catch_up)
    lines = printed(run)
    beats = [line for line in lines if line.startswith("line ")]
    assert [int(line.split()[1]) for line in beats] == [1, 2, 3, 4]
    at = [seconds_in(line) for line in beats]
    assert all(t >= n - 0.01 for n, t in enumerate(at))  # line n+1 never before second n
    if not catch_up:  # sleep(1) lasts at least 1 s, so the lateness can only add up
        assert all(b - a >= 0.99 for a, b in zip(at, at[1:], strict=False))
    assert lines[-1].startswith("4 lines; the last one came")


# §2.2.5 gather ---------------------------------------------------------------------------------
def test_gather_results_in_argument_order_and_the_missing_star() -> None:
    run = run_program("gather.order", speed=20)  # durations 3, 1, 2
    lines = printed(run)
    assert lines[0].startswith("gather(jobs) raised TypeError:")
    assert lines[1:4] == [
        "job 2 finished after 1 s",
        "job 3 finished after 2 s",
        "job 1 finished after 3 s",
    ]
    assert lines[4] == "results: ['Num 1', 'Num 2', 'Num 3']"
    assert seconds_in(lines[5]) >= 2.9  # never less than the slowest job (3 s)
    assert lines[5].endswith("would take 6.0 s")


def test_gather_without_return_exceptions_raises_first_error_others_run_on() -> None:
    run = run_program("gather.errors", speed=20)
    assert printed(run) == [
        "job 1 finished",
        "job 2 fails",
        "gather raised ValueError('Task 2 failed!')",
        "job 3 still running? True",
        "job 3 finished",
        "job 3 finished later anyway: Num 3",
    ]
    states = final_states(run)
    assert states["job-2"] is TaskState.FAILED
    assert states["job-3"] is TaskState.DONE  # not cancelled by the failed gather


def test_gather_with_return_exceptions_puts_the_error_in_the_list() -> None:
    run = run_program("gather.errors", speed=20, return_exceptions=True)
    assert printed(run) == [
        "job 1 finished",
        "job 2 fails",
        "job 3 finished",
        "gather returned ['Num 1', ValueError('Task 2 failed!'), 'Num 3']",
    ]


def test_downloads_total_is_about_the_slowest_not_the_sum() -> None:
    run = run_program("gather.downloads", speed=10, files=4, slowest=2.0)
    lines = printed(run)
    assert lines[-1] == "results: [1000, 2000, 3000, 4000]"  # argument order
    sequential = seconds_in(line_starting(run, "one after another:"))
    concurrent = seconds_in(line_starting(run, "all at once with gather:"))
    assert sequential >= 4.5  # the sum of the delays is 0.5 + 1 + 1.5 + 2 = 5
    assert concurrent >= 1.9  # never faster than the slowest
    assert concurrent / sequential < 0.75  # ≈ 0.4
    assert lines.count("GET /file-4: 4000 bytes") == 2  # once per round
    names = {e.name for e in run.events if isinstance(e, TaskEvent) and e.name}
    assert {f"GET /file-{n}" for n in range(1, 5)} <= names
    assert final_states(run)["GET /file-4"] is TaskState.DONE


def test_downloads_broken_link_shows_the_error_in_the_results() -> None:
    run = run_program(
        "gather.downloads", speed=20, files=2, slowest=0.5, compare=False, broken_link=True
    )
    assert printed(run)[-1] == ("results: [1000, 2000, HTTPError('GET /missing: 404 Not Found')]")
    assert not any(line.startswith("one after another") for line in printed(run))
    assert final_states(run)["GET /missing"] is TaskState.FAILED


def test_downloads_stopped_half_way_leave_no_socket_and_no_error() -> None:
    from tests.test_demo_resources import assert_nothing_left, snapshot

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to list sockets")
    before = snapshot()
    stopped, errors = stop_half_way("gather.downloads", 0.5)
    assert stopped, "it should still have been downloading"
    assert errors == []
    assert_nothing_left(before, "gather.downloads (stopped)")


@pytest.mark.parametrize(
    ("demo_id", "params", "bounds"),
    [
        ("taskgroup.all-succeed", {"tasks": 9}, "1 to 8"),
        ("taskgroup.one-fails", {"failing": 4}, "1 to 3"),
        ("taskgroup.except-star", {"slow": 0.1}, "0.5 to 10 s"),
        ("taskgroup.terminate", {"stop_after": 5}, "0.1 to 3 s"),
        ("taskgroup.swallowed-cancel", {"work_on": 4}, "0 to 3 s"),
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
