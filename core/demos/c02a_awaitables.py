"""Seed §2.2.1: awaitables — coroutines, tasks and futures, and what `await` does with each."""

from __future__ import annotations

import asyncio
import gc
import inspect
import warnings

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="awaitables.calling-vs-awaiting",
    chapter="2.2.1",
    title="Coroutine function, coroutine object, await",
    explanation="""
        Three things that look alike. `nested` is a *coroutine function* (written with
        `async def`). `nested()` is a *coroutine object*: calling the function only builds
        it — not one line of the body has run yet. `await nested()` runs the body to the end
        (pausing wherever the body awaits) and evaluates to what it returns.

        The checkpoints show the order: the object is made, nothing happens, then the body
        runs only when awaited. A coroutine object can be awaited exactly once; a second
        await raises RuntimeError. To run the same work concurrently you wrap it in a task
        (`asyncio.create_task(nested())`), which is itself awaitable and also gives 42.

        The common mistake: writing `nested()` without `await` and wondering why nothing
        happened — the value you got is a coroutine object, not the result.
    """,
    params=(Param.number("delay", 0.5, 0.0, 5.0, "seconds the body sleeps", unit="s"),),
)
async def calling_vs_awaiting(ctx: DemoContext, delay: float) -> dict[str, object]:
    async def nested() -> int:
        ctx.checkpoint("body runs")
        await ctx.sleep(delay)
        return 42

    ctx.value("iscoroutinefunction(nested)", inspect.iscoroutinefunction(nested))
    coro = nested()  # builds the object; the body does not start
    ctx.checkpoint("object made")
    ctx.value("type(nested())", type(coro).__name__)
    answer = await coro  # now the body runs
    ctx.checkpoint("awaited")
    ctx.value("await nested()", answer)

    try:
        await coro  # the same object a second time
    except RuntimeError as exc:
        ctx.warn(f"awaiting it again: RuntimeError: {exc}")
        ctx.checkpoint("second await refused")

    task = asyncio.create_task(nested(), name="nested-task")
    from_task = await task
    ctx.value("await create_task(nested())", from_task)
    return {"await": answer, "task": from_task}


@demo(
    id="awaitables.never-awaited",
    chapter="2.2.1",
    title="The coroutine that was never awaited",
    explanation="""
        Call a coroutine function and drop the result, and the work simply never happens.
        Python notices when the forgotten coroutine object is destroyed and issues a
        `RuntimeWarning: coroutine '...' was never awaited` — normally to stderr, where it is
        easy to miss, and only once the object is garbage-collected.

        This demo makes the mistake on purpose inside `warnings.catch_warnings(record=True)`
        and forces a `gc.collect()`, so the warning is caught and shown here rather than
        printed (or, in our test suite, turned into an error). Turn on `fix_it` to await the
        coroutine instead: the work happens and there is no warning.

        What to notice: the side effect (the checkpoint inside `send_email`) never appears
        when the call is not awaited. The warning is the only trace. Run with asyncio's debug
        mode and the warning also tells you where the coroutine was created.
    """,
    params=(Param.flag("fix_it", False, "await the coroutine instead of dropping it"),),
)
async def never_awaited(ctx: DemoContext, fix_it: bool) -> dict[str, object]:
    async def send_email() -> str:
        ctx.checkpoint("email sent")
        await ctx.sleep(0.1)
        return "sent"

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # record it even if it was seen before
        if fix_it:
            await send_email()
        else:
            send_email()  # the mistake this demo is about: no await
        gc.collect()  # make sure the dropped coroutine object is destroyed now

    found = [f"{w.category.__name__}: {w.message}" for w in caught]
    for text in found:
        ctx.warn(text)
    ctx.value("warnings caught", len(found))
    ctx.value("the email was sent", "email sent" in ctx.checkpoints)
    return {"warnings": found, "sent": "email sent" in ctx.checkpoints}


@demo(
    id="awaitables.future",
    chapter="2.2.1",
    title="A Future filled in by another task",
    explanation="""
        A Future is an empty box for a result that does not exist yet. Whoever holds it can
        `await` it (suspending until the box is filled), ask `done()`, register a callback
        with `add_done_callback(fn)`, and read `result()` once it is done. Someone else fills
        it with `set_result(value)` — or `set_exception(exc)`, and then awaiting it raises.

        Here a `producer` task sleeps, then fills the future. The main coroutine awaits it
        meanwhile. Notice the order: `done()` is False and `result()` raises
        InvalidStateError before; then the producer sets the value, the done-callback runs,
        and the awaiter wakes with the value.

        Futures are the low-level piece under tasks (a Task *is* a Future driven by a
        coroutine); application code rarely makes them, but libraries bridge callback-style
        APIs to `await` with exactly this pattern. Prefer `loop.create_future()` to calling
        `asyncio.Future()` yourself.
    """,
    params=(
        Param.number("delay", 1.0, 0.0, 5.0, "seconds before the producer fills it", unit="s"),
        Param.choice("outcome", "result", ("result", "exception"), "what the producer sets"),
    ),
)
async def future_demo(ctx: DemoContext, delay: float, outcome: str) -> str:
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: ctx.checkpoint("done-callback runs"))

    async def producer() -> None:
        await ctx.sleep(delay)
        ctx.checkpoint("producer fills the future")
        if outcome == "result":
            fut.set_result("the answer")
        else:
            fut.set_exception(LookupError("nothing found"))

    task = asyncio.create_task(producer(), name="producer")
    ctx.value("fut.done() before", fut.done())
    try:
        fut.result()
    except asyncio.InvalidStateError as exc:
        ctx.log(f"fut.result() too early: InvalidStateError: {exc}")

    try:
        value = await fut
    except LookupError as exc:
        ctx.checkpoint("awaiter sees the exception")
        value = f"{type(exc).__name__}: {exc}"
    else:
        ctx.checkpoint("awaiter wakes")
    finally:
        task.cancel()  # a no-op once it has finished; stops it if *we* were stopped
    await task
    ctx.value("fut.done() after", fut.done())
    ctx.value("await fut", value)
    return value
