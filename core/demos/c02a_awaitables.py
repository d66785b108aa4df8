"""Seed §2.2.1: awaitables — coroutines, tasks and futures, and what `await` does with each."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Order, Raises, Value

CALLING_VS_AWAITING = lesson(
    id="awaitables.calling-vs-awaiting",
    chapter="2.2.1",
    title="Coroutine function, coroutine object, await",
    explanation="""
        Three things that look alike. `nested` is a *coroutine function* (written with
        `async def`). `nested()` is a *coroutine object*: calling the function only builds
        it — not one line of the body has run yet. `await nested()` runs the body to the end
        (pausing wherever the body awaits) and evaluates to what it returns.

        The prints show the order: the object is made and its type is "coroutine", and only
        then, when it is awaited, does "the body of nested() runs" appear. A coroutine object
        can be awaited exactly once; a second await raises RuntimeError. To run the work
        again, or concurrently, make a fresh object and wrap it in a task
        (`asyncio.create_task(nested())`), which is itself awaitable and also gives 42.

        The common mistake: writing `nested()` without `await` and wondering why nothing
        happened — the value you got is a coroutine object, not the result.
    """,
    params=(Param.number("delay", 0.5, 0.0, 5.0, "seconds the body sleeps", unit="s"),),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("nested() gave a coroutine", "the body of nested() runs", "await gave 42"),
            why="Calling nested() runs none of its body; the body runs when the coroutine is "
            "awaited.",
        ),
        Raises(
            "What happens when the program awaits the same coroutine object a second time?",
            line="awaiting it again ->",
            choices=("RuntimeError", "CancelledError", NOTHING),
            answer="RuntimeError",
            why="A coroutine runs once; awaiting it again raises 'cannot reuse already awaited "
            "coroutine'.",
        ),
    ),
)

NEVER_AWAITED = lesson(
    id="awaitables.never-awaited",
    chapter="2.2.1",
    title="The coroutine that was never awaited",
    explanation="""
        Call a coroutine function and drop the result, and the work simply never happens.
        Python notices when the forgotten coroutine object is destroyed and issues
        `RuntimeWarning: coroutine '...' was never awaited` — normally to stderr, where it is
        easy to miss among other output.

        The program makes the mistake on purpose: `send_email(...)` without `await`. It
        records warnings with `warnings.catch_warnings(record=True)` and calls `gc.collect()`
        so the dropped object is destroyed at once, then prints what it caught. Turn on
        `fix_it` to await the call instead: the email is sent and there is no warning.

        What to notice: "email sent" never appears when the call is not awaited, and nothing
        fails — the warning is the only trace. Run with asyncio's debug mode and the warning
        also says where the coroutine was created.
    """,
    params=(Param.flag("fix_it", False, "await the coroutine instead of dropping it"),),
    predictions=(
        Value(
            "send_email() is called without await. How many emails are sent?",
            line="emails sent:",
            choices=("0", "1"),
            answer="0",
            why="Without await the coroutine's body never runs; Python only warns when the object "
            "is "
            "discarded.",
        ),
    ),
)

FUTURE = lesson(
    id="awaitables.future",
    chapter="2.2.1",
    title="A Future filled in by another task",
    explanation="""
        A Future is an empty box for a result that does not exist yet. Whoever holds it can
        `await` it (suspending until the box is filled), ask `done()`, register a callback
        with `add_done_callback(fn)`, and read `result()` once it is done. Someone else fills
        it with `set_result(value)` — or `set_exception(exc)`, and then awaiting it raises.

        Here a `producer` task sleeps, then fills the future while main awaits it. Notice the
        order: `done()` is False and `result()` raises InvalidStateError before; then the
        producer fills it, the done-callback runs, and the awaiter wakes with the value (or,
        with `outcome` set to exception, gets the LookupError raised at its `await`).

        Futures are the low-level piece under tasks (a Task *is* a Future driven by a
        coroutine); application code rarely makes them, but libraries bridge callback-style
        APIs to `await` with exactly this pattern. Prefer `loop.create_future()` to calling
        `asyncio.Future()` yourself.
    """,
    params=(
        Param.number("delay", 1.0, 0.0, 5.0, "seconds before the producer fills it", unit="s"),
        Param.choice("outcome", "result", ("result", "exception"), "what the producer sets"),
    ),
    predictions=(
        Raises(
            "What does fut.result() do before anyone has set the result?",
            line="fut.result() too early ->",
            choices=("InvalidStateError", "TimeoutError", NOTHING),
            answer="InvalidStateError",
            why="result() never waits: on a pending future it raises InvalidStateError; await "
            "waits "
            "instead.",
        ),
        Order(
            "Put these lines in the order they are printed.",
            lines=("producer fills the future", "done-callback runs", "the awaiter wakes with"),
            why="set_result schedules the future's callbacks in the order they were added; the "
            "awaiter "
            "resumes on a "
            "later loop step.",
        ),
    ),
)
