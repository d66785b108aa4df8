"""Seed §2.2.10–2.2.11: blocking calls in worker threads, and calling into a loop from a thread."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param

# Why ctx.blocking_sleep in these demos: it blocks the calling thread exactly like
# time.sleep (scaled by the speed setting), but a thread cannot be cancelled, so the lab needs
# a way to cut the wait short when it quits. blocking_sleep waits on the lab's "stopping"
# event instead of sleeping blindly. Read it as time.sleep.


@demo(
    id="threads.to-thread-beside-sleep",
    chapter="2.2.10",
    title="to_thread: a blocking call no longer blocks the loop",
    explanation="""
        A blocking function (think: a file read or a library without async support) takes
        `seconds`. It runs together with `asyncio.sleep(seconds)` under gather.

        With `use_thread` on, `asyncio.to_thread(blocking_io)` hands the call to a worker
        thread of the loop's default executor and gives back something to await. The loop is
        free meanwhile, the sleep runs alongside, and the whole thing takes about `seconds`.
        The inspector shows the hand-off: the call starts on a worker thread, not the loop's.

        Turn it off and the same function is called straight from a coroutine: the loop's
        thread is stuck inside it, nothing else can run, and only when it returns can the
        sleep even begin — about twice as long.

        The GIL note: threads run Python code one at a time. to_thread helps with calls that
        *wait* (I/O, sleeps, C code that releases the GIL), not with pure-Python number
        crunching, which just takes turns with the loop. (The interplay chapter measures
        that.) The common mistake: calling a blocking function inside `async def` and
        expecting asyncio to make it concurrent.
    """,
    params=(
        Param.number("seconds", 1.0, 0.1, 5.0, "how long the blocking call takes", unit="s"),
        Param.flag("use_thread", True, "run the blocking call with asyncio.to_thread"),
    ),
)
async def to_thread_beside_sleep(
    ctx: DemoContext, seconds: float, use_thread: bool
) -> dict[str, object]:
    def blocking_io() -> str:
        ctx.log("blocking call starts")
        ctx.blocking_sleep(seconds)  # read as time.sleep(seconds)
        ctx.log("blocking call ends")
        return threading.current_thread().name

    async def call_it_inline() -> str:
        return blocking_io()  # the mistake: the loop's own thread does the blocking

    start = ctx.elapsed()
    if use_thread:
        ran_on, _ = await asyncio.gather(asyncio.to_thread(blocking_io), ctx.sleep(seconds))
    else:
        ran_on, _ = await asyncio.gather(call_it_inline(), ctx.sleep(seconds))
    total = ctx.elapsed() - start
    ctx.value("blocking call ran on", ran_on)
    ctx.value("loop thread", threading.current_thread().name)
    ctx.result(f"total {total:.2f} s for a {seconds:g} s call beside a {seconds:g} s sleep")
    return {"total": round(total, 3), "ran_on": ran_on}


@demo(
    id="threads.to-thread-many",
    chapter="2.2.10",
    title="Three blocking calls at once: the longest sets the total",
    explanation="""
        Three blocking calls — A, B and C, taking `a`, `b` and `c` seconds (1, 3, 2) — are
        each sent to a worker thread with `asyncio.to_thread`, and gathered.

        Every call gets its own thread, so they wait side by side: they end in the order of
        their durations (A, C, B with the defaults) and the total is about the longest one,
        not the sum. The inspector draws three worker threads, each with its own bar.

        What to notice: the default executor has a limited pool of threads. On a plain loop
        (and the threaded host) it is a ThreadPoolExecutor of a few more threads than the
        machine has cores, at most 32; on the integrated host it is qasync's QThreadExecutor
        of 10 QThreads. Ask for more blocking calls than that at once and the extra ones
        queue for a free thread (chapter 7 shows it). The common mistake: using to_thread for
        thousands of tiny calls — each hand-off costs far more than the call itself.
    """,
    params=(
        Param.number("a", 1.0, 0.1, 5.0, "seconds call A blocks", unit="s"),
        Param.number("b", 3.0, 0.1, 5.0, "seconds call B blocks", unit="s"),
        Param.number("c", 2.0, 0.1, 5.0, "seconds call C blocks", unit="s"),
    ),
)
async def to_thread_many(ctx: DemoContext, a: float, b: float, c: float) -> dict[str, object]:
    def blocking_io(name: str, seconds: float) -> str:
        ctx.log(f"{name} starts blocking")
        ctx.blocking_sleep(seconds)  # read as time.sleep(seconds)
        ctx.checkpoint(f"{name} done")
        return threading.current_thread().name

    start = ctx.elapsed()
    threads = await asyncio.gather(
        asyncio.to_thread(blocking_io, "A", a),
        asyncio.to_thread(blocking_io, "B", b),
        asyncio.to_thread(blocking_io, "C", c),
    )
    total = ctx.elapsed() - start
    ctx.value("worker threads", threads)
    ctx.result(f"total {total:.2f} s (longest call {max(a, b, c):g} s, sum {a + b + c:g} s)")
    return {"total": round(total, 3), "threads": threads}


@demo(
    id="threads.contextvars",
    chapter="2.2.10",
    title="to_thread carries your context variables into the thread",
    explanation="""
        A task sets a context variable (`request_id`), then asks a worker thread to read it,
        twice: once through `asyncio.to_thread`, once through the older
        `loop.run_in_executor(None, ...)`.

        to_thread copies the caller's `contextvars` context and runs the function inside that
        copy, so the thread sees "req-42". run_in_executor does not copy anything: the
        function runs in the worker thread's own, empty context and sees only the default.

        What to notice: the thread gets a *copy* — a value it sets there does not come back to
        the task. The common mistake: relying on a context variable (a request id for logging,
        a database session) inside run_in_executor and getting the default instead.
    """,
    params=(Param.choice("value", "req-42", ("req-42", "req-7", "admin"), "value to set"),),
)
async def contextvars_demo(ctx: DemoContext, value: str) -> dict[str, str]:
    # Real code creates context variables once, at module level; here it is local to keep
    # the lesson in one piece.
    request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

    def read_request_id() -> str:
        seen = request_id.get()
        ctx.log(f"{threading.current_thread().name} sees request_id = {seen!r}")
        return seen

    request_id.set(value)
    loop = asyncio.get_running_loop()
    via_to_thread = await asyncio.to_thread(read_request_id)
    via_executor = await loop.run_in_executor(None, read_request_id)
    ctx.value("to_thread saw", via_to_thread)
    ctx.value("run_in_executor saw", via_executor)
    return {"to_thread": via_to_thread, "run_in_executor": via_executor}


@demo(
    id="threads.run-coroutine-threadsafe",
    chapter="2.2.11",
    title="run_coroutine_threadsafe: a plain thread asks the loop to run a coroutine",
    explanation="""
        A plain `threading.Thread` (named "submitter") wants a coroutine run on the lab's
        loop. It must not touch the loop directly: asyncio objects are not thread-safe. Instead
        `asyncio.run_coroutine_threadsafe(job(), loop)` hands the coroutine over; the loop
        wraps it in a task on its own thread, and the submitter gets back a
        `concurrent.futures.Future` — the thread-world kind, which it can block on.

        `future.result(timeout=limit)` blocks the *submitter* until the job is done. If the
        limit passes first it raises TimeoutError, and `future.cancel()` then cancels the
        task on the loop: the coroutine sees CancelledError there. With `work` below `limit`
        the result travels back instead. Finally the thread reports to the loop with
        `loop.call_soon_threadsafe`, the other thread-safe door into a loop.

        What to notice: the log names the thread of each line — the job runs on the loop's
        thread, the waiting happens on "submitter". The common mistake: calling
        `future.result()` *on the loop's own thread*: it blocks the very loop that should
        produce the result, and it hangs until the timeout.
    """,
    params=(
        Param.number("work", 2.0, 0.1, 10.0, "seconds the coroutine needs", unit="s"),
        Param.number("limit", 3.0, 0.1, 10.0, "seconds the thread waits for it", unit="s"),
    ),
)
async def run_coroutine_threadsafe_demo(ctx: DemoContext, work: float, limit: float) -> str:
    loop = asyncio.get_running_loop()
    reported: asyncio.Future[str] = loop.create_future()

    async def job() -> str:
        ctx.checkpoint("coroutine starts on the loop")
        try:
            await ctx.sleep(work)
        except asyncio.CancelledError:
            ctx.checkpoint("coroutine cancelled")
            raise
        ctx.checkpoint("coroutine finishes")
        return "job result"

    def deliver(outcome: str) -> None:  # runs on the loop's thread
        if not reported.done():
            reported.set_result(outcome)

    def submitter() -> None:  # runs on its own thread
        future = asyncio.run_coroutine_threadsafe(job(), loop)
        try:
            outcome = f"returned {future.result(timeout=ctx.scaled(limit))!r}"
        except TimeoutError:
            ctx.checkpoint("result() timed out in the thread")
            future.cancel()  # cancels the task over on the loop
            outcome = "timed out and cancelled"
        except Exception as exc:  # the job raised (or was cancelled by someone else)
            outcome = f"failed: {exc!r}"
        with contextlib.suppress(RuntimeError):  # the loop is gone if the demo was stopped
            loop.call_soon_threadsafe(deliver, outcome)

    thread = threading.Thread(target=submitter, name="submitter", daemon=True)
    thread.start()
    outcome = await reported  # the loop stays free while the thread waits
    ctx.result(f"the submitter says: {outcome}")
    return outcome


@demo(
    id="threads.loop-in-thread",
    chapter="2.2.11",
    title="A loop in a background thread — the GUI-app pattern",
    explanation="""
        A GUI toolkit owns the main thread with its own event loop, so a common design runs
        asyncio in a background thread instead. Here the lab's loop plays the GUI thread: it
        starts a fresh loop on a thread named "background-loop", submits `jobs` coroutines to
        it with `run_coroutine_threadsafe`, collects the results, and finally stops that loop
        with `loop.call_soon_threadsafe(loop.stop)` and joins the thread.

        Two details every GUI app meets. The GUI must not block on `future.result()`: here
        `asyncio.wrap_future` turns the futures into ones this loop can await (a Qt app would
        use a done-callback and a queued signal instead). And a done-callback on such a future
        runs on the *background* thread, where touching a widget is forbidden (unless the
        future was already done when the callback was added: then it runs at once, on the
        thread that added it).

        What to notice: `stop()` only ends run_forever; it does not finish the tasks still on
        that loop. The thread cancels and collects them before closing the loop. (The lab's
        own "threaded host" is built this way.) The common mistake: closing a loop from
        another thread, or while it still runs — only stop() may cross threads.
    """,
    params=(
        Param.number("jobs", 3, 1, 8, "coroutines to submit"),
        Param.number("work", 0.5, 0.1, 5.0, "seconds per job (job n takes n × work)", unit="s"),
    ),
)
async def loop_in_thread(ctx: DemoContext, jobs: int, work: float) -> dict[str, object]:
    background = asyncio.new_event_loop()

    def run_background_loop() -> None:
        background.run_forever()  # until stop() is called from the other thread
        leftovers = asyncio.all_tasks(background)
        for task in leftovers:
            task.cancel()
        if leftovers:
            background.run_until_complete(asyncio.wait(leftovers))
        background.close()

    thread = threading.Thread(target=run_background_loop, name="background-loop", daemon=True)
    thread.start()

    async def job(number: int) -> str:
        ctx.log(f"job {number} starts on {threading.current_thread().name}")
        await ctx.sleep(work * number)
        return threading.current_thread().name

    callback_threads: list[str] = []
    try:
        futures = [asyncio.run_coroutine_threadsafe(job(n), background) for n in range(1, jobs + 1)]
        # on the last (slowest) job, so the callback is attached well before it is done
        futures[-1].add_done_callback(
            lambda _: callback_threads.append(threading.current_thread().name)
        )
        ran_on = await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))
    finally:
        ctx.log("asking the background loop to stop")
        background.call_soon_threadsafe(background.stop)
        await asyncio.to_thread(thread.join)  # wait without blocking this loop
    ctx.value("jobs ran on", sorted(set(ran_on)))
    ctx.value("done-callback ran on", callback_threads)
    ctx.value("this loop's thread", threading.current_thread().name)
    ctx.value("background loop closed", background.is_closed())
    return {"ran_on": ran_on, "callback_on": callback_threads, "closed": background.is_closed()}
