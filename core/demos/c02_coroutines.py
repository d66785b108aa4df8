"""Seed §2.1: coroutines — awaiting one after another versus running them as tasks."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import Duration, Order, Value

SEQUENTIAL_VS_TASKS = lesson(
    id="coroutines.sequential-vs-tasks",
    chapter="2.1",
    title="Awaiting in turn vs. running as tasks",
    explanation="""
        Two jobs: A sleeps `first` seconds, B sleeps `second`. The program runs them twice.

        Awaited one after the other, B does not even start until A has finished, so the
        total is first + second. Wrapped in tasks with `asyncio.create_task`, both start at
        once and the total is only as long as the longer job. (With the classic 1 s and 2 s:
        3 s against 2 s.) Watch the prints: "B starts" comes after "A ends" the first time,
        and right after "A starts" the second time; the task table shows job-A and job-B
        suspended side by side.

        What to notice: calling a coroutine function does nothing by itself; it only makes a
        coroutine object. Something has to await it, or a task has to drive it.
        The common mistake: expecting `await a(); await b()` to run a and b concurrently.
    """,
    params=(
        Param.number("first", 0.5, 0.0, 10.0, "seconds the first job sleeps", unit="s"),
        Param.number("second", 1.0, 0.0, 10.0, "seconds the second job sleeps", unit="s"),
    ),
    predictions=(
        Duration(
            "How long does the 'as two tasks' half take (A needs 0.5 s, B needs 1 s)?",
            between=("-- as two tasks --", "as two tasks:"),
            bounds=(1.25, 2.0),
            expect=1.0,
            why="Both tasks sleep at the same time, so the half takes as long as the longer job, "
            "not "
            "the sum.",
        ),
        Order(
            "In the 'one after the other' half, put these lines in order.",
            lines=("A ends after", "B starts"),
            why="`await a(); await b()` runs b only once a has finished: awaiting a coroutine is "
            "not "
            "starting a task.",
        ),
    ),
)

TASKGROUP = lesson(
    id="coroutines.taskgroup",
    chapter="2.1",
    title="The same two jobs in a TaskGroup",
    explanation="""
        The concurrent version once more, written with `async with asyncio.TaskGroup() as tg`.
        Each `tg.create_task(...)` starts a job; leaving the `async with` block waits for
        every task the group started, so no explicit `await task` is needed.

        What to notice: inside the block the tasks are not done yet; the block ends after
        max(first, second) seconds, not the sum, and by the line after it every task is
        finished, so `result()` is safe to call. Why prefer it to loose `create_task` calls:
        a task cannot be forgotten (the block always waits for it), and if one job fails the
        group cancels the others and reports the error instead of leaving them running.
        The common mistake: reading a task's result *inside* the block, before it is done —
        `result()` then raises InvalidStateError.
    """,
    params=(
        Param.number("first", 1.0, 0.0, 10.0, "seconds the first job sleeps", unit="s"),
        Param.number("second", 2.0, 0.0, 10.0, "seconds the second job sleeps", unit="s"),
    ),
    predictions=(
        Value(
            "Right after both create_task calls, is the hello task done?",
            line="both tasks started; is hello done yet?",
            choices=("True", "False"),
            answer="False",
            why="create_task only schedules the task; it has not even started until the caller "
            "awaits.",
        ),
        Duration(
            "How long does the whole async with block last (1 s and 2 s tasks)?",
            between=("entering the block", "block left after"),
            bounds=(1.5, 2.5, 3.5),
            expect=2.0,
            why="The block waits for every task, and they run together: the longest one sets the "
            "time.",
        ),
    ),
)
