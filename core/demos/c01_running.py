"""Seed §1: starting an asyncio program — asyncio.run, asyncio.Runner, loop_factory, debug.

Every demo here already runs inside an event loop, and a thread can run only one loop at a time.
So each one starts its loops in a worker thread (``asyncio.to_thread``), which has none yet.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import logging
import sys
import threading
import time
import warnings

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="running.asyncio-run",
    chapter="1",
    title="asyncio.run: a brand-new loop for every call",
    explanation="""
        `asyncio.run(main())` is the front door of an asyncio program: it creates an event
        loop, runs `main()` on it until it returns, then cleans up (cancels leftover tasks,
        shuts down async generators and the default executor) and closes the loop.

        Each call builds a new loop. This demo calls `asyncio.run` several times and shows a
        different loop each time, every one of them closed afterwards. It also tries
        `asyncio.run` from inside the demo — which is already running on a loop — and gets a
        RuntimeError: a thread runs at most one loop at a time. That is why the real calls
        happen in a worker thread (`await asyncio.to_thread(...)`): that thread has no loop
        yet, so it may start its own. One loop per thread is the rule being shown.

        The common mistake: calling `asyncio.run` again and again from inside async code (or
        from a library that may be called from async code). Inside a coroutine, just `await`.
        Note that a thread cannot be cancelled: stopping this demo abandons the worker, which
        finishes on its own — so the loops in the worker do not sleep; each `main()` makes
        one trip through its loop and returns.
    """,
    params=(
        Param.number("runs", 2, 2, 4, "how many asyncio.run() calls"),
        Param.flag("show_refusal", True, "first try asyncio.run() on the demo's own loop"),
    ),
)
async def asyncio_run(ctx: DemoContext, runs: int, show_refusal: bool) -> dict[str, object]:
    async def main(n: int) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0)  # one trip through this run's own loop
        ctx.log(f"run {n}: loop {id(loop):#x} on thread {threading.current_thread().name}")
        return loop

    demo_thread = threading.current_thread().name
    if show_refusal:
        coro = main(0)
        try:
            asyncio.run(coro)  # we are inside a running loop already
        except RuntimeError as exc:
            coro.close()  # it never started; close it so Python does not warn "never awaited"
            ctx.warn(f"asyncio.run() from inside a running loop: RuntimeError: {exc}")
            ctx.checkpoint("refused inside a running loop")

    def in_a_worker_thread() -> tuple[str, list[asyncio.AbstractEventLoop]]:
        loops = [asyncio.run(main(n)) for n in range(1, runs + 1)]
        return threading.current_thread().name, loops

    worker_thread, loops = await asyncio.to_thread(in_a_worker_thread)
    ctx.checkpoint("worker thread finished")
    facts = {
        "demo thread": demo_thread,
        "worker thread": worker_thread,
        "distinct loops": len({id(loop) for loop in loops}),  # the list keeps them all alive
        "all closed afterwards": all(loop.is_closed() for loop in loops),
    }
    for name, value in facts.items():
        ctx.value(name, value)
    return facts


@demo(
    id="running.runner",
    chapter="1",
    title="asyncio.Runner: one loop for several run() calls",
    explanation="""
        `asyncio.Runner` is `asyncio.run` taken apart: `with asyncio.Runner() as runner:`
        creates the loop once, each `runner.run(coro)` runs one coroutine to completion on
        it, and leaving the block (or `runner.close()`) shuts the loop down.

        Watch the loop id: it is the same for every `run()`, and `runner.get_loop()` hands
        out that very loop. The runner also keeps one `contextvars` context for all its runs,
        so a ContextVar set during one run is still set in the next — each `asyncio.run`
        would have started from a fresh copy. After the block the loop is closed, and a
        closed runner refuses to run anything more (RuntimeError).

        When to use it: a synchronous program (a test suite, a CLI, an app that steps into
        async code now and then) that wants several async calls to share one loop and the
        resources bound to it (connections, tasks still pending between calls). Like
        `asyncio.run`, it must not be used inside a running loop; here it runs in a worker
        thread for that reason.
    """,
    params=(Param.number("runs", 3, 2, 5, "how many runner.run() calls"),),
)
async def runner(ctx: DemoContext, runs: int) -> dict[str, object]:
    last_run = contextvars.ContextVar("last_run", default=0)

    async def step(n: int) -> tuple[asyncio.AbstractEventLoop, int]:
        loop = asyncio.get_running_loop()
        seen = last_run.get()  # what the previous run left in the shared context
        last_run.set(n)
        await asyncio.sleep(0)  # one trip through the runner's loop
        ctx.log(f"run({n}): loop {id(loop):#x}, last_run was {seen}")
        return loop, seen

    def in_a_worker_thread() -> dict[str, object]:
        with asyncio.Runner() as lab_runner:
            outcomes = [lab_runner.run(step(n)) for n in range(1, runs + 1)]
            loops = [loop for loop, _ in outcomes]
            same_as_get_loop = lab_runner.get_loop() is loops[0]
        late = step(99)
        refused = "no error"
        try:
            lab_runner.run(late)
        except RuntimeError as exc:
            late.close()  # never started; close it so Python does not warn "never awaited"
            refused = f"RuntimeError: {exc}"
        return {
            "distinct loops": len({id(loop) for loop in loops}),
            "get_loop() is that loop": same_as_get_loop,
            "last_run seen by each run": [seen for _, seen in outcomes],
            "closed after the block": loops[0].is_closed(),
            "run() after close": refused,
        }

    facts = await asyncio.to_thread(in_a_worker_thread)
    for name, value in facts.items():
        ctx.value(name, value)
    return facts


@demo(
    id="running.loop-factory",
    chapter="1",
    title="loop_factory: choosing which loop runs your program",
    explanation="""
        Both `asyncio.Runner(loop_factory=...)` and (since Python 3.12)
        `asyncio.run(main(), loop_factory=...)` take a function that builds the loop. The
        usual reason is speed: `uvloop.new_event_loop` swaps in uvloop, a drop-in loop
        written on top of libuv. A subclass of the standard loop works the same way.

        Pick `uvloop`, `custom` (a subclass of SelectorEventLoop defined in the demo) or
        `default` (no factory: the standard loop). The demo reports the class of the loop
        that actually ran the coroutine. uvloop is an optional, separate package: when it is
        not installed, the demo says so and runs on the default loop instead of failing.

        What to notice: the factory applies to that one run only. The older way — installing
        an event-loop *policy* — changes every loop the process makes afterwards and is
        deprecated in recent Pythons. As with every §1 demo, the loop is started in a worker
        thread, since the demo itself already runs on a loop.
    """,
    params=(
        Param.choice("loop", "uvloop", ("uvloop", "custom", "default"), "which loop to build"),
    ),
)
async def loop_factory(ctx: DemoContext, loop: str) -> dict[str, str]:
    class LabLoop(asyncio.SelectorEventLoop):
        """A loop class of our own: a factory may be any callable returning a loop."""

    factory = None  # None means: the standard loop
    if loop == "uvloop":
        try:
            import uvloop
        except ImportError:
            ctx.warn("uvloop is not installed (pip install uvloop); using the default loop")
        else:
            factory = uvloop.new_event_loop
    elif loop == "custom":
        factory = LabLoop

    async def which_loop() -> str:
        running = asyncio.get_running_loop()
        await asyncio.sleep(0)
        return f"{type(running).__module__}.{type(running).__qualname__}"

    def in_a_worker_thread() -> dict[str, str]:
        with asyncio.Runner(loop_factory=factory) as lab_runner:
            found = {"Runner(loop_factory=...)": lab_runner.run(which_loop())}
        if sys.version_info >= (3, 12):  # asyncio.run grew the parameter in 3.12
            found["asyncio.run(..., loop_factory=...)"] = asyncio.run(
                which_loop(), loop_factory=factory
            )
        return found

    found = await asyncio.to_thread(in_a_worker_thread)
    for how, loop_class in found.items():
        ctx.value(how, loop_class)
    return found


@demo(
    id="running.debug-mode",
    chapter="1",
    title="Debug mode: slow steps and forgotten coroutines, reported",
    explanation="""
        `asyncio.run(main(), debug=True)` (or `PYTHONASYNCIODEBUG=1`, or `python -X dev`)
        turns on the loop's debug mode. It costs speed and buys reports about mistakes that
        are otherwise silent. This demo makes two classic ones on purpose:

        1. A coroutine is created and dropped without being awaited. Python always warns
           ("coroutine ... was never awaited"), but only in debug mode does the warning say
           *where* that coroutine was created — usually the only clue you need.
        2. A task blocks the loop with a synchronous sleep. In debug mode the loop logs
           "Executing <Task ...> took N seconds" for any step longer than
           `loop.slow_callback_duration` (0.1 s by default).

        Flip `debug` off and run again: the first warning loses its origin, the second report
        disappears. The demo catches the warnings with `warnings.catch_warnings(record=True)`
        and the log lines with a handler on the "asyncio" logger, and shows them instead of
        letting them reach stderr. Both hooks are process-wide while active; that is fine for
        a short demo, not for production code. The blocking time is in real seconds (the
        speed setting does not apply): a thread cannot be interrupted, so it stays short.
    """,
    params=(
        Param.flag("debug", True, "run the loop in debug mode"),
        Param.number("block", 0.3, 0.15, 2.0, "real seconds the bad task blocks", unit="s"),
    ),
)
async def debug_mode(ctx: DemoContext, debug: bool, block: float) -> dict[str, object]:
    async def forgotten() -> str:
        return "nobody will ever see this"

    async def blocker() -> None:
        time.sleep(block)  # a synchronous sleep: the whole loop stands still

    async def main() -> bool:
        loop = asyncio.get_running_loop()
        coro = forgotten()  # created ...
        del coro  # ... and dropped: Python warns when the object is destroyed
        gc.collect()
        await asyncio.create_task(blocker(), name="blocker")
        return loop.get_debug()

    class Collect(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.append(record.getMessage())

    def in_a_worker_thread() -> tuple[bool, list[str], list[str]]:
        handler = Collect()
        asyncio_logger = logging.getLogger("asyncio")
        asyncio_logger.addHandler(handler)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")  # record every warning, even repeated ones
                loop_debug = asyncio.run(main(), debug=debug)
        finally:
            asyncio_logger.removeHandler(handler)
        found = [f"{w.category.__name__}: {w.message}" for w in caught]
        return loop_debug, found, handler.lines

    loop_debug, found, log_lines = await asyncio.to_thread(in_a_worker_thread)
    ctx.value("loop.get_debug()", loop_debug)
    for text in found:
        ctx.warn(text)
    for line in log_lines:
        ctx.warn(f"asyncio logger: {line}")
    origin = any("Coroutine created at" in text for text in found)
    slow = any("blocker" in line and "took" in line for line in log_lines)
    ctx.value("the warning says where the coroutine was made", origin)
    ctx.value("the slow step was reported", slow)
    return {
        "debug": loop_debug,
        "warnings": len(found),
        "origin shown": origin,
        "slow reported": slow,
    }
