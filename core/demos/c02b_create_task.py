"""Seed §2.2.2: creating tasks — scheduling, names, contexts, and cancelling a task."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import Ending, Order, Value

CREATE_TASK = lesson(
    id="tasks.create-task",
    chapter="2.2.2",
    title="create_task: scheduled now, running soon, named for people",
    explanation="""
        `asyncio.create_task(coro, name=...)` hands a coroutine to the loop and returns a
        Task at once. It does not wait: the caller carries on, and the new task takes its
        first step the next time the caller gives the loop a chance (at its next `await`).

        The prints show it: "caller continues" comes before "task starts", and `done()` is
        False right after `create_task`. The name you pass is what `task.get_name()` returns
        and what the task sees of itself through `asyncio.current_task().get_name()`; it is
        also what debuggers, logs and this lab's task table show. Without a name asyncio
        makes one up ("Task-7"), which tells you nothing when twenty of them are running.

        The common mistake: creating a task and dropping the returned object. The loop keeps
        only a weak reference to running tasks, so keep your own (or use a TaskGroup) — and
        `await` it (here at the end) to collect its result or its error.
    """,
    params=(
        Param.choice("name", "report-builder", ("report-builder", "mailer", "(none)"), "name"),
        Param.number("work", 1.0, 0.0, 5.0, "seconds the task works", unit="s"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("caller continues", "task starts", "task finishes"),
            why="create_task returns at once; the new task's first step runs only when the caller "
            "next "
            "awaits.",
        ),
        Value(
            "What does task.done() say right after create_task?",
            line="task.done() right after create_task:",
            choices=("True", "False"),
            answer="False",
            why="A new task is only scheduled: nothing of it has run yet.",
        ),
    ),
)

CONTEXT = lesson(
    id="tasks.context",
    chapter="2.2.2",
    title="create_task(context=...): a task runs in the context you give it",
    explanation="""
        A `contextvars.ContextVar` holds a value per *context*, like a thread-local but for
        async code: a request id, the current user, a trace id. Every task runs inside a
        context. By default `create_task` gives the new task a *copy* of the caller's
        current context; with `context=...` you hand it a specific one.

        The program copies the current context, sets `request_id` inside that copy only
        (`copied.run(request_id.set, value)`), and starts one task with `context=copied` and
        one without. The first sees the value; the second sees the default. Each task then
        sets the variable itself: the caller still reads the default afterwards, while the
        copied context — which the first task ran in — now holds what that task set.

        What to notice: no locks and no clean-up code — the value travels with the context.
        The common mistake: expecting a ContextVar set inside a task to become visible to
        the code that created the task; it never flows back.
    """,
    params=(Param.number("request_id", 12345, 1, 99999, "the value set in the copied context"),),
    predictions=(
        Value(
            "What does the task started without context= see?",
            line="default context: request_id =",
            choices=("12345", "(unset)"),
            answer="(unset)",
            why="Each task runs in a copy of the context current at create_task, made before the "
            "value "
            "was set in "
            "the copied context.",
        ),
        Value(
            "The task changed request_id inside its copy. What does the caller see afterwards?",
            line="the caller afterwards: request_id =",
            choices=("(unset)", "changed inside the task"),
            answer="(unset)",
            why="A task works on a copy of the context; what it sets never flows back to the "
            "caller.",
        ),
    ),
)

CANCEL = lesson(
    id="tasks.cancel",
    chapter="2.2.2",
    title="task.cancel(): the task sees CancelledError, and so does its awaiter",
    explanation="""
        `task.cancel()` asks a task to stop. It does not kill anything on the spot: the next
        time the task is resumed, the `await` it is parked on raises `CancelledError` inside
        it. The task can catch it to clean up (close files, release a lock, log), and should
        then re-raise it. Whoever awaits the task then gets `CancelledError` too, and
        `task.cancelled()` is True.

        Switch on `swallow` to see the common mistake: the task catches CancelledError and
        returns normally. Now the awaiter gets an ordinary result, `task.cancelled()` is
        False, and the code that asked for the cancellation has been quietly ignored — which
        breaks timeouts and TaskGroups built on top of it. Make `cancel_after` longer than
        `work` and the task finishes first: `cancel()` then returns False and does nothing.

        main's own `except CancelledError` checks `asyncio.current_task().cancelling()`: a
        non-zero count means main itself is being cancelled (Ctrl+C, or the lab's Stop), and
        that cancellation must go on, not be swallowed.
    """,
    params=(
        Param.number("work", 5.0, 0.5, 10.0, "seconds the task would work", unit="s"),
        Param.number("cancel_after", 2.0, 0.1, 10.0, "seconds until cancel()", unit="s"),
        Param.flag("swallow", False, "the task swallows CancelledError (the mistake)"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=(
                "task.cancel() returned",
                "task sees CancelledError",
                "the awaiter sees CancelledError",
            ),
            why="cancel() only requests: it returns at once, and CancelledError is thrown into "
            "the task "
            "at its next "
            "step.",
        ),
        Ending(
            "How does the task long-job end?",
            task="long-job",
            answer="cancelled",
            why="It catches CancelledError only to clean up and raises it again, so it ends "
            "cancelled.",
        ),
    ),
)
