"""Seed §2.2.2: creating tasks — scheduling, names, contexts, and cancelling a task."""

from __future__ import annotations

import asyncio
import contextvars

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="tasks.create-task",
    chapter="2.2.2",
    title="create_task: scheduled now, running soon, named for people",
    explanation="""
        `asyncio.create_task(coro, name=...)` hands a coroutine to the loop and returns a
        Task at once. It does not wait: the caller carries on, and the new task takes its
        first step the next time the caller gives the loop a chance (at its next `await`).

        The checkpoints show it: "caller continues" comes before "task starts". The name you
        pass is what `task.get_name()` returns, and what the task sees of itself through
        `asyncio.current_task().get_name()`; it is also what debuggers, logs and this lab's
        task table show. Without a name asyncio makes one up ("Task-7"), which tells you
        nothing when twenty of them are running.

        The common mistake: creating a task and dropping the returned object. The loop keeps
        only a weak reference to running tasks, so keep your own (or use a TaskGroup) —
        and `await` it (here at the end) to collect its result or its error.
    """,
    params=(
        Param.choice("name", "report-builder", ("report-builder", "mailer", "(none)"), "name"),
        Param.number("work", 1.0, 0.0, 5.0, "seconds the task works", unit="s"),
    ),
)
async def create_task(ctx: DemoContext, name: str, work: float) -> dict[str, str]:
    async def background_job() -> str:
        me = asyncio.current_task()
        ctx.checkpoint("task starts")
        ctx.log(f"inside, current_task().get_name() = {me.get_name()!r}")
        await ctx.sleep(work)
        ctx.checkpoint("task finishes")
        return "report ready"

    task = asyncio.create_task(background_job(), name=None if name == "(none)" else name)
    ctx.checkpoint("caller continues")
    ctx.value("task.get_name()", task.get_name())
    ctx.value("task.done() right after create_task", task.done())
    result = await task  # the first chance for the task to run, and then its result
    ctx.value("await task", result)
    return {"name": task.get_name(), "result": result}


@demo(
    id="tasks.context",
    chapter="2.2.2",
    title="create_task(context=...): a task runs in the context you give it",
    explanation="""
        A `contextvars.ContextVar` holds a value per *context*, like a thread-local but for
        async code: a request id, the current user, a trace id. Every task runs inside a
        context. By default `create_task` gives the new task a *copy* of the caller's
        current context; with `context=...` you hand it a specific one.

        The demo copies the current context, sets `request_id` inside that copy only
        (`copied.run(request_id.set, value)`), and starts one task with `context=copied` and
        one without. The first sees the value; the second and the caller still see the
        default. Whatever a task sets in its own context stays there: the caller's value is
        unchanged afterwards.

        What to notice: no data races and no clean-up code — the value travels with the
        context. The common mistake: expecting a ContextVar set inside a task to become
        visible to the code that created the task; it never flows back.
    """,
    params=(Param.number("request_id", 12345, 1, 99999, "the value set in the copied context"),),
)
async def task_context(ctx: DemoContext, request_id: int) -> dict[str, object]:
    current_request = contextvars.ContextVar("current_request", default="(unset)")

    async def handle(label: str) -> object:
        seen = current_request.get()
        ctx.log(f"{label} sees current_request = {seen!r}")
        current_request.set("changed inside the task")  # stays in the task's context
        await ctx.sleep(0.5)
        return seen

    copied = contextvars.copy_context()
    copied.run(current_request.set, request_id)  # set it in the copy only

    with_ctx = asyncio.create_task(handle("with context="), name="with-context", context=copied)
    plain = asyncio.create_task(handle("default context"), name="default-context")
    seen = {"with context=": await with_ctx, "default": await plain}
    seen["caller afterwards"] = current_request.get()
    seen["the copied context now holds"] = copied[current_request]
    for label, value in seen.items():
        ctx.value(label, value)
    return seen


@demo(
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

        The awaiter's own `except CancelledError` checks `current_task().cancelling()`: a
        non-zero count means the awaiter itself is being cancelled, and that must go on.
    """,
    params=(
        Param.number("work", 5.0, 0.5, 10.0, "seconds the task would work", unit="s"),
        Param.number("cancel_after", 2.0, 0.1, 10.0, "seconds until cancel()", unit="s"),
        Param.flag("swallow", False, "the task swallows CancelledError (the mistake)"),
    ),
)
async def cancel(ctx: DemoContext, work: float, cancel_after: float, swallow: bool) -> str:
    async def long_job() -> str:
        ctx.checkpoint("task starts")
        try:
            await ctx.sleep(work)
        except asyncio.CancelledError:
            ctx.checkpoint("task sees CancelledError")
            if swallow:
                return "pretended to finish"  # the mistake: the cancellation is lost
            raise  # the right thing: clean up, then let it through
        finally:
            ctx.checkpoint("task cleans up")
        ctx.checkpoint("task finishes")
        return "finished"

    task = asyncio.create_task(long_job(), name="long-job")
    await ctx.sleep(cancel_after)
    ctx.value("task.cancel()", task.cancel())
    try:
        outcome = await task
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise  # *we* are being cancelled (the Stop button): never swallow that
        ctx.checkpoint("awaiter sees CancelledError")
        outcome = "cancelled"
    ctx.value("task.cancelled()", task.cancelled())
    return outcome
