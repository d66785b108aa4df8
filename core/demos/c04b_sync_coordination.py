"""Seed §4: coordinating tasks — barriers, queues, and a threading.Lock where it must not be."""

from __future__ import annotations

import asyncio
import threading
import time

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="sync.barrier",
    chapter="4",
    title="Barrier(3): all arrive, then all pass; abort breaks it",
    explanation="""
        Each worker does its own preparation (of different lengths) and then calls
        `await barrier.wait()`. Nobody passes until the last of the `parties` workers (the
        third, by default) arrives; then they all pass together. The barrier resets itself,
        so it can be used round after round.

        In the second round only two workers come; the coordinator gives up and calls
        `abort()`, and everyone waiting gets BrokenBarrierError instead of hanging forever.

        What to notice: wait() returns a different index (0..parties-1) to each party, handy
        for choosing one task to do the follow-up work.
    """,
    params=(Param.number("parties", 3, 2, 6, "how many tasks the barrier waits for"),),
)
async def barrier_demo(ctx: DemoContext, parties: int) -> dict[str, str]:
    barrier = asyncio.Barrier(parties)
    arrived: list[str] = []  # waiting inside barrier.wait()
    outcome: dict[str, str] = {}

    def show() -> None:  # for the Sync view
        state = "broken" if barrier.broken else f"{len(arrived)} of {parties} arrived"
        ctx.primitive("barrier", f"asyncio.Barrier({parties})", state, (), arrived)

    async def worker(name: str, prepare: float) -> None:
        await ctx.sleep(prepare)
        ctx.checkpoint(f"{name} arrives")
        arrived.append(name)
        ctx.log(f"{name} waits at the barrier ({len(arrived)}/{parties} there)")
        show()
        try:
            index = await barrier.wait()
        except asyncio.BrokenBarrierError:
            arrived.remove(name)
            show()
            outcome[name] = "BrokenBarrierError"
            ctx.warn(f"{name}: the barrier was broken (BrokenBarrierError)")
            return
        if arrived:  # the first one through: the whole party passes at once
            arrived.clear()
            show()
        outcome[name] = f"passed (index {index})"
        ctx.checkpoint(f"{name} passes")

    show()
    ctx.log(f"round 1: all {parties} come")
    async with asyncio.TaskGroup() as tg:
        for i in range(1, parties + 1):
            tg.create_task(worker(f"worker-{i}", 0.3 * i), name=f"worker-{i}")

    ctx.log(f"round 2: only {parties - 1} come, then the barrier is aborted")
    async with asyncio.TaskGroup() as tg:
        for i in range(1, parties):
            tg.create_task(worker(f"late-{i}", 0.2 * i), name=f"late-{i}")
        await ctx.sleep(0.2 * parties + 0.3)
        ctx.checkpoint("abort")
        await barrier.abort()
        show()
    ctx.value("broken", barrier.broken)
    return outcome


@demo(
    id="sync.queue",
    chapter="4",
    title="Queue: producers, consumers, task_done and join",
    explanation="""
        A producer puts jobs into a bounded asyncio.Queue; consumers take them with `get()`
        and call `task_done()` after each. When the queue is full, `put()` waits: the producer
        is slowed down to the consumers' pace (back-pressure). `await queue.join()` returns
        once every job put has been marked done; then the idle consumers are cancelled.

        What to notice: join() counts task_done() calls, not get() calls.
        The common mistake: forgetting task_done(), so join() never returns.
    """,
    params=(
        Param.number("jobs", 6, 1, 20, "jobs the producer makes"),
        Param.number("consumers", 2, 1, 5, "consumer tasks"),
        Param.number("maxsize", 2, 1, 10, "queue capacity"),
        Param.number("work", 0.3, 0.05, 2.0, "seconds a consumer spends per job", unit="s"),
    ),
)
async def queue_demo(
    ctx: DemoContext, jobs: int, consumers: int, maxsize: int, work: float
) -> dict[str, list[int]]:
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize)
    handled: dict[str, list[int]] = {}
    blocked: list[str] = []  # consumers waiting in get(), the producer waiting in put()

    def show() -> None:  # for the Sync view
        state = f"{queue.qsize()} queued (maxsize {maxsize})"
        ctx.primitive("queue", f"asyncio.Queue(maxsize={maxsize})", state, (), blocked)

    async def producer() -> None:
        for job in range(1, jobs + 1):
            if queue.full():
                ctx.log(f"queue full ({queue.qsize()}/{maxsize}): producer waits to put {job}")
                blocked.append("producer")
                show()
            await queue.put(job)
            if "producer" in blocked:
                blocked.remove("producer")
            ctx.log(f"producer put job {job} (size {queue.qsize()})")
            show()
        ctx.checkpoint("all jobs put")

    async def consumer(name: str) -> None:
        handled[name] = []
        while True:
            if queue.empty():
                blocked.append(name)
                show()
            job = await queue.get()
            if name in blocked:
                blocked.remove(name)
            show()
            try:
                await ctx.sleep(work)
                handled[name].append(job)
                ctx.log(f"{name} finished job {job}")
            finally:
                queue.task_done()

    show()
    workers = [
        asyncio.create_task(consumer(f"consumer-{i}"), name=f"consumer-{i}")
        for i in range(1, consumers + 1)
    ]
    try:
        await asyncio.create_task(producer(), name="producer")
        await queue.join()  # every job marked done
        ctx.checkpoint("join returned")
    finally:
        for task in workers:
            task.cancel()  # they would wait forever on get(); stop them
        await asyncio.gather(*workers, return_exceptions=True)
        blocked.clear()  # cancelled: nobody waits in get() any more
        show()
    ctx.result(f"{sum(map(len, handled.values()))} jobs handled by {consumers} consumers")
    return handled


@demo(
    id="sync.threading-lock",
    chapter="4",
    title="threading.Lock vs asyncio.Lock on the loop thread",
    explanation="""
        Task A takes a lock and keeps it across an await. Task B wants the same lock. A
        heartbeat task ticks every 0.1 s so we can see whether the loop is alive.

        With asyncio.Lock, B suspends; the loop keeps running, A finishes its await and
        releases, and B gets in. The heartbeat never skips a beat.

        With threading.Lock, B's acquire() blocks the loop thread itself. Now nothing else
        can run — not the heartbeat and not A, who would release the lock. Without a timeout
        that is a deadlock that freezes the whole program (or the window). Here B gives up
        after `timeout` seconds, and the heartbeat shows the loop stood still that long.

        The rule: never block on a threading primitive from a coroutine. Use the asyncio
        primitive, or, if the lock is shared with real threads, acquire it in
        `asyncio.to_thread` and never hold it across an await.
    """,
    params=(
        Param.choice("kind", "threading", ("threading", "asyncio"), "which lock to share"),
        Param.number("timeout", 0.5, 0.1, 2.0, "B's acquire timeout (threading)", unit="s"),
    ),
)
async def threading_lock_demo(ctx: DemoContext, kind: str, timeout: float) -> dict[str, float]:
    beats: list[float] = []
    thread_lock = threading.Lock()  # used when kind == "threading"
    async_lock = asyncio.Lock()  # used when kind == "asyncio"
    holder: str | None = None
    waiting: list[str] = []

    def show() -> None:  # for the Sync view
        locked = thread_lock.locked() if kind == "threading" else async_lock.locked()
        state = "locked" if locked else "unlocked"
        ctx.primitive("lock", f"{kind}.Lock", state, [holder] if holder else [], waiting)

    async def heartbeat() -> None:
        while True:
            beats.append(time.perf_counter())
            await ctx.sleep(0.1)

    async def task_a() -> None:
        nonlocal holder
        if kind == "threading":
            thread_lock.acquire()
        else:
            await async_lock.acquire()
        holder = "task-A"
        show()
        ctx.log("A holds the lock and awaits (still holding it)")
        try:
            await ctx.sleep(1.0)
        finally:
            if kind == "threading":
                thread_lock.release()
            else:
                async_lock.release()
            holder = None
            show()
            ctx.log("A released the lock")

    async def task_b() -> None:
        nonlocal holder
        await ctx.sleep(0.3)
        waiting.append("task-B")
        show()
        if kind == "threading":
            ctx.warn(f"B calls threading.Lock.acquire(timeout={timeout:g}) ON THE LOOP THREAD")
            # Blocks everything. Capped at 2 real seconds: at a slow speed the scaled timeout
            # would otherwise freeze a window for a long time.
            got = thread_lock.acquire(timeout=min(ctx.scaled(timeout), 2.0))
            if got:
                thread_lock.release()
            waiting.remove("task-B")
            show()
            ctx.warn(f"B gave up: acquired={got}; the loop was frozen meanwhile")
        else:
            ctx.log("B awaits asyncio.Lock.acquire(): suspends, the loop runs on")
            async with async_lock:
                waiting.remove("task-B")
                holder = "task-B"
                show()
                ctx.log("B got the lock after A released it")
            holder = None
            show()

    show()
    beat = asyncio.create_task(heartbeat(), name="heartbeat")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(task_a(), name="task-A")
            tg.create_task(task_b(), name="task-B")
    finally:
        beat.cancel()
    gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
    stall = max(gaps, default=0.0) * ctx.speed  # in demo seconds
    ctx.result(f"{kind} lock: longest gap between heartbeats {stall:.2f} s (normal: 0.10 s)")
    return {"stall": round(stall, 3)}
