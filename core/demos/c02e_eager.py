"""Seed §2.2.6: eager tasks — a task factory that starts the coroutine inside create_task."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="eager.done-on-return",
    chapter="2.2.6",
    title="Eager tasks: the first step runs inside create_task",
    explanation="""
        The same two coroutines are started twice: first with the normal (lazy) task factory,
        then after `loop.set_task_factory(asyncio.eager_task_factory)`.

        Lazy: create_task only schedules the task. Its body has not run a single line when
        create_task returns; it starts the next time the current task gives the loop a turn.

        Eager: create_task runs the coroutine right away, synchronously, up to its first real
        suspension. A coroutine that never suspends (`quick` here) has therefore already
        finished when create_task returns: `task.done()` is True and its result is ready,
        and the loop never had to schedule it at all. A coroutine that does suspend (`slow`)
        runs up to that await, then carries on like any other task. (Look at the task name
        in the log: on some Python versions the loop names a task only after the factory has
        returned, so an eager first step still runs under the default "Task-N" name.)

        The factory is an ordinary function: `asyncio.eager_task_factory(loop, coro(),
        name=...)` may be called directly to start a single task eagerly, but installing it
        with `loop.set_task_factory` is the usual way, and it then applies to every new task
        (TaskGroup and gather included) until you set the factory back to None.

        What to notice: the order of the checkpoints changes — with eager tasks "body starts"
        comes before "create_task returned". Why it helps: tasks that finish without waiting
        (a cache hit, an already-known answer) skip the round trip through the loop.
        The common mistake: code that relies on the caller running on before the new task
        starts (setting up state the task reads) breaks once eager tasks are switched on.
        Needs Python 3.12 or newer.
    """,
    params=(Param.number("slow", 0.5, 0.1, 5.0, "seconds the slow task waits", unit="s"),),
    requires=(3, 12),
)
async def eager_done_on_return(ctx: DemoContext, slow: float) -> dict[str, bool]:
    loop = asyncio.get_running_loop()

    async def quick(mode: str) -> str:
        ctx.checkpoint(f"{mode}: quick body runs")
        return "answer"  # no await: nothing ever suspends this coroutine

    async def slow_job(mode: str) -> str:
        ctx.checkpoint(f"{mode}: slow body starts")
        await ctx.sleep(slow)  # the first real suspension: an eager task stops here
        ctx.checkpoint(f"{mode}: slow body ends")
        return "late answer"

    done_at_once: dict[str, bool] = {}
    for mode in ("lazy", "eager"):
        if mode == "eager":
            loop.set_task_factory(asyncio.eager_task_factory)
        try:
            quick_task = asyncio.create_task(quick(mode), name=f"{mode}-quick")
            ctx.checkpoint(f"{mode}: create_task(quick) returned")
            done_at_once[mode] = ctx.value(f"{mode}: quick_task.done()", quick_task.done())
            if quick_task.done():
                ctx.value(f"{mode}: quick_task.result()", quick_task.result())

            slow_task = asyncio.create_task(slow_job(mode), name=f"{mode}-slow")
            ctx.checkpoint(f"{mode}: create_task(slow) returned")
            ctx.value(f"{mode}: slow_task.done()", slow_task.done())
            await asyncio.gather(quick_task, slow_task)
        finally:
            loop.set_task_factory(None)  # back to the default, lazy factory
    return done_at_once


@demo(
    id="eager.custom-constructor",
    chapter="2.2.6",
    title="create_eager_task_factory with your own Task class",
    explanation="""
        `asyncio.eager_task_factory` always builds plain `asyncio.Task` objects.
        `asyncio.create_eager_task_factory(constructor)` builds a factory that calls your own
        constructor instead — usually a Task subclass — and passes it `eager_start=True`.

        Here the constructor is `StampedTask`, a Task that records the moment it was created.
        Every task made through `create_task` (and through a TaskGroup) is now a StampedTask,
        and it starts eagerly: the one that returns without awaiting is done on the spot.

        What to notice: `type(task)` is your class, and the factory applies to every task on
        the loop until you set it back. The common mistake: a constructor that does not accept
        `eager_start` (and the other keyword arguments of Task.__init__) — the factory passes
        it, so the constructor must take it. Needs Python 3.12 or newer.
    """,
    params=(Param.number("tasks", 3, 1, 10, "how many tasks to start"),),
    requires=(3, 12),
)
async def eager_custom_constructor(ctx: DemoContext, tasks: int) -> list[str]:
    loop = asyncio.get_running_loop()

    class StampedTask(asyncio.Task):  # type: ignore[type-arg]
        """A Task that remembers when it was created."""

        def __init__(self, coro: Any, **kwargs: Any) -> None:  # kwargs include eager_start
            self.created = time.perf_counter()
            super().__init__(coro, **kwargs)

    async def job(number: int) -> int:
        if number % 2 == 0:
            await ctx.sleep(0.2 * number)  # even numbers suspend, odd ones never do
        return number * number

    loop.set_task_factory(asyncio.create_eager_task_factory(StampedTask))
    try:
        async with asyncio.TaskGroup() as tg:
            started = [tg.create_task(job(n), name=f"job-{n}") for n in range(1, tasks + 1)]
            for task in started:
                ctx.log(
                    f"{task.get_name()}: {type(task).__name__}, "
                    f"done right after create_task: {task.done()}"
                )
    finally:
        loop.set_task_factory(None)
    for task in started:
        age = (time.perf_counter() - task.created) * ctx.speed
        ctx.log(f"{task.get_name()} = {task.result()} (created {age:.2f} s ago)")
    ctx.result(f"every task is a {type(started[0]).__name__}")
    return [type(task).__name__ for task in started]


@demo(
    id="eager.lazy-vs-eager",
    chapter="2.2.6",
    title="A flood of trivial tasks: lazy vs. eager",
    explanation="""
        `tasks` coroutines that do nothing at all are started in a TaskGroup, first with the
        default factory, then with `asyncio.eager_task_factory`, and each run is timed.

        Lazy, every task costs a trip through the loop: it is created, queued, later given one
        step in which it finishes, and only then reported to the group. Eager, the coroutine
        finishes inside create_task, so the loop never schedules it. The seed's author measured
        one million such tasks at 8.28 s lazy and 1.20 s eager, about 7 times faster; the ratio
        you get depends on the machine and the Python version and is shown beside it.

        Where it runs: by default each timing happens in a fresh, *untracked* loop on a worker
        thread (`asyncio.to_thread(asyncio.run, ...)`), which is the honest measurement. The
        lab's inspector wraps every task to record its life, and that costs time per task —
        choose `loop = tracked` to time it on the lab's own loop and see how much the
        watching adds (it caps the count at 100,000 to spare memory).

        What to notice: the gain is only for tasks that finish without waiting. A task that
        awaits real I/O still goes through the loop. The common mistake: switching eager
        tasks on for speed without checking code that assumes a new task starts later.
        Needs Python 3.12 or newer.
    """,
    params=(
        Param.number("tasks", 20_000, 1_000, 1_000_000, "trivial tasks per run"),
        Param.choice(
            "loop", "clean", ("clean", "tracked"), "time in a fresh untracked loop or this one"
        ),
    ),
    requires=(3, 12),
    tags=("benchmark",),
)
async def lazy_vs_eager(ctx: DemoContext, tasks: int, loop: str) -> dict[str, float]:
    if loop == "tracked" and tasks > 100_000:
        ctx.warn("the tracked loop records every task; capping the count at 100,000")
        tasks = 100_000
    give_up = threading.Event()  # a thread cannot be cancelled; this tells it to stop early

    async def trivial() -> None:
        pass  # finishes at once: there is nothing to wait for

    async def one_run(label: str, eager: bool) -> float:
        running = asyncio.get_running_loop()
        if eager:
            running.set_task_factory(asyncio.eager_task_factory)
        chunk = max(1, tasks // 100)  # ~100 progress reports, whatever the count
        start = time.perf_counter()
        try:
            async with asyncio.TaskGroup() as tg:
                for first in range(0, tasks, chunk):
                    for _ in range(min(chunk, tasks - first)):
                        tg.create_task(trivial())
                    ctx.progress(f"{label}: tasks created", min(first + chunk, tasks), tasks)
                    if give_up.is_set():
                        break
                    if loop == "tracked":  # on the lab's loop: let it redraw and hear "stop"
                        await asyncio.sleep(0)
        finally:
            running.set_task_factory(None)
        return time.perf_counter() - start  # real seconds: speed does not apply here

    seconds: dict[str, float] = {}
    try:
        for label, eager in (("lazy", False), ("eager", True)):
            ctx.checkpoint(f"{label} run")
            if loop == "clean":
                seconds[label] = await asyncio.to_thread(asyncio.run, one_run(label, eager))
            else:
                seconds[label] = await one_run(label, eager)
            ctx.result(f"{label}: {tasks:,} tasks in {seconds[label]:.3f} s")
    except asyncio.CancelledError:
        give_up.set()
        raise
    ratio = seconds["lazy"] / max(seconds["eager"], 1e-9)
    ctx.result(f"eager is {ratio:.1f}× faster here (the seed: 8.28 s / 1.20 s ≈ 6.9×)")
    return {label: round(s, 4) for label, s in seconds.items()} | {"ratio": round(ratio, 2)}
