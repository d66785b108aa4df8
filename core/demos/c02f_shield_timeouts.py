"""Seed §2.2.7–2.2.8: shielding a task from cancellation, and putting time limits on awaits."""

from __future__ import annotations

import asyncio
import sys

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="shield.outer-cancelled",
    chapter="2.2.7",
    title="shield: the caller is cancelled, the work goes on",
    explanation="""
        An `inner` task does `work` seconds of work. A `caller` task waits for it through
        `await asyncio.shield(inner)`. After `cancel_after` seconds someone cancels.

        Cancel the caller (the default): its await raises CancelledError at once, so the
        caller stops — but the shield stands between the cancellation and `inner`, which runs
        on to the end and produces its result. Turn `use_shield` off and the same cancel
        travels through the await into `inner`, and the work is lost.

        Cancel `inner` itself instead, and the shield cannot help: it only guards against
        cancellation coming from outside; the caller then sees CancelledError as well.

        What to notice: shield does not make the *caller* immune — "await shield(x)" still
        raises CancelledError. Keep a reference to the inner task (here `inner`) if you want
        its result later. The common mistake: wrapping shield in try/except CancelledError and
        carrying on as if nothing happened; that swallows a cancellation someone asked for.
    """,
    params=(
        Param.number("work", 2.0, 0.5, 10.0, "seconds the inner task works", unit="s"),
        Param.number("cancel_after", 1.0, 0.1, 10.0, "seconds until the cancel", unit="s"),
        Param.flag("use_shield", True, "wait through asyncio.shield"),
        Param.choice("cancel", "caller", ("caller", "inner"), "which task gets cancelled"),
    ),
)
async def shield_outer_cancelled(
    ctx: DemoContext, work: float, cancel_after: float, use_shield: bool, cancel: str
) -> dict[str, str]:
    async def precious_work() -> str:
        ctx.checkpoint("inner starts")
        try:
            await ctx.sleep(work)
        except asyncio.CancelledError:
            ctx.checkpoint("inner cancelled")
            raise
        ctx.checkpoint("inner finishes")
        return "the result"

    async def waiting_caller(inner: asyncio.Task[str]) -> str:
        try:
            if use_shield:
                return await asyncio.shield(inner)
            return await inner
        except asyncio.CancelledError:
            ctx.checkpoint("caller sees CancelledError")
            raise

    inner = asyncio.create_task(precious_work(), name="inner")
    caller = asyncio.create_task(waiting_caller(inner), name="caller")
    await ctx.sleep(cancel_after)
    target = caller if cancel == "caller" else inner
    ctx.log(f"cancelling {target.get_name()}")
    target.cancel()

    await asyncio.wait([inner, caller])  # let both settle; wait() never raises their errors
    outcome = {}
    for task in (caller, inner):
        state = "cancelled" if task.cancelled() else f"done: {task.result()!r}"
        outcome[task.get_name()] = ctx.value(task.get_name(), state)
    return outcome


@demo(
    id="timeouts.timeout",
    chapter="2.2.8",
    title="asyncio.timeout: a job that runs too long is cancelled",
    explanation="""
        A job that needs `work` seconds is awaited inside `async with asyncio.timeout(limit)`.

        When the limit passes first, the timeout cancels the task that entered the block.
        That cancellation travels into the awaited `slow-job` task, which sees CancelledError
        and stops. On the way out of the block the timeout turns the CancelledError into a
        TimeoutError — so it can only be caught *outside* the `async with`, never inside it.
        Make `work` shorter than `limit` and the result comes back normally.

        What to notice: the slow job does not finish in the background; it is cancelled. And
        `cm.expired()` says afterwards whether the limit was what ended the block.
        The common mistake: `try: ... except TimeoutError` placed inside the block.
        (The lab scales every duration by the speed setting, so the limit is scaled too.)
    """,
    params=(
        Param.number("work", 3.0, 0.1, 10.0, "seconds the job needs", unit="s"),
        Param.number("limit", 2.0, 0.1, 10.0, "seconds allowed", unit="s"),
    ),
)
async def timeout_demo(ctx: DemoContext, work: float, limit: float) -> str:
    async def slow_job() -> str:
        ctx.checkpoint("job starts")
        try:
            await ctx.sleep(work)
        except asyncio.CancelledError:
            ctx.checkpoint("job cancelled")
            raise
        ctx.checkpoint("job finishes")
        return "job result"

    try:
        async with asyncio.timeout(ctx.scaled(limit)) as cm:
            result = await asyncio.create_task(slow_job(), name="slow-job")
        ctx.result(f"finished in time with {result!r}")
    except TimeoutError:
        ctx.checkpoint("TimeoutError caught outside the block")
        result = "timed out"
    ctx.value("cm.expired()", cm.expired())
    return result


@demo(
    id="timeouts.reschedule",
    chapter="2.2.8",
    title="timeout(None), then reschedule once the limit is known",
    explanation="""
        Sometimes the limit is not known when the block starts — it arrives with a request,
        or is read from settings. `asyncio.timeout(None)` opens the block with no limit at all
        (`cm.when()` is None); once the limit is known, `cm.reschedule(loop.time() + limit)`
        sets the deadline. After the block, `cm.expired()` tells whether it was hit.

        Deadlines are moments on the loop's own clock, `loop.time()`, which is not the wall
        clock. `reschedule(None)` would remove the deadline again.

        What to notice: the deadline is absolute, so rescheduling to "now + limit" counts from
        the moment you reschedule, not from when the block was entered.
        The common mistake: computing the deadline from `time.time()`; the loop's clock is a
        different clock and the deadline ends up in the wrong place.
    """,
    params=(
        Param.number("work", 3.0, 0.1, 10.0, "seconds the job needs", unit="s"),
        Param.number("limit", 2.0, 0.1, 10.0, "limit learned inside the block", unit="s"),
    ),
)
async def timeout_reschedule(ctx: DemoContext, work: float, limit: float) -> bool:
    loop = asyncio.get_running_loop()

    async def learn_the_limit() -> float:
        await ctx.sleep(0.1)  # e.g. read from a request or a settings file
        return limit

    try:
        async with asyncio.timeout(None) as cm:
            ctx.value("cm.when() at first", cm.when())
            seconds = await learn_the_limit()
            cm.reschedule(loop.time() + ctx.scaled(seconds))
            ctx.log(f"deadline set: {seconds:g} s from now")
            await ctx.sleep(work)
            ctx.checkpoint("work finished in time")
    except TimeoutError:
        ctx.checkpoint("TimeoutError")
    if cm.expired():
        ctx.result("cm.expired() is True: we did not finish on time")
    return cm.expired()


@demo(
    id="timeouts.timeout-at",
    chapter="2.2.8",
    title="timeout_at: one deadline shared by several steps",
    explanation="""
        `asyncio.timeout_at(when)` is `timeout` with an absolute deadline instead of a
        duration. That suits a budget shared by several awaits: work out one deadline
        (`loop.time() + budget`), then every step inside the block counts against it.

        Here `steps` steps of `step` seconds each run one after the other under a single
        deadline; the step that would cross it is cancelled and the block ends with
        TimeoutError. The steps that made it keep their results.

        What to notice: no single step is "too slow"; together they overrun the budget.
        The common mistake: passing `time.time() + budget`. The deadline is read on the
        loop's clock (`loop.time()`), which counts from an arbitrary point, so a wall-clock
        timestamp is a moment far in the future and the limit never fires.
    """,
    params=(
        Param.number("steps", 4, 1, 10, "steps to run one after another"),
        Param.number("step", 1.0, 0.1, 5.0, "seconds each step takes", unit="s"),
        Param.number("budget", 2.5, 0.1, 20.0, "seconds for all the steps together", unit="s"),
    ),
)
async def timeout_at_demo(ctx: DemoContext, steps: int, step: float, budget: float) -> int:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ctx.scaled(budget)
    finished = 0
    try:
        async with asyncio.timeout_at(deadline):
            for number in range(1, steps + 1):
                await ctx.sleep(step)
                finished = number
                ctx.checkpoint(f"step {number} done")
    except TimeoutError:
        ctx.checkpoint("deadline reached")
    ctx.result(f"{finished} of {steps} steps finished within {budget:g} s")
    return finished


@demo(
    id="timeouts.wait-for",
    chapter="2.2.8",
    title="wait_for: the function-call form of a timeout",
    explanation="""
        `await asyncio.wait_for(job(), timeout)` gives the job `timeout` seconds; if it is not
        done by then the job is cancelled and TimeoutError is raised, just as with
        `async with asyncio.timeout(...)`. It is handy for a single await; the context manager
        reads better around several.

        A difference that shows in the inspector: before Python 3.12, wait_for wrapped the
        coroutine in a task of its own, so the job ran in an extra task. Since 3.12 it is
        built on `asyncio.timeout` and the job runs in the caller's own task. The demo checks
        which task the job runs in.

        What to notice: on timeout the job is cancelled and waited for before TimeoutError
        reaches you, so a job that ignores cancellation makes wait_for overrun its limit.
        The common mistake: thinking the job keeps running after the timeout.
    """,
    params=(
        Param.number("work", 3.0, 0.1, 10.0, "seconds the job needs", unit="s"),
        Param.number("limit", 2.0, 0.1, 10.0, "the timeout", unit="s"),
    ),
)
async def wait_for_demo(ctx: DemoContext, work: float, limit: float) -> dict[str, bool]:
    caller = asyncio.current_task()
    ran_in_extra_task = False

    async def slow_job() -> str:
        nonlocal ran_in_extra_task
        ran_in_extra_task = asyncio.current_task() is not caller
        ctx.checkpoint("job starts")
        try:
            await ctx.sleep(work)
        except asyncio.CancelledError:
            ctx.checkpoint("job cancelled")
            raise
        return "job result"

    try:
        result = await asyncio.wait_for(slow_job(), timeout=ctx.scaled(limit))
        ctx.result(f"finished in time with {result!r}")
        timed_out = False
    except TimeoutError:
        ctx.checkpoint("TimeoutError")
        timed_out = True
    ctx.value(
        f"job ran in an extra task (Python {sys.version_info[0]}.{sys.version_info[1]})",
        ran_in_extra_task,
    )
    return {"timed_out": timed_out, "extra_task": ran_in_extra_task}
