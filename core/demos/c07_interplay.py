"""Where asyncio meets threads: a blocked loop, to_thread, the GIL, the executor, wrong threads."""

from __future__ import annotations

import asyncio
import hashlib
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.lag_probe import measure_lag_while
from asyncio_lab.core.params import Param
from asyncio_lab.core.threads import current_thread_name

MAX_REAL_BLOCK = 3.0  # slow motion stretches a deliberate freeze; never beyond this many seconds


@demo(
    id="interplay.blocking-sleep",
    chapter="7",
    title="time.sleep in a coroutine stops the whole loop",
    explanation="""
        A `ticker` task wants to run every `tick` seconds. Then a coroutine called `sleepy`
        calls `time.sleep(block)` — an ordinary, blocking sleep — instead of awaiting.

        A loop runs one step of one task at a time. `time.sleep` never gives the step back,
        so for `block` seconds nothing else on the loop runs: the ticker misses its beats and a
        timer due every 50 ms fires late by about `block` (the loop-lag meter jumps).

        Where the loop lives decides who else suffers. With the integrated host the loop *is*
        the GUI thread, so the window freezes too: no repaint, no clicks. With the threaded
        host the window stays live (its frame-gap meter stays low) while the loop stalls.
        The fix is in the next lesson: hand the blocking call to a thread.
    """,
    params=(
        Param.number("block", 0.5, 0.1, 2.0, "seconds time.sleep holds the loop", unit="s"),
        Param.number("tick", 0.1, 0.02, 0.5, "seconds between the ticker's beats", unit="s"),
    ),
    tags=("threads", "mistake"),
)
async def blocking_sleep(ctx: DemoContext, block: float, tick: float) -> dict[str, float]:
    async def ticker(stop: asyncio.Event) -> float:
        worst, last = 0.0, time.perf_counter()
        while not stop.is_set():
            await ctx.sleep(tick)
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
        return worst

    async def sleepy() -> None:
        ctx.log("calling time.sleep — the loop can do nothing else now")
        time.sleep(min(ctx.scaled(block), MAX_REAL_BLOCK))  # the mistake
        ctx.log("awake; the loop runs again")

    stop = asyncio.Event()
    beats = asyncio.create_task(ticker(stop), name="ticker")
    await ctx.sleep(tick * 2)
    lag = await measure_lag_while(asyncio.create_task(sleepy(), name="sleepy"))
    stop.set()
    worst_gap = await beats
    ctx.result(f"the ticker's longest gap: {worst_gap:.2f} s (it asked for {ctx.scaled(tick):.2f})")
    ctx.result(f"a timer due every 50 ms ran up to {lag:.2f} s late")
    return {"worst_tick_gap": round(worst_gap, 3), "loop_lag": round(lag, 3)}


@demo(
    id="interplay.to-thread-fix",
    chapter="7",
    title="The fix: await asyncio.to_thread(time.sleep, ...)",
    explanation="""
        The same ticker and the same blocking call, but `sleepy` now awaits
        `asyncio.to_thread(time.sleep, block)`.

        to_thread hands the call to a worker thread of the loop's default executor and
        suspends `sleepy` until the worker returns. The loop is free meanwhile: the ticker
        keeps its beat and the loop lag stays near zero. On the timeline an arrow leaves the
        loop's lane for a worker lane when the job starts, and another comes back when it
        returns; the job's bar sits on the worker's lane in between.

        The common mistake: calling `time.sleep(...)` or `requests.get(...)` inside `async def`.
        Use the async version of the call when there is one, to_thread when there is not.
    """,
    params=(
        Param.number("block", 0.5, 0.1, 2.0, "seconds the worker thread sleeps", unit="s"),
        Param.number("tick", 0.1, 0.02, 0.5, "seconds between the ticker's beats", unit="s"),
    ),
    tags=("threads",),
)
async def to_thread_fix(ctx: DemoContext, block: float, tick: float) -> dict[str, Any]:
    async def ticker(stop: asyncio.Event) -> float:
        worst, last = 0.0, time.perf_counter()
        while not stop.is_set():
            await ctx.sleep(tick)
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
        return worst

    async def sleepy() -> str:
        def nap() -> str:
            time.sleep(min(ctx.scaled(block), MAX_REAL_BLOCK))
            return current_thread_name()

        worker = await asyncio.to_thread(nap)  # the fix
        ctx.log(f"the nap ran on {worker}")
        return worker

    stop = asyncio.Event()
    beats = asyncio.create_task(ticker(stop), name="ticker")
    await ctx.sleep(tick * 2)
    napper = asyncio.create_task(sleepy(), name="sleepy")
    lag = await measure_lag_while(napper)
    stop.set()
    worst_gap = await beats
    ctx.result(f"the ticker's longest gap: {worst_gap:.2f} s (it asked for {ctx.scaled(tick):.2f})")
    ctx.result(f"a timer due every 50 ms ran at most {lag:.3f} s late")
    return {
        "worst_tick_gap": round(worst_gap, 3),
        "loop_lag": round(lag, 3),
        "worker": napper.result(),
    }


@demo(
    id="interplay.gil",
    chapter="7",
    title="Threads and the GIL: which work gets faster in to_thread?",
    explanation="""
        Three kinds of work, each done `jobs` times: one after another, then all at once with
        `asyncio.gather(*(asyncio.to_thread(...)))`. The speed-up is the ratio of the two.

        * Pure-Python counting holds the GIL, the lock that lets only one thread run Python
          bytecode at a time. Its threads take turns: no speed-up (often a little slower).
        * `time.sleep` releases the GIL while it waits: the sleeps overlap, speed-up ≈ jobs.
        * `hashlib.sha256` releases the GIL while hashing a large buffer, so hashing can use
          several CPU cores at once — if the machine has idle cores to give.

        Lesson: to_thread is for *waiting* (blocking I/O, sleeps, C code that drops the GIL).
        For pure-Python number crunching use processes (`ProcessPoolExecutor`), or a
        free-threaded Python build.
    """,
    params=(
        Param.number("jobs", 2, 2, 4, "how many copies of each job"),
        Param.number("size", 1, 1, 5, "how much work per job (1 is about 0.05–0.1 s)"),
    ),
    tags=("threads", "gil"),
)
async def gil(ctx: DemoContext, jobs: int, size: int) -> dict[str, Any]:
    def count_up(n: int) -> int:  # pure Python: holds the GIL all the way
        total = 0
        for i in range(n):
            total += i
        return total

    def hash_blob(blob: bytes) -> str:  # hashlib lets go of the GIL for big buffers
        digest = hashlib.sha256()
        for _ in range(16 * size):
            digest.update(blob)
        return digest.hexdigest()

    blob = bytes(range(256)) * 4096 * 8  # 8 MiB, hashed 16 times per size unit
    work: dict[str, tuple[Callable[[Any], object], Any]] = {
        "pure Python": (count_up, 1_000_000 * size),
        "time.sleep": (time.sleep, 0.1 * size),
        "hashlib": (hash_blob, blob),
    }
    speedups: dict[str, float] = {}
    for label, (fn, arg) in work.items():
        one_by_one = together = float("inf")
        for _ in range(2):  # best of two: a busy machine only ever makes a run slower
            start = time.perf_counter()
            for _ in range(jobs):
                await asyncio.to_thread(fn, arg)
            one_by_one = min(one_by_one, time.perf_counter() - start)
            start = time.perf_counter()
            await asyncio.gather(*(asyncio.to_thread(fn, arg) for _ in range(jobs)))
            together = min(together, time.perf_counter() - start)
        speedups[label] = round(one_by_one / together, 2)
        ctx.result(
            f"{label}: {one_by_one:.2f} s in turn, {together:.2f} s in threads "
            f"→ {speedups[label]:.2f}× faster"
        )
    gil_on = getattr(sys, "_is_gil_enabled", lambda: True)()
    ctx.value("GIL enabled", gil_on)
    return {"speedups": speedups, "gil": gil_on}


def default_executor_size(loop: asyncio.AbstractEventLoop) -> int | None:
    """How many worker threads the loop's default executor may run, found by attribute:
    ``_max_workers`` on a ThreadPoolExecutor, ``_QThreadExecutor__max_workers`` on qasync's."""
    executor = getattr(loop, "_default_executor", None)
    if executor is None:  # qasync keeps it in a private attribute of its own
        found = [v for k, v in vars(loop).items() if k.endswith("default_executor")]
        executor = next((v for v in found if v is not None), None)
    if executor is None:
        return None
    for name, value in vars(executor).items():
        if name.endswith("max_workers") and isinstance(value, int):
            return value
    return None


@demo(
    id="interplay.executor-full",
    chapter="7",
    title="The default executor fills up: jobs queue for a free thread",
    explanation="""
        to_thread and run_in_executor(None, ...) share one pool of worker threads, the loop's
        default executor, and the pool has a size limit. This lesson reads the real limit
        (a ThreadPoolExecutor allows min(32, CPUs + 4) threads; the integrated host's qasync
        executor allows 10), then starts `extra` more blocking jobs than that.

        The first batch starts at once; the rest wait in the executor's queue and start only as
        workers come free, so the total is about two job lengths, not one. On the timeline the
        worker lanes fill up and the late jobs' arrows leave the loop lane a whole job later.

        The common mistake: "to_thread makes everything concurrent". A hundred blocking calls
        through a pool of ten run ten at a time. Give heavy users their own executor.
    """,
    params=(
        Param.number("extra", 3, 1, 16, "jobs beyond the executor's worker count"),
        Param.number("seconds", 0.5, 0.2, 2.0, "how long each job blocks", unit="s"),
    ),
    tags=("threads",),
)
async def executor_full(ctx: DemoContext, extra: int, seconds: float) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(lambda: None)  # makes the default executor
    workers = default_executor_size(loop)
    ctx.value("worker threads in the default executor", workers)
    count = min((workers or 4) + extra, 64)

    def job(n: int) -> tuple[float, str]:
        started = time.perf_counter()
        ctx.blocking_sleep(seconds)
        return started, current_thread_name()

    ctx.log(f"starting {count} jobs of {seconds:g} s each")
    t0 = time.perf_counter()
    runs = await asyncio.gather(*(asyncio.to_thread(job, n) for n in range(count)))
    total = time.perf_counter() - t0
    late = sum(1 for started, _ in runs if started - t0 > ctx.scaled(seconds) / 2)
    threads = sorted({name for _, name in runs})
    ctx.result(f"{count - late} jobs started at once; {late} queued for a free worker")
    ctx.result(f"{len(threads)} worker threads ran them; total {total:.2f} s")
    return {"workers": workers, "jobs": count, "queued": late, "threads": len(threads)}


@demo(
    id="interplay.wrong-thread",
    chapter="7",
    title="Calling the loop from the wrong thread (and the right way)",
    explanation="""
        Almost nothing on an event loop is thread-safe. From a worker thread, this lesson calls
        `loop.call_soon(note)` — a method meant only for the loop's own thread — and then
        `loop.call_soon_threadsafe(note)`, the one method made for other threads.

        In debug mode (switched on here for the demo) asyncio checks the calling thread and
        the wrong call raises RuntimeError: "Non-thread-safe operation invoked on an event loop
        other than the current one". Without debug mode nothing checks: the callback may sit
        unnoticed until something else wakes the loop, or corrupt its queue.

        The right way: `loop.call_soon_threadsafe(fn)` for callbacks and
        `asyncio.run_coroutine_threadsafe(coro, loop)` for coroutines. They queue the work and
        wake the loop, and `note` then runs on the loop's thread.
    """,
    tags=("threads", "mistake"),
)
async def wrong_thread(ctx: DemoContext) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    ran: asyncio.Event = asyncio.Event()
    ran_on: list[str] = []

    def note() -> None:
        ran_on.append(current_thread_name())
        ran.set()

    def from_a_worker() -> str:
        try:
            loop.call_soon(note)  # wrong: not thread-safe
            error = "no error: nothing checked"
        except RuntimeError as exc:
            error = f"RuntimeError: {exc}"
        loop.call_soon_threadsafe(note)  # right
        return error

    was_debug = loop.get_debug()
    loop.set_debug(True)
    try:
        error = await asyncio.to_thread(from_a_worker)
        await asyncio.wait_for(ran.wait(), timeout=5)
    finally:
        loop.set_debug(was_debug)
    ctx.result(f"loop.call_soon from a worker: {error}")
    ctx.result(f"loop.call_soon_threadsafe: note() ran on {ran_on[0]}")
    return {"error": error, "ran_on": ran_on, "loop_thread": current_thread_name()}


@demo(
    id="interplay.cancel-to-thread",
    chapter="7",
    title="Cancelling a task does not stop its thread",
    explanation="""
        A task awaits `asyncio.to_thread(slow_job)`, and is cancelled after a quarter of the
        job. The task ends at once with CancelledError — but the worker thread cannot be
        interrupted: Python has no way to cancel a running thread, so `slow_job` goes on until
        it returns, holding a worker and perhaps a file or a connection.

        With `fix` on, the task sets a `threading.Event` when it is cancelled and `slow_job`
        checks it between small pieces of work, so the thread stops within a piece. With `fix`
        off, the mistakes panel reports a thread that outlived its task.
    """,
    params=(
        Param.number(
            "seconds", 1.0, 0.2, 3.0, "how long the job runs if nobody stops it", unit="s"
        ),
        Param.flag("fix", False, "let the job watch a stop flag"),
    ),
    tags=("threads", "mistake", "cancellation"),
)
async def cancel_to_thread(ctx: DemoContext, seconds: float, fix: bool) -> dict[str, float]:
    stop, finished = threading.Event(), threading.Event()

    def slow_job() -> None:
        for _ in range(20):
            if stop.is_set():
                break
            ctx.blocking_sleep(seconds / 20)
        finished.set()

    async def waiter() -> None:
        try:
            await asyncio.to_thread(slow_job)
        except asyncio.CancelledError:
            if fix:
                stop.set()
            raise

    task = asyncio.create_task(waiter(), name="waiter")
    await ctx.sleep(seconds / 4)
    task.cancel()
    cancelled_at = time.perf_counter()
    await asyncio.wait([task])
    ctx.log(f"waiter cancelled: {task.cancelled()}")
    while not finished.is_set():  # the thread is beyond cancel's reach; wait it out
        await asyncio.sleep(0.01)
    ran_on = time.perf_counter() - cancelled_at
    ctx.result(f"the job ran {ran_on:.2f} s after its task was cancelled")
    return {"ran_after_cancel": round(ran_on, 3)}
