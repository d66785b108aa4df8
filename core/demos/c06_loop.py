"""Seed §6: the event loop itself — callbacks, futures, protocols and choosing a loop."""

from __future__ import annotations

import asyncio
import sys

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="loop.callbacks",
    chapter="6",
    title="call_soon, call_later and call_at: who runs when",
    explanation="""
        Below tasks and coroutines, the loop runs plain callbacks. `call_soon(f)` queues f for
        the next turn of the loop, in first-come order. `call_later(delay, f)` and
        `call_at(when, f)` set a timer; `when` is on the loop's own clock, `loop.time()` — a
        monotonic clock, not the wall-clock time.

        What to notice: nothing scheduled runs while the code that scheduled it is still
        going; callbacks run only when the loop gets control back (at our `await`). Then the
        call_soon callbacks run in order, and the timers in the order of their deadlines,
        whatever order they were set in. Swap the two delays and watch the order swap.
        A cancelled handle never runs. Callbacks must be short: while one runs, nothing else
        on the loop can.
    """,
    params=(
        Param.number("later_delay", 0.2, 0.0, 2.0, "delay given to call_later", unit="s"),
        Param.number("at_delay", 0.1, 0.0, 2.0, "call_at fires at loop.time() + this", unit="s"),
    ),
)
async def callbacks(ctx: DemoContext, later_delay: float, at_delay: float) -> list[str]:
    loop = asyncio.get_running_loop()
    order: list[str] = []
    all_ran = loop.create_future()
    start = loop.time()

    def note(label: str) -> None:
        order.append(label)
        ctx.log(f"{label} ran at loop.time() = start + {loop.time() - start:.3f} s")
        if len(order) == 5:
            all_ran.set_result(None)

    loop.call_later(ctx.scaled(later_delay), note, f"call_later({later_delay:g})")
    loop.call_at(start + ctx.scaled(at_delay), note, f"call_at(start + {at_delay:g})")
    loop.call_soon(note, "call_soon #1")
    loop.call_soon(note, "call_soon #2")
    never = loop.call_later(ctx.scaled(0.05), note, "a cancelled callback")
    never.cancel()
    note("the code that scheduled them")  # still ours: nothing else has run yet
    await all_ran  # now the loop gets control and runs the callbacks
    ctx.value("cancelled handle", never.cancelled())
    ctx.result(" → ".join(order))
    return order


@demo(
    id="loop.future",
    chapter="6",
    title="A hand-made Future",
    explanation="""
        A Future is a box for a result that does not exist yet. `loop.create_future()` makes
        an empty one; whoever awaits it is suspended until someone calls `set_result()` (or
        `set_exception()`), and then gets the value (or the exception raised). Callbacks added
        with `add_done_callback` run on the loop soon after it is completed.

        Asking for `result()` too early raises InvalidStateError, and so does completing a
        future twice. Tasks are Futures that complete themselves when their coroutine ends;
        you rarely make bare Futures in application code, but libraries that wrap
        callback-based APIs do exactly this.
    """,
    params=(
        Param.number("delay", 1.0, 0.0, 5.0, "seconds until the result is set", unit="s"),
        Param.flag("fail", False, "complete the future with an exception instead"),
    ),
)
async def future_demo(ctx: DemoContext, delay: float, fail: bool) -> dict[str, str]:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    future.add_done_callback(lambda f: ctx.log(f"done callback: cancelled={f.cancelled()}"))
    seen: dict[str, str] = {}
    try:
        future.result()
    except asyncio.InvalidStateError as exc:
        seen["too early"] = f"InvalidStateError: {exc}"
        ctx.warn(f"result() before it is set: InvalidStateError ({exc})")

    async def deliver() -> None:
        await ctx.sleep(delay)
        if fail:
            future.set_exception(ValueError("the delivery failed"))
        else:
            future.set_result("the answer")
        ctx.log(f"deliverer completed the future; done() = {future.done()}")

    deliverer = asyncio.create_task(deliver(), name="deliverer")
    ctx.log(f"awaiting the future; done() = {future.done()}")
    try:
        seen["awaited"] = await future  # suspended here until deliver() fills it
    except ValueError as exc:
        seen["awaited"] = f"ValueError: {exc}"
    ctx.value("await future gave", seen["awaited"])
    await deliverer
    try:
        future.set_result("again")
    except asyncio.InvalidStateError:
        seen["twice"] = "InvalidStateError"
        ctx.warn("completing it a second time: InvalidStateError")
    return seen


@demo(
    id="loop.protocol-echo",
    chapter="6",
    title="An echo server with a Protocol and a Transport",
    explanation="""
        Streams are built on a lower layer: a *transport* (the connection: write, close) and
        a *protocol* (your object, whose methods the loop calls: `connection_made`,
        `data_received`, `eof_received`, `connection_lost`). Nothing is awaited here: the loop
        calls us when something happens.

        Compare with streams.echo-server. The streams version reads top to bottom like
        blocking code; the protocol version is a set of callbacks and has to keep its own
        state between them, but has no task per connection and no buffering beyond what you
        write. Use streams unless you need that; libraries (HTTP servers, database drivers)
        often use protocols.

        `data_received` may get any slice of the bytes sent: TCP keeps no message borders.
    """,
    params=(Param.number("messages", 3, 1, 10, "messages the client sends"),),
)
async def protocol_echo(ctx: DemoContext, messages: int) -> dict[str, object]:
    loop = asyncio.get_running_loop()

    class EchoServer(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            assert isinstance(transport, asyncio.Transport)  # a TCP connection
            self.transport = transport
            ctx.checkpoint("server: connection_made")

        def data_received(self, data: bytes) -> None:
            self.transport.write(data.upper())  # no await: write() only buffers

        def eof_received(self) -> None:
            ctx.checkpoint("server: eof_received")  # returning None closes the transport

    class EchoClient(asyncio.Protocol):
        def __init__(self) -> None:
            self.received = b""
            self.finished = loop.create_future()

        def data_received(self, data: bytes) -> None:
            self.received += data

        def connection_lost(self, exc: Exception | None) -> None:
            ctx.checkpoint("client: connection_lost")
            self.finished.set_result(self.received)

    server = await loop.create_server(EchoServer, "127.0.0.1", 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        transport, client = await loop.create_connection(EchoClient, "127.0.0.1", port)
        try:
            for i in range(1, messages + 1):
                transport.write(f"message {i}\n".encode())
            transport.write_eof()  # "I am done sending"; the server answers, then closes
            received = await client.finished
        finally:
            transport.close()
    replies = received.decode().splitlines()
    ctx.result(f"{len(replies)} replies: {replies}")
    return {"replies": replies}


@demo(
    id="loop.runner-factory",
    chapter="6",
    title="Choosing the loop: loop_factory instead of policies",
    explanation="""
        Each `asyncio.run()` creates a brand-new loop and closes it at the end. An
        `asyncio.Runner` keeps one loop for several `run()` calls (handy for tests or a
        program that enters async code now and then), and `runner.get_loop()` hands it out.

        Which loop class is used is chosen with `loop_factory`: `asyncio.Runner(loop_factory=
        ...)` (3.11+) or `asyncio.run(main(), loop_factory=...)` (3.12+) — for example
        `uvloop.new_event_loop` for a faster loop. The older way, installing a global
        "event loop policy" with `set_event_loop_policy`, affects every loop in the process
        and is deprecated since Python 3.14. This demo never touches the global policy.

        A loop cannot run inside a running loop, so the demo does this in a worker thread
        (`asyncio.to_thread`), which has no loop of its own.
    """,
    params=(Param.number("runs", 2, 2, 5, "how many run() calls"),),
)
async def runner_factory(ctx: DemoContext, runs: int) -> dict[str, object]:
    class LabLoop(asyncio.SelectorEventLoop):
        """A loop class of our own, so we can see that the factory was used."""

    async def which_loop() -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    def in_a_worker_thread() -> dict[str, object]:
        fresh = [asyncio.run(which_loop()) for _ in range(runs)]
        with asyncio.Runner(loop_factory=LabLoop) as runner:
            shared = [runner.run(which_loop()) for _ in range(runs)]
            same_as_get_loop = shared[0] is runner.get_loop()
        return {
            "asyncio.run: distinct loops": len({id(lp) for lp in fresh}),
            "Runner: distinct loops": len({id(lp) for lp in shared}),
            "Runner loop class": type(shared[0]).__name__,
            "get_loop() is that loop": same_as_get_loop,
            "closed afterwards": all(lp.is_closed() for lp in fresh + shared),
        }

    coro = which_loop()
    try:
        asyncio.run(coro)
    except RuntimeError as exc:
        coro.close()  # never started; close it so Python does not warn "never awaited"
        ctx.warn(f"asyncio.run() inside a running loop: RuntimeError: {exc}")
    facts = await asyncio.to_thread(in_a_worker_thread)
    for name, value in facts.items():
        ctx.value(name, value)
    if sys.version_info >= (3, 12):
        ctx.log("on this Python, asyncio.run(main(), loop_factory=...) works as well")
    return facts
