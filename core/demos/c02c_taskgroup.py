"""Seed §2.2.3: task groups — waiting for all, failing together, except*, and ending a group."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import Duration, Ending, Order

ALL_SUCCEED = lesson(
    id="taskgroup.all-succeed",
    chapter="2.2.3",
    title="TaskGroup: every task finished when the block ends",
    explanation="""
        `async with asyncio.TaskGroup() as tg:` opens a scope, and `tg.create_task(...)` starts
        tasks that belong to it. The end of the block is a wait: the line after it runs only
        once every task of the group is done, so `task.result()` can be read right there with
        no risk of "Result is not set".

        Task i sleeps i × `step` seconds. They all run at once, so they finish in order of
        their sleeps and the block lasts as long as the slowest one, not the sum. The program
        prints that none is done when the last one has been started, that all are done after
        the block, and their results.

        The common mistake, shown by the `outsider` task: a task made with
        `asyncio.create_task` is not part of the group, and the group does not wait for it.
        It is still running after the block, so the program has to cancel it itself (or it
        would be cut off when `asyncio.run` ends).
    """,
    params=(
        Param.number("tasks", 3, 1, 8, "how many tasks"),
        Param.number("step", 0.5, 0.1, 3.0, "task i sleeps i × step seconds", unit="s"),
    ),
    predictions=(
        Duration(
            "How long does the async with block take (tasks of 0.5, 1 and 1.5 s)?",
            between=("all started", "block left"),
            bounds=(1.0, 2.25, 3.5),
            expect=1.5,
            why="The group's tasks run at once; the block ends with the slowest, not after the "
            "sum.",
        ),
        Ending(
            "The outsider task was made with asyncio.create_task, not tg.create_task. How does it "
            "end?",
            task="outsider",
            answer="cancelled",
            why="The group waits only for its own tasks; nobody awaits the outsider, so "
            "asyncio.run's "
            "clean-up "
            "cancels it.",
        ),
    ),
)

ONE_FAILS = lesson(
    id="taskgroup.one-fails",
    chapter="2.2.3",
    title="One task fails: the others are cancelled, an ExceptionGroup comes out",
    explanation="""
        Three tasks of 1, 2 and 3 seconds; the one chosen by `failing` raises ValueError when
        its time comes.

        The moment a task of the group fails, the group cancels every task still running
        (each sees CancelledError where it awaits, may clean up, and should re-raise), waits
        for them, and then raises an `ExceptionGroup` out of the block: "unhandled errors in
        a TaskGroup (1 sub-exception)". A task that had already finished keeps its result, as
        the last lines show.

        Catch it with `except* ValueError` (you get a group holding just the ValueErrors) or
        with a plain `except Exception` (you get the whole ExceptionGroup and look inside
        `.exceptions` yourself). The common mistake: `except ValueError:` around the block.
        It never matches, because what comes out is the group, not the ValueError.
    """,
    params=(
        Param.number("failing", 2, 1, 3, "which task raises (1, 2 or 3)"),
        Param.choice("handler", "except*", ("except*", "except Exception"), "how to catch"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("task 1 done", "task 2 fails", "task 3 cancelled"),
            why="When task 2 fails, the group cancels the tasks still running; task 1 had already "
            "finished.",
        ),
        Ending(
            "How does task-3 end?",
            task="task-3",
            answer="cancelled",
            why="A failing task makes the TaskGroup cancel its siblings that are still running.",
        ),
    ),
)

EXCEPT_STAR = lesson(
    id="taskgroup.except-star",
    chapter="2.2.3",
    title="Several failures at once: one except* clause per kind",
    explanation="""
        A group can fail in more than one way at once. Here `parse` raises ValueError and
        `lookup` raises KeyError on their very first step: both steps were already queued
        when the first failure happened, and the group learns of a failure only through a
        callback that runs after them. Meanwhile `slow` is cancelled.

        The ExceptionGroup then holds two sub-exceptions. With `except*`, every clause that
        matches runs, each on its own share: `except* ValueError` sees only the ValueErrors,
        `except* KeyError` only the KeyErrors; anything no clause matches is raised again.
        Turn `lookup_fails` off and only the ValueError clause runs.

        The common mistake: expecting `except*` to pick one clause, like `except` does. It
        splits the group instead. (And one `try` cannot mix `except*` with plain `except`.)
    """,
    params=(
        Param.flag("lookup_fails", True, "the lookup task fails too"),
        Param.number("slow", 2.0, 0.5, 10.0, "seconds the slow task would need", unit="s"),
    ),
    predictions=(
        Ending(
            "Two tasks of the group fail at once. How does the slow third task end?",
            task="slow",
            answer="cancelled",
            why="The first failure cancels the rest of the group.",
        ),
        Ending(
            "How does the task lookup end?",
            task="lookup",
            answer="failed",
            why="It raised KeyError before the cancellation reached it; both errors arrive in one "
            "ExceptionGroup.",
        ),
    ),
)

TERMINATE = lesson(
    id="taskgroup.terminate",
    chapter="2.2.3",
    title="Ending a task group on purpose",
    explanation="""
        A TaskGroup has no `cancel_all()` method. The idiom is to make the group fail on
        purpose: add a task that raises an exception class of your own (`TerminateTaskGroup`)
        and catch exactly that with `except* TerminateTaskGroup` around the block.

        Job 1 needs 0.5 s, job 2 needs 1.5 s; after `stop_after` seconds the body adds the
        terminating task. What finished before keeps its result, what is still running is
        cancelled, and the block ends at once. Because only our own class is caught, a real
        error in a job would still come out.

        The common mistake: catching Exception (or `except* Exception`) to swallow the signal,
        which hides genuine failures too. Raising CancelledError in a child does not work
        either: that child merely counts as cancelled and the group waits for the others.
    """,
    params=(
        Param.number("stop_after", 1.0, 0.1, 3.0, "seconds before the group is ended", unit="s"),
    ),
    predictions=(
        Ending(
            "How does job-1 end?",
            task="job-1",
            answer="done",
            why="It finished before the terminator raised, and a finished task keeps its result.",
        ),
        Ending(
            "How does job-2 end?",
            task="job-2",
            answer="cancelled",
            why="The terminator's exception makes the group cancel every task still running.",
        ),
    ),
)

SWALLOWED_CANCEL = lesson(
    id="taskgroup.swallowed-cancel",
    chapter="2.2.3",
    title="A child that swallows CancelledError holds the whole group up",
    explanation="""
        After 0.5 s the `failing` task raises, so the group cancels `stubborn`. But stubborn
        catches the CancelledError and simply carries on for another `work_on` seconds.

        A TaskGroup cannot end before each of its tasks has ended, and it cancels each only
        once, so the block (and the ValueError the caller is waiting to handle) is held up
        until stubborn has finished its work. Stubborn then ends as a normal task with a
        result, not as cancelled, and its `cancelling()` count still shows the request it
        never took back. Turn `swallow` off to see the group end at 0.5 s.

        The asyncio docs warn about exactly this: TaskGroup and `asyncio.timeout` are built
        on cancellation and misbehave when a coroutine swallows CancelledError. The common
        mistake is a broad `except BaseException:` or `except asyncio.CancelledError: pass`
        in a loop. Catch it to clean up, then re-raise; a task that really must continue
        should call `asyncio.current_task().uncancel()` and know why.
    """,
    params=(
        Param.flag("swallow", True, "the stubborn task swallows CancelledError"),
        Param.number("work_on", 1.0, 0.0, 3.0, "seconds it works on after the cancel", unit="s"),
    ),
    predictions=(
        Ending(
            "stubborn catches CancelledError and carries on. How does it end?",
            task="stubborn",
            answer="done",
            why="Swallowing CancelledError undoes the cancellation: the task returns normally.",
        ),
        Duration(
            "failing raises after 0.5 s. How long does the program run?",
            bounds=(1.0, 2.0, 3.0),
            expect=1.5,
            why="The group waits for every task to end, and stubborn keeps working for its full "
            "1.5 "
            "s.",
        ),
    ),
)
