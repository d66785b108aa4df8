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
