"""Where asyncio meets threads: a blocked loop, to_thread, the GIL, a full pool, wrong threads."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Ending, Freeze, Raises, Value

BLOCKING_SLEEP = lesson(
    id="interplay.blocking-sleep",
    chapter="7",
    title="time.sleep in a coroutine stops the whole loop",
    explanation="""
        A `ticker` task wants to run every `tick` seconds. Then a coroutine called `sleepy`
        calls `time.sleep(block)` — an ordinary, blocking sleep — instead of awaiting.

        A loop runs one step of one task at a time. `time.sleep` never gives the step back,
        so for `block` seconds nothing else on the loop runs: the ticker's longest gap grows
        from `tick` to about `block` plus a beat. The lab notices too: its blocked-loop
        warning names the task `sleepy` and the line `time.sleep(BLOCK)`.

        Where the loop lives decides who else suffers. With the integrated host the loop *is*
        the GUI thread, so the window freezes too: no repaint, no clicks (slow motion
        stretches the freeze, so keep `block` short). With the threaded host the window stays
        live while the loop stalls. The common mistake is exactly this line; the fix is the
        next lesson: hand the blocking call to a thread.
    """,
    params=(
        Param.number("block", 0.5, 0.1, 1.0, "seconds time.sleep holds the loop", unit="s"),
        Param.number("tick", 0.1, 0.02, 0.5, "seconds between the ticker's beats", unit="s"),
    ),
    tags=("threads", "mistake"),
    predictions=(
        Freeze(
            "The task sleepy calls time.sleep(0.5). Does the loop freeze?",
            freezes=True,
            why="time.sleep blocks the thread, and the loop runs nothing else until it returns.",
        ),
    ),
)

TO_THREAD_FIX = lesson(
    id="interplay.to-thread-fix",
    chapter="7",
    title="The fix: await asyncio.to_thread(...)",
    explanation="""
        The same ticker and the same blocking `time.sleep(block)`, but `sleepy` now awaits
        `asyncio.to_thread(nap)`, and `nap` does the sleeping.

        to_thread hands the call to a worker thread of the loop's default executor and
        suspends `sleepy` until the worker returns. The loop is free meanwhile: the ticker
        keeps its beat (its longest gap stays about `tick`) and no blocked-loop warning
        appears. On the timeline an arrow leaves the loop's lane for a worker lane when the
        job starts, and another comes back when it returns.

        The common mistake: calling `time.sleep(...)` or `requests.get(...)` inside
        `async def`. Use the async version of the call when there is one (`asyncio.sleep`,
        an async HTTP client), to_thread when there is not.
    """,
    params=(
        Param.number("block", 0.5, 0.1, 2.0, "seconds the worker thread sleeps", unit="s"),
        Param.number("tick", 0.1, 0.02, 0.5, "seconds between the ticker's beats", unit="s"),
    ),
    tags=("threads",),
    predictions=(
        Freeze(
            "sleepy now calls `await asyncio.to_thread(time.sleep, 0.5)`. Does the loop freeze?",
            freezes=False,
            why="The blocking call moves to a worker thread; the loop goes on with the ticker.",
        ),
    ),
)

GIL = lesson(
    id="interplay.gil",
    chapter="7",
    title="Threads and the GIL: which work gets faster in to_thread?",
    explanation="""
        Three kinds of work, each done `jobs` times: one after another in a single worker
        thread, then side by side in a worker thread each. The speed-up is the ratio of the
        two times, and both are measured inside the worker threads, the same way. Timing from
        the loop would also count how soon the loop notices each finished thread; on the
        integrated host the loop shares its thread with the whole window, so the in-turn run,
        with one such wait per job, would look slower than it is — and threads faster.

        * Pure-Python counting holds the GIL, the lock that lets only one thread run Python
          bytecode at a time. The threads take turns: about 1×. Timings wobble on a busy
          machine — in a GUI process a lone thread loses a little at every hand-over of the
          GIL, so a few threads can come out slightly ahead — but never near `jobs`×.
        * `time.sleep` releases the GIL while it waits: the sleeps overlap, about `jobs`×.
        * `hashlib.sha256` releases the GIL while hashing a large buffer, so hashing can use
          several CPU cores at once — if the machine has idle cores to give.

        The verdicts compare against the halfway mark between 1× and `jobs`×. Lesson:
        to_thread is for *waiting* (blocking I/O, sleeps, C code that drops the GIL). For
        pure-Python number crunching use processes (`ProcessPoolExecutor`) or a
        free-threaded Python build.
    """,
    params=(
        Param.number("jobs", 2, 2, 4, "how many copies of each job"),
        Param.number("size", 1, 1, 3, "how much work per job (1 is about 0.05 s)"),
    ),
    tags=("threads", "gil"),
    predictions=(
        Value(
            "Do sleeping threads overlap?",
            line="sleeping threads overlapped:",
            choices=("True", "False"),
            answer="True",
            why="time.sleep releases the GIL, so sleeping threads wait side by side.",
        ),
    ),
)

EXECUTOR_FULL = lesson(
    id="interplay.executor-full",
    chapter="7",
    title="A thread pool fills up: jobs queue for a free thread",
    explanation="""
        A thread pool has a size limit. This program makes a `ThreadPoolExecutor` of
        `workers` threads and hands it `extra` more blocking jobs than that, with
        `loop.run_in_executor(pool, job, n)`.

        The first `workers` jobs start at once; the rest wait in the pool's queue and start
        only as workers come free, so the total is two (or more) job lengths, not one. On the
        timeline the worker lanes fill up and the late jobs' arrows leave the loop lane a
        whole job later.

        `asyncio.to_thread` and `run_in_executor(None, ...)` share the loop's *default*
        pool, which fills up in just the same way: a ThreadPoolExecutor allows
        min(32, CPUs + 4) threads (in the window's integrated host it is qasync's executor of
        10). The common mistake: "to_thread makes everything concurrent". A hundred blocking
        calls through a pool of ten run ten at a time — give heavy users a pool of their own,
        as here.
    """,
    params=(
        Param.number("workers", 4, 1, 8, "threads in the pool"),
        Param.number("extra", 3, 1, 8, "jobs beyond the pool's size"),
        Param.number("seconds", 0.5, 0.2, 1.0, "how long each job blocks", unit="s"),
    ),
    tags=("threads",),
    predictions=(
        Value(
            "7 jobs for 4 worker threads: how many start at once?",
            line="4 started at once,",
            choices=("3 waited for a free worker", "0 waited for a free worker"),
            answer="3 waited for a free worker",
            why="An executor has a fixed number of threads; the rest of the jobs queue for a free "
            "one.",
        ),
    ),
)

WRONG_THREAD = lesson(
    id="interplay.wrong-thread",
    chapter="7",
    title="Calling the loop from the wrong thread (and the right way)",
    explanation="""
        Almost nothing on an event loop is thread-safe. From a worker thread, this program
        calls `loop.call_soon(note)` — a method meant only for the loop's own thread — and
        then `loop.call_soon_threadsafe(note)`, the one method made for other threads.

        In debug mode (switched on here with `loop.set_debug(True)`; `asyncio.run(main(),
        debug=True)` or `PYTHONASYNCIODEBUG=1` do the same) asyncio checks the calling thread,
        and the wrong call raises RuntimeError: "Non-thread-safe operation invoked on an
        event loop other than the current one". Without debug mode nothing checks: the
        callback may sit unnoticed until something else wakes the loop, or corrupt its queue.

        The right way: `loop.call_soon_threadsafe(fn)` for callbacks and
        `asyncio.run_coroutine_threadsafe(coro, loop)` for coroutines. They queue the work and
        wake the loop, and `note` then runs once, on the loop's thread.
    """,
    tags=("threads", "mistake"),
    predictions=(
        Raises(
            "loop.call_soon from a worker thread (in debug mode): what happens?",
            line="loop.call_soon from a worker thread:",
            choices=("RuntimeError", NOTHING),
            answer="RuntimeError",
            why="call_soon is not thread-safe; debug mode catches the call. Use "
            "call_soon_threadsafe.",
        ),
    ),
)

CANCEL_TO_THREAD = lesson(
    id="interplay.cancel-to-thread",
    chapter="7",
    title="Cancelling a task does not stop its thread",
    explanation="""
        A task, `waiter`, awaits `asyncio.to_thread(slow_job)` and is cancelled early on. The
        task ends at once with CancelledError — but the worker thread cannot be interrupted:
        Python has no way to cancel a running thread, so `slow_job` goes on until it returns,
        holding a worker (and perhaps a file or a connection). The program prints how long it
        went on after the cancel, and whether it did all its work.

        With `fix` on, the task sets a `threading.Event` when it is cancelled, and `slow_job`
        checks it between small pieces of work, so the thread stops within a piece. With
        `fix` off, the lab's mistakes panel reports a thread that outlived its task. (asyncio
        waits for such threads at the end of `asyncio.run`, too.)
    """,
    params=(
        Param.number(
            "seconds", 1.0, 0.2, 3.0, "how long the job runs if nobody stops it", unit="s"
        ),
        Param.flag("fix", False, "let the job watch a stop flag"),
    ),
    tags=("threads", "mistake", "cancellation"),
    predictions=(
        Ending(
            "The task awaiting a to_thread job is cancelled. How does it end?",
            task="waiter",
            answer="cancelled",
            why="The await is cancelled at once; the task ends cancelled.",
        ),
        Value(
            "Does the thread's job stop too?",
            line="slow_job did all 20 pieces:",
            choices=("True", "False"),
            answer="True",
            why="A thread cannot be cancelled: the job runs to its end unless it checks a flag.",
        ),
    ),
)
