"""Seed §2.2.12–2.2.13: asking the loop about its tasks, and everything a Task can tell you."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Ending, Raises, Value

CURRENT_AND_ALL_TASKS = lesson(
    id="introspection.current-and-all-tasks",
    chapter="2.2.12",
    title="current_task(), all_tasks() and iscoroutine()",
    explanation="""
        `asyncio.current_task()` answers "which task is running this line?": `main` in main,
        each worker inside a worker. In a plain callback (`loop.call_soon`) no task is
        running, and it returns None. (main renames its own task first: asyncio.run gives
        it a made-up "Task-1".)

        `asyncio.all_tasks()` is the set of tasks on the loop that have not finished yet:
        while the workers sleep it holds them and main; once they are done they drop out.
        In the lab's window the loop also runs the lab's own tasks, so the list there is
        longer than in a plain `python` run.

        `asyncio.iscoroutine(x)` is True for a coroutine *object* — what calling an
        `async def` function returns — and False for the function itself and for a Task;
        `inspect.iscoroutinefunction` is the check for the function.

        What to notice: the program makes a coroutine object only to test it, and closes it,
        because a coroutine never awaited makes Python warn "coroutine ... was never
        awaited". The common mistake: holding on to the set from all_tasks() — it is a
        snapshot, stale as soon as the next task starts or ends.
    """,
    params=(Param.number("workers", 3, 1, 8, "worker tasks to start"),),
    predictions=(
        Value(
            "What does current_task() return inside a call_soon callback?",
            line="current_task() in a call_soon callback:",
            choices=("main", "None"),
            answer="None",
            why="A plain callback runs outside any task, even though main scheduled it.",
        ),
        Value(
            "What does iscoroutine(worker) say for the function itself?",
            line="iscoroutine(worker):",
            choices=("True", "False"),
            answer="False",
            why="worker is a coroutine function; only calling it gives a coroutine.",
        ),
    ),
)

TASK_OUTCOMES = lesson(
    id="task.outcomes",
    chapter="2.2.13",
    title="A Task's outcome: done, result, exception, cancelled, done-callbacks",
    explanation="""
        Three tasks end three ways: `ok` returns a value, `broken` raises ValueError, and
        `stopped` is cancelled half-way with `task.cancel()`. Each has a done-callback
        (`add_done_callback`), which the loop calls with the task once it has finished, in
        whatever way — `stopped` first, since it ends first.

        Then every task is questioned. `done()` is True for all three: cancelled and failed
        count as done. `cancelled()` is True only for `stopped`. `result()` returns the
        value, re-raises the task's exception, or raises CancelledError for a cancelled
        task. `exception()` returns the exception object (None on success) without raising.

        What to notice: asking for `result()` before the task is done raises
        InvalidStateError — it never waits; `await task` is the way to wait.
        The common mistake: never calling result() or exception() on a failed task; asyncio
        then reports "Task exception was never retrieved" when the task is garbage-collected.
    """,
    params=(Param.number("work", 0.5, 0.1, 5.0, "seconds each task works", unit="s"),),
    predictions=(
        Raises(
            "What does task.result() do before the task has finished?",
            line="result() too early:",
            choices=("InvalidStateError", "CancelledError", NOTHING),
            answer="InvalidStateError",
            why="result() never waits; on an unfinished task it raises InvalidStateError.",
        ),
        Ending(
            "How does the task broken end?",
            task="broken",
            answer="failed",
            why="It raised ValueError, which the task keeps as its exception.",
        ),
        Ending(
            "How does the task stopped end?",
            task="stopped",
            answer="cancelled",
            why="It was cancelled before it finished.",
        ),
    ),
)

TASK_NAMES_AND_LOOP = lesson(
    id="task.names-and-loop",
    chapter="2.2.13",
    title="A Task's name and loop: get_name, set_name, get_loop, eager_start",
    explanation="""
        A task created without a name gets a made-up one, "Task-<n>" (the number counts
        every task the process has made, so the program only checks the pattern).
        `set_name` renames it at any time — while it runs, even — and `get_name` reads it
        back; the job itself sees its new name. Names are only for people: debugging, logs,
        and this lab's task table, which follows the rename at once.

        `task.get_loop()` is the loop the task belongs to; here it is the same object as
        `asyncio.get_running_loop()`. A task can only be awaited from code on that loop.

        `asyncio.Task(coro, loop=loop, eager_start=True)` (Python 3.12+) starts one task
        eagerly: its body runs inside the constructor, up to its first real suspension, so
        a task that never suspends is already done on the next line. Only from Python 3.14
        does `loop.create_task(..., eager_start=True)` take the same flag.

        A version quirk: in Python 3.13.0 (and the next 3.13 bug-fix releases), when a
        custom task factory is installed, an unnamed task is named "None" instead of
        "Task-<n>" (gh-130033). The lab installs such a factory to watch your tasks and puts
        the usual name back, so you will not see "None" here.

        The common mistake: leaving every task unnamed, then reading a list of "Task-17",
        "Task-18"... when something hangs.
    """,
    params=(Param.choice("new_name", "downloader", ("downloader", "parser", "uploader"), "name"),),
    predictions=(
        Value(
            "Is an unnamed task called Task-<n>?",
            line="an unnamed task is called Task-<n>:",
            choices=("True", "False"),
            answer="True",
            why="asyncio numbers the tasks it names itself.",
        ),
        Value(
            "What does get_name() give after set_name('downloader')?",
            line="get_name() after set_name:",
            choices=("downloader", "Task-2"),
            answer="downloader",
            why="set_name renames the task at once.",
        ),
    ),
)
