"""Seed §2.2.6: eager tasks — a task factory that starts the coroutine inside create_task."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import Freeze, Order, Value

DONE_ON_RETURN = lesson(
    id="eager.done-on-return",
    chapter="2.2.6",
    title="Eager tasks: the first step runs inside create_task",
    explanation="""
        The same two coroutines are started twice: with the default (lazy) tasks, then after
        `loop.set_task_factory(asyncio.eager_task_factory)`.

        Lazy: create_task only schedules the task, so neither body has run a line when it
        returns; they start when main next gives the loop a turn. Eager: create_task runs the
        coroutine at once, up to its first real suspension. `quick` never suspends, so it has
        already finished when create_task returns (`done()` is True, its result is ready) and
        the loop never schedules it at all. `slow` runs up to its sleep, then carries on like
        any other task. Read the order of the printed lines: with eager tasks "body runs"
        comes before "create_task returned".

        Before Python 3.14 the loop names a task only after the factory has returned, so the
        eager first step runs under the default "Task-N" name ("already named? False"). The
        lab's table still files it under the name you gave (on 3.12, where even the lab learns
        that name only afterwards, a task done on return is listed by its coroutine). The
        factory is an ordinary function, too: the last lines call
        `asyncio.eager_task_factory(loop, coro, name=...)` directly to start one single task
        eagerly (this one is named from the start).

        The common mistake: code that relies on the caller running on before the new task
        starts (setting up state the task reads) breaks once eager tasks are switched on.
        Needs Python 3.12 or newer.
    """,
    params=(Param.number("slow", 0.5, 0.1, 5.0, "seconds the slow task waits", unit="s"),),
    requires=(3, 12),
    predictions=(
        Value(
            "With the eager task factory, is the quick task done when create_task returns?",
            line="eager: create_task(quick) returned; done?",
            choices=("True", "False"),
            answer="True",
            why="An eager task runs its first step inside create_task; quick never suspends, so "
            "it is "
            "already done.",
        ),
        Value(
            "With the default, lazy tasks, is the quick task done when create_task returns?",
            line="lazy: create_task(quick) returned; done?",
            choices=("True", "False"),
            answer="False",
            why="A lazy task only starts when the caller next yields to the loop.",
        ),
        Order(
            "With the eager factory, put these lines in order.",
            lines=("eager: quick body runs", "eager: create_task(quick) returned"),
            why="Eager start runs the body up to its first real suspension before create_task "
            "returns.",
        ),
    ),
)

CUSTOM_CONSTRUCTOR = lesson(
    id="eager.custom-constructor",
    chapter="2.2.6",
    title="create_eager_task_factory with your own Task class",
    explanation="""
        `asyncio.eager_task_factory` always builds plain `asyncio.Task` objects.
        `asyncio.create_eager_task_factory(constructor)` builds a factory that calls your own
        constructor instead, usually a Task subclass, and passes it `eager_start=True`.

        Here the constructor is `StampedTask`, a Task that records when it was created. Every
        task made through `create_task`, including those of a TaskGroup, is now a StampedTask
        and starts eagerly: the odd-numbered jobs never await, so they are done the moment
        create_task returns; the even ones suspend and finish later.

        What to notice: `type(task)` is your class, and the factory applies to every task on
        the loop until you set it back to None. The common mistake: a constructor that does
        not accept `eager_start` (and Task's other keyword arguments); the factory passes
        them, so `__init__` must take `**kwargs` and hand them on. Needs Python 3.12 or newer.
    """,
    params=(Param.number("tasks", 3, 1, 10, "how many tasks to start"),),
    requires=(3, 12),
    predictions=(
        Value(
            "job-1 never suspends. Is it done right after create_task?",
            line="job-1: a StampedTask, done right after create_task?",
            choices=("True", "False"),
            answer="True",
            why="An eager task that never awaits finishes inside create_task.",
        ),
        Value(
            "job-2 sleeps. Is it done right after create_task?",
            line="job-2: a StampedTask, done right after create_task?",
            choices=("True", "False"),
            answer="False",
            why="Eager start stops at the first real suspension; the rest runs later on the loop.",
        ),
    ),
)

LAZY_VS_EAGER = lesson(
    id="eager.lazy-vs-eager",
    chapter="2.2.6",
    title="A flood of trivial tasks: lazy vs. eager",
    explanation="""
        `tasks` coroutines that do nothing at all are started in a TaskGroup, first as lazy
        tasks, then with `asyncio.eager_task_factory`, and each run is timed.

        Lazy, every task costs a trip through the loop: created, queued, later given the one
        step in which it finishes, and only then reported to the group. Eager, the coroutine
        finishes inside create_task and the loop never schedules it. The seed's author timed
        one million such tasks at 8.28 s lazy and 1.20 s eager, about 7 times faster; what you
        get depends on the machine and the Python version.

        Each flood keeps the loop it runs on busy, so the program runs each one with
        `asyncio.run` on a fresh loop in a worker thread (`asyncio.to_thread`): main's loop
        stays free, and the two runs share nothing. That is also why the lab's task table
        does not list the thousands of tasks: the lab records the tasks of its own loop, and
        recording them would cost more than such a task does, spoiling the timing.

        What to notice: the gain is only for tasks that finish without waiting; a task that
        awaits real I/O still goes through the loop. The common mistake: switching eager
        tasks on for speed without checking code that assumes a new task starts later.
        Needs Python 3.12 or newer.
    """,
    params=(Param.number("tasks", 20_000, 1_000, 200_000, "trivial tasks per run"),),
    requires=(3, 12),
    tags=("benchmark",),
    predictions=(
        Freeze(
            "Does the loop that runs main() freeze while the floods run?",
            freezes=False,
            why="Each flood runs on a fresh loop in a worker thread (to_thread); main's loop only "
            "awaits.",
        ),
    ),
)
