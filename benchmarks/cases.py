"""The loop measurements. Each case takes plain parameters and returns a JSON-able dict.

They run inside a worker subprocess (see :mod:`benchmarks.worker`); times are taken with
``time.perf_counter`` inside the process, so interpreter and Qt start-up are never counted.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import random
import sys
import time
from typing import Any

from benchmarks.loops import in_thread, qapp, run_on
from benchmarks.stats import median, summary


async def _trivial() -> None:
    pass  # finishes in its first step: the loop's own cost is all there is to measure


async def task_group(n: int, *, eager: bool = False) -> float:
    """Seconds to run ``n`` trivial tasks in a TaskGroup (the seed's §2.2.6 workload)."""
    loop = asyncio.get_running_loop()
    if eager:
        loop.set_task_factory(asyncio.eager_task_factory)  # type: ignore[attr-defined]
    try:
        start = time.perf_counter()
        async with asyncio.TaskGroup() as tg:
            for _ in range(n):
                tg.create_task(_trivial())
        return time.perf_counter() - start
    finally:
        if eager:
            loop.set_task_factory(None)


# Throughput ----------------------------------------------------------------------------------
def throughput(loop: str, sizes: list[int], budget: float, inner: int = 1) -> dict[str, Any]:
    """Seconds per size (median of ``inner`` runs on one loop, after an unmeasured warm-up).

    Larger sizes are skipped once one would blow ``budget`` seconds. The warm-up matters: the
    first TaskGroup in a fresh process also pays for growing the heap, and a process that
    imported Qt first has already paid it.
    """
    seconds: dict[str, float] = {}
    skipped: list[int] = []
    previous: tuple[int, float] | None = None
    for n in sizes:
        if previous is not None and previous[1] * n / previous[0] > budget:
            skipped.append(n)
            continue
        runs = inner if n <= 100_000 else 1
        gc.collect()
        seconds[str(n)] = median(run_on(loop, functools.partial(_timed_runs, n, runs)))
        previous = (n, seconds[str(n)])
    return {"seconds": seconds, "skipped": skipped}


async def _timed_runs(n: int, runs: int) -> list[float]:
    await task_group(min(n, 5_000))  # warm-up, not measured
    return [await task_group(n) for _ in range(runs)]


# Timers ------------------------------------------------------------------------------------------
def timer_lateness(loop: str, count: int, seed: int = 6) -> dict[str, Any]:
    """Chain ``count`` timers of 0.5–5 ms on an idle loop; lateness in ms against the clock.

    ``early`` counts callbacks whose ``loop.time()`` was still before their deadline (the
    contract is that it never is); lateness is measured with ``time.monotonic``.
    """

    async def chain() -> dict[str, Any]:
        running = asyncio.get_running_loop()
        rng = random.Random(seed)
        lateness: list[float] = []
        early = 0
        finished = running.create_future()

        def fire(i: int, when: float, real_deadline: float) -> None:
            nonlocal early
            now_real = time.monotonic()
            if running.time() < when:
                early += 1
            lateness.append((now_real - real_deadline) * 1000)
            if i + 1 < count:
                arm(i + 1)
            else:
                finished.set_result(None)

        def arm(i: int) -> None:
            delay = rng.uniform(0.0005, 0.005)
            real_deadline = time.monotonic() + delay
            when = running.time() + delay
            running.call_at(when, fire, i, when, real_deadline)

        await asyncio.sleep(0.01)  # settle
        arm(0)
        await finished
        return {"ms": summary(lateness), "early": early}

    outcome: dict[str, Any] = run_on(loop, chain)
    return outcome


# Cross-thread round trips ---------------------------------------------------------------------
async def _noop() -> int:
    return 1


def round_trip(host: str, count: int) -> dict[str, Any]:
    """Microseconds per GUI thread → loop → GUI thread round trip."""
    if host == "plain":
        return {"us": summary(_plain_round_trips(count))}
    if host in ("threaded", "threaded-untracked"):
        import threading

        from asyncio_lab.core.threaded_host import ThreadedHost

        threaded = ThreadedHost()
        threaded.start()
        if host == "threaded-untracked":  # the host's own mechanism, without the inspector
            done = threading.Event()

            def uninstall() -> None:
                threaded.tracker.uninstall()
                done.set()

            threaded.loop.call_soon_threadsafe(uninstall)
            done.wait()
        try:
            for _ in range(20):  # warm up
                threaded.submit(_noop()).result()
            times = []
            for _ in range(count):
                start = time.perf_counter()
                threaded.submit(_noop()).result()
                times.append((time.perf_counter() - start) * 1e6)
            return {"us": summary(times)}
        finally:
            threaded.shutdown()
    if host == "integrated":
        return {"us": summary(_integrated_round_trips(count))}
    raise ValueError(host)


def _plain_round_trips(count: int) -> list[float]:
    loop = asyncio.new_event_loop()
    import threading

    thread = threading.Thread(target=loop.run_forever, name="asyncio-loop")
    thread.start()
    try:
        for _ in range(20):
            asyncio.run_coroutine_threadsafe(_noop(), loop).result()
        times = []
        for _ in range(count):
            start = time.perf_counter()
            asyncio.run_coroutine_threadsafe(_noop(), loop).result()
            times.append((time.perf_counter() - start) * 1e6)
        return times
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def _integrated_round_trips(count: int) -> list[float]:
    """Submit from a Qt event handler; stop the clock in the future's done callback.

    The loop lives on the GUI thread, so ``result()`` would deadlock: the round trip ends when
    the result is back on the GUI thread, which is where the done callback runs. The next
    submission starts from a fresh Qt event so that it never nests inside the loop.
    """
    from PySide6.QtCore import QTimer

    from asyncio_lab.gui.integrated_host import IntegratedHost

    app = qapp()
    host = IntegratedHost()
    host.start()
    warmup = 20
    times: list[float] = []

    def submit(i: int) -> None:
        start = time.perf_counter()

        def back(_: Any) -> None:
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1e6)
            if i + 1 < count + warmup:
                QTimer.singleShot(0, lambda: submit(i + 1))
            else:
                QTimer.singleShot(0, app.quit)

        host.submit(_noop()).add_done_callback(back)

    QTimer.singleShot(0, lambda: submit(0))
    try:
        app.exec()
    finally:
        host.shutdown()
    return times


# The tracker -------------------------------------------------------------------------------------
def tracker_cost(n: int, tracked: bool) -> dict[str, Any]:
    """The TaskGroup workload on a plain loop in a thread, with or without the tracker.

    ``loop_s`` is the workload on the loop; ``drain_s`` is what the reader then pays to take
    the recorded events (the GUI's bridge does that every 16 ms).
    """
    from asyncio_lab.core.tracker import Tracker

    tracker = Tracker()

    async def run() -> dict[str, Any]:
        if tracked:
            tracker.install(asyncio.get_running_loop())
        try:
            seconds = await task_group(n)
        finally:
            if tracked:
                tracker.uninstall()
        return {"loop_s": seconds}

    gc.collect()
    result: dict[str, Any] = in_thread(lambda: asyncio.run(run()))
    start = time.perf_counter()
    events = tracker.buffer.drain()
    result["drain_s"] = time.perf_counter() - start
    result["events"] = len(events)
    return result


# Eager vs lazy on each host (Python 3.12+) -----------------------------------------------------
def eager_vs_lazy(host: str, n: int) -> dict[str, Any]:
    if sys.version_info < (3, 12):
        return {"skipped": "eager_task_factory needs Python 3.12+"}
    seconds: dict[str, float] = {}
    for mode in ("lazy", "eager"):
        gc.collect()
        seconds[mode] = _on_host(host, lambda mode=mode: task_group(n, eager=mode == "eager"))
    return {"seconds": seconds}


def _on_host(host: str, coro_fn: Any) -> Any:
    """Run on a real host (with its tracker, as the app does) and let a reader drain it."""
    if host == "plain":
        return run_on("plain", coro_fn)
    if host == "threaded":
        from asyncio_lab.core.threaded_host import ThreadedHost

        threaded = ThreadedHost()
        threaded.start()
        try:
            future = threaded.submit(coro_fn())
            while not future.done():  # the GUI's bridge drains about every 16 ms
                threaded.tracker.buffer.drain()
                time.sleep(0.016)
            return future.result()
        finally:
            threaded.shutdown()
    if host == "integrated":
        from PySide6.QtCore import QTimer

        from asyncio_lab.gui.integrated_host import IntegratedHost

        app = qapp()
        integrated = IntegratedHost()
        integrated.start()
        drain = QTimer()
        drain.timeout.connect(integrated.tracker.buffer.drain)
        drain.start(16)
        try:
            future = integrated.submit(coro_fn())
            future.add_done_callback(lambda _: QTimer.singleShot(0, app.quit))
            app.exec()
            return future.result()
        finally:
            drain.stop()
            integrated.shutdown()
    raise ValueError(host)
