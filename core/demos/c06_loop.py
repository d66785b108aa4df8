"""Seed §6: the event loop itself — callbacks, futures, protocols and choosing a loop."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Order, Raises, Thread

CALLBACKS = lesson(
    id="loop.callbacks",
    chapter="6",
    title="call_soon, call_later and call_at: who runs when",
    explanation="""
        Below tasks and coroutines, the loop runs plain callbacks, and each one here prints
        when it ran. `call_soon(f)` queues f for the next turn of the loop, first come first
        served. `call_later(delay, f)` and `call_at(when, f)` set a timer; `when` is on the
        loop's own clock, `loop.time()`, a monotonic clock rather than the time of day.

        What to notice: nothing scheduled runs while main, which scheduled it, is still
        going; callbacks run only once the loop gets control back (at main's `await`). Then
        the call_soon callbacks run in order, and the timers in the order of their
        deadlines, whatever order they were set in: swap the two delays and the order swaps.
        A cancelled handle never runs. The common mistake: long work in a callback, during
        which nothing else on the loop can run.
    """,
    params=(
        Param.number("later_delay", 0.2, 0.0, 2.0, "delay given to call_later", unit="s"),
        Param.number("at_delay", 0.1, 0.0, 2.0, "call_at fires at loop.time() + this", unit="s"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=(
                "main, which scheduled them",
                "call_soon #1 ran",
                "call_soon #2 ran",
                "call_at(start + 0.1) ran",
                "call_later(0.2) ran",
            ),
            why="call_soon callbacks run, in order, once main yields; timed ones when their moment "
            "comes.",
        ),
    ),
)

FUTURE = lesson(
    id="loop.future",
    chapter="6",
    title="A hand-made Future",
    explanation="""
        A Future is a box for a result that does not exist yet. `loop.create_future()` makes
        an empty one; whoever awaits it is suspended until someone calls `set_result()` (or
        `set_exception()`), and then gets the value (or the exception is raised in it).
        Callbacks added with `add_done_callback` run on the loop soon after it completes.

        What to notice: asking for `result()` too early raises InvalidStateError, and so does
        completing a future twice. Tasks are Futures that complete themselves when their
        coroutine ends; you rarely make bare Futures in application code, but libraries that
        wrap callback-based APIs do exactly this. The common mistake: a future nobody ever
        completes, so whoever awaits it waits forever.
    """,
    params=(
        Param.number("delay", 1.0, 0.0, 5.0, "seconds until the result is set", unit="s"),
        Param.flag("fail", False, "complete the future with an exception instead"),
    ),
    predictions=(
        Raises(
            "What does future.result() do before anyone has set it?",
            line="result() before it is set:",
            choices=("InvalidStateError", "TimeoutError", NOTHING),
            answer="InvalidStateError",
            why="result() never waits: await the future instead.",
        ),
        Raises(
            "What happens when the future is completed a second time?",
            line="completing it a second time:",
            choices=("InvalidStateError", NOTHING),
            answer="InvalidStateError",
            why="A future is completed once; set_result on a done future raises InvalidStateError.",
        ),
    ),
)

PROTOCOL_ECHO = lesson(
    id="loop.protocol-echo",
    chapter="6",
    title="An echo server with a Protocol and a Transport",
    explanation="""
        Streams are built on a lower layer: a *transport* (the connection: write, close) and
        a *protocol* (your object, whose methods the loop calls: `connection_made`,
        `data_received`, `eof_received`, `connection_lost`). The protocols here await
        nothing: the loop calls them when something happens, and they print that.

        Compare with streams.echo-server. The streams version reads top to bottom like
        blocking code; the protocol version is a set of callbacks that keeps its own state
        between calls, but needs no task per connection. Use streams unless you need that;
        libraries (HTTP servers, database drivers) often use protocols.

        What to notice: `data_received` may get any slice of the bytes sent, since TCP keeps
        no message borders. The common mistake: treating one data_received call as one
        message.
    """,
    params=(Param.number("messages", 3, 1, 10, "messages the client sends"),),
    predictions=(
        Order(
            "Put these protocol callbacks in the order they are printed.",
            lines=("server: connection_made", "server: eof_received", "client: connection_lost"),
            why="A protocol is called by the loop: connection first, then data and EOF, then the "
            "loss.",
        ),
    ),
)

RUNNER_FACTORY = lesson(
    id="loop.runner-factory",
    chapter="6",
    title="Choosing the loop: loop_factory instead of policies",
    explanation="""
        Each `asyncio.run()` creates a brand-new loop and closes it at the end. An
        `asyncio.Runner` keeps one loop for several `run()` calls (handy for tests, or a
        program that enters async code now and then), and `runner.get_loop()` hands it out.

        Which loop class is used is chosen with `loop_factory`: `asyncio.Runner(loop_factory=
        ...)` (3.11+) or `asyncio.run(main(), loop_factory=...)` (3.12+), for example
        `uvloop.new_event_loop` for a faster loop. The program prints the class the factory
        chose. The older way, a global "event loop policy" set with `set_event_loop_policy`,
        affects every loop in the process and is deprecated since Python 3.14.

        What to notice: a loop cannot start inside a running loop (RuntimeError), so main
        does its experiments in a worker thread (`asyncio.to_thread`), which has no loop.
        The loops made there are the program's own: the lab shows their prints, not their
        tasks. The common mistake: calling asyncio.run() from inside a coroutine.
    """,
    params=(Param.number("runs", 2, 2, 5, "how many run() calls"),),
    predictions=(
        Raises(
            "asyncio.run called inside a running loop: what happens?",
            line="asyncio.run inside a running loop:",
            choices=("RuntimeError", NOTHING),
            answer="RuntimeError",
            why="A thread runs one loop at a time; the demo runs the rest in a worker thread.",
        ),
        Thread(
            "Which thread prints 'asyncio.run x2: …'?",
            line="asyncio.run x2:",
            answer="worker",
            why="The program hands that part to asyncio.to_thread, where no loop is running yet.",
        ),
    ),
)
