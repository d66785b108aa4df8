"""Seed §2.2.6: eager tasks. Skipped with a reason on 3.11; behaviour asserted on 3.12+."""

from __future__ import annotations

import re
import sys

import pytest

from asyncio_lab.core.events import HandoffEvent, LogEvent, LogLevel, TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless
from tests.demo_helpers import printed, printed_by, run_program, stop_half_way

EAGER_IDS = ("eager.done-on-return", "eager.custom-constructor", "eager.lazy-vs-eager")
needs_312 = pytest.mark.skipif(sys.version_info < (3, 12), reason="eager tasks need 3.12")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="only older Pythons skip the lesson")
@pytest.mark.parametrize("demo_id", EAGER_IDS)
def test_eager_lessons_explain_they_need_312_on_older_python(demo_id: str) -> None:
    run = run_headless(demo_id)
    assert run.skipped is not None and "3.12" in run.skipped
    assert run.outcome is None  # nothing ran


@needs_312
def test_eager_task_that_never_awaits_is_done_when_create_task_returns() -> None:
    run = run_program("eager.done-on-return", speed=20)
    lines = printed(run)
    # lazy: create_task returns before either body has run a line
    assert lines[:3] == [
        "lazy: create_task(quick) returned; done? False",
        "lazy: create_task(slow) returned; done? False",
        "lazy: quick body runs (already named? True)",
    ]
    # eager: the quick body has run, and finished, inside create_task
    eager = [line for line in lines if line.startswith("eager:")]
    assert eager[:2] == [
        "eager: quick body runs (already named? False)",  # the loop names it afterwards
        "eager: create_task(quick) returned; done? True",
    ]
    # eager: the slow body starts inside create_task, but ends only after it returned
    assert eager[2:5] == [
        "eager: slow body starts",
        "eager: create_task(slow) returned; done? False",
        "eager: slow body ends",
    ]
    assert eager[5] == "eager: results ['answer', 'late answer']"
    # called directly, the factory builds the Task with its name: named from the first step
    assert lines[-2:] == [
        "direct: quick body runs (already named? True)",
        "direct: eager_task_factory returned; done? True, result 'answer'",
    ]


# asyncio.create_task and TaskGroup.create_task pass the name on to the loop (and so to the
# lab) from Python 3.13; before, they name the task only once the factory has returned it.
NAME_KNOWN_AT_CREATION = sys.version_info >= (3, 13)


def final_rows(run: DemoRun) -> dict[str, TaskState]:
    """Each task's last state under the label the lab's table ends up showing for it."""
    label: dict[int, str] = {}
    state: dict[int, TaskState] = {}
    for e in run.events:
        if isinstance(e, TaskEvent):
            if e.name is not None or e.task_id not in label:
                label[e.task_id] = e.label
            state[e.task_id] = e.state
    return {label[i]: state[i] for i in label}


@needs_312
def test_eager_tasks_appear_in_the_lab_under_their_own_names() -> None:
    # The first step of an eager task runs inside the factory; the lab still files it, and
    # the line it prints there, under the name the program gave, never as "#3 task()".
    run = run_program("eager.done-on-return", speed=20)
    rows = final_rows(run)
    assert not [label for label in rows if re.fullmatch(r"#\d+ task\(\)", label)]
    for name in ("lazy-quick", "lazy-slow", "eager-slow", "direct-quick"):
        assert rows[name] is TaskState.DONE, name
    by = {line: task for line, task, _ in printed_by(run)}
    assert by["direct: quick body runs (already named? True)"] == "direct-quick"
    if NAME_KNOWN_AT_CREATION:
        assert rows["eager-quick"] is TaskState.DONE
        eager_quick = [
            e for e in run.events if isinstance(e, TaskEvent) and e.name == "eager-quick"
        ]
        assert [e.state for e in eager_quick] == [
            TaskState.PENDING,
            TaskState.RUNNING,
            TaskState.DONE,
        ]
        assert by["eager: quick body runs (already named? False)"] == "eager-quick"
        assert by["eager: slow body starts"] == "eager-slow"
    else:  # done before anyone named it: the table shows it by its coroutine
        quick_rows = [label for label in rows if re.fullmatch(r"#\d+ quick\(\)", label)]
        assert len(quick_rows) == 1 and rows[quick_rows[0]] is TaskState.DONE


@needs_312
def test_custom_constructor_builds_every_task() -> None:
    run = run_program("eager.custom-constructor", speed=20, tasks=4)
    lines = printed(run)
    assert lines[:4] == [
        "job-1: a StampedTask, done right after create_task? True",
        "job-2: a StampedTask, done right after create_task? False",
        "job-3: a StampedTask, done right after create_task? True",
        "job-4: a StampedTask, done right after create_task? False",
    ]
    assert [line.split(" (")[0] for line in lines[4:]] == [
        "job-1 = 1",
        "job-2 = 4",
        "job-3 = 9",
        "job-4 = 16",
    ]
    rows = final_rows(run)
    assert all(rows[f"job-{n}"] is TaskState.DONE for n in (2, 4))  # they suspended
    if NAME_KNOWN_AT_CREATION:
        assert all(rows[f"job-{n}"] is TaskState.DONE for n in (1, 3))
    else:  # done on return, before TaskGroup.create_task named them
        assert [label for label in rows if re.fullmatch(r"#\d+ job\(\)", label)] != []


@needs_312
def test_lazy_vs_eager_times_both_runs_on_loops_of_their_own() -> None:
    run = run_program("eager.lazy-vs-eager", speed=1, tasks=20_000)
    lines = printed(run)
    lazy = float(re.search(r"in (\d+\.\d+) s", lines[0]).group(1))
    eager = float(re.search(r"in (\d+\.\d+) s", lines[1]).group(1))
    assert lines[0].startswith("lazy:  20,000 tasks in")
    assert lines[1].startswith("eager: 20,000 tasks in")
    assert 0 < eager < lazy  # generous: any win at all
    assert lines[2].startswith("eager took 0.")
    # each flood ran in a worker thread, on a loop the lab does not watch: no 40,000 rows
    assert sum(isinstance(e, HandoffEvent) for e in run.events) >= 4
    assert sum(isinstance(e, TaskEvent) for e in run.events) < 100
    warnings = [e for e in run.events if isinstance(e, LogEvent) and e.level is LogLevel.WARNING]
    assert not [w for w in warnings if "Blocked the loop" in w.message]  # main's loop stays free


@needs_312
@pytest.mark.parametrize("demo_id", EAGER_IDS)
def test_stopped_half_way_leaves_nothing_that_fails_later(demo_id: str) -> None:
    _, errors = stop_half_way(demo_id, 0.1, speed=2)
    assert errors == []
