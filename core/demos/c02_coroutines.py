"""Seed §2.1: coroutines — awaiting one after another versus running them as tasks."""

from __future__ import annotations

import asyncio

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="coroutines.sequential-vs-tasks",
    chapter="2.1",
    title="Awaiting in turn vs. running as tasks",
    explanation="""
        Two jobs: one takes `first` seconds, the other `second`.

        Awaited one after the other, the second job does not even start until the first has
        finished, so the total is first + second. Wrapped in tasks, both start at once and
        the total is only as long as the longer job.

        What to notice: calling a coroutine function does nothing by itself; it only makes a
        coroutine object. Something has to await it, or a task has to drive it.
        The common mistake: expecting `await a(); await b()` to run a and b concurrently.
    """,
    params=(
        Param.number("first", 1.0, 0.0, 10.0, "seconds the first job sleeps", unit="s"),
        Param.number("second", 2.0, 0.0, 10.0, "seconds the second job sleeps", unit="s"),
    ),
)
async def sequential_vs_tasks(ctx: DemoContext, first: float, second: float) -> dict[str, float]:
    async def job(label: str, seconds: float) -> str:
        ctx.log(f"{label} starts")
        await ctx.sleep(seconds)
        ctx.log(f"{label} ends after {seconds:g} s")
        return label

    ctx.checkpoint("sequential")
    start = ctx.elapsed()
    await job("A", first)
    await job("B", second)
    sequential = ctx.elapsed() - start
    ctx.result(f"one after the other: {sequential:.2f} s (≈ {first + second:g})")

    ctx.checkpoint("tasks")
    start = ctx.elapsed()
    task_a = asyncio.create_task(job("A", first), name="job-A")
    task_b = asyncio.create_task(job("B", second), name="job-B")
    await task_a
    await task_b
    concurrent = ctx.elapsed() - start
    ctx.result(f"as two tasks: {concurrent:.2f} s (≈ {max(first, second):g})")
    return {"sequential": round(sequential, 2), "tasks": round(concurrent, 2)}


@demo(
    id="coroutines.taskgroup",
    chapter="2.1",
    title="The same two jobs in a TaskGroup",
    explanation="""
        The concurrent version once more, written with `async with asyncio.TaskGroup() as tg`.
        Each `tg.create_task(...)` starts a job at once; leaving the `async with` block waits
        for every task the group started, so no explicit `await task` is needed.

        What to notice: the block ends after max(first, second) seconds, not the sum, and
        every task is finished by the time the line after the block runs — their results are
        ready to read. Why prefer it to loose `create_task` calls: a task cannot be forgotten
        (the block always waits for it), and if one job fails the group cancels the others
        and reports the error, instead of leaving them running unobserved.
        The common mistake: reading a task's result *inside* the block, before it is done.
    """,
    params=(
        Param.number("first", 1.0, 0.0, 10.0, "seconds the first job sleeps", unit="s"),
        Param.number("second", 2.0, 0.0, 10.0, "seconds the second job sleeps", unit="s"),
    ),
)
async def taskgroup(ctx: DemoContext, first: float, second: float) -> dict[str, object]:
    async def say_after(seconds: float, word: str) -> str:
        await ctx.sleep(seconds)
        ctx.log(f"{word} (after {seconds:g} s)")
        return word

    ctx.checkpoint("block entered")
    start = ctx.elapsed()
    async with asyncio.TaskGroup() as tg:
        hello = tg.create_task(say_after(first, "hello"), name="say-hello")
        world = tg.create_task(say_after(second, "world"), name="say-world")
        ctx.log("both tasks started; the block now waits for them")
    took = ctx.elapsed() - start
    ctx.checkpoint("block left")
    ctx.result(f"the group took {took:.2f} s (≈ {max(first, second):g}, not {first + second:g})")
    words = [hello.result(), world.result()]  # safe: every task is done after the block
    return {"words": words, "took": round(took, 2)}
