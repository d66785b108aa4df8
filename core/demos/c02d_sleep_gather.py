"""Seed §2.2.4–§2.2.5: sleeping on the loop's clock, and running awaitables with gather."""

from __future__ import annotations

import asyncio
import contextlib
import datetime

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="sleep.result",
    chapter="2.2.4",
    title="asyncio.sleep(delay, result) and the loop's own clock",
    explanation="""
        `await asyncio.sleep(delay, result=x)` suspends the caller for `delay` seconds and
        then evaluates to `x` (None by default) — handy in tests and stand-ins for real I/O.
        While it sleeps, the loop runs other tasks: here a `ticker` task keeps counting.

        Time on the loop is measured with `loop.time()`: a monotonic clock (it never jumps
        when the wall clock is changed) whose zero point means nothing — only differences
        between two readings do. The demo reads it before and after the sleep.

        `asyncio.sleep(0)` is special: it does not wait at all, it just lets every other
        ready task take a step before the caller continues. The common mistake: measuring
        durations with `datetime.now()` or `time.time()`, which can jump; another one is
        `time.sleep`, which stops the ticker (and everything else) dead.
        (The lab's speed setting scales the delay, so the clock difference scales too.)
    """,
    params=(
        Param.number("delay", 2.0, 0.0, 10.0, "seconds to sleep", unit="s"),
        Param.choice("result", "hello", ("hello", "42", "None"), "what sleep hands back"),
    ),
)
async def sleep_result(ctx: DemoContext, delay: float, result: str) -> dict[str, object]:
    loop = asyncio.get_running_loop()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await ctx.sleep(0.5)
            ticks += 1

    ticking = asyncio.create_task(ticker(), name="ticker")
    given = None if result == "None" else result
    before = loop.time()
    value = await asyncio.sleep(ctx.scaled(delay), result=given)
    slept = loop.time() - before
    ticking.cancel()
    ctx.value("await asyncio.sleep(delay, result=...)", value)
    ctx.value("loop.time() difference", round(slept, 3))
    ctx.value("ticks of the ticker meanwhile", ticks)
    return {"value": value, "slept": round(slept, 3), "ticks": ticks}


@demo(
    id="sleep.clock",
    chapter="2.2.4",
    title="Telling the time once a second",
    explanation="""
        A coroutine that prints the date and time once a second for `seconds` seconds,
        using `loop.time()` to decide when to stop: the end time is computed once, and the
        loop stops before a sleep that would overshoot it.

        What to notice: each line comes a little *later* than exactly one second after the
        previous one — a sleep lasts at least its delay, plus however long the loop needed
        to get back to this task, plus the time the body itself took. Over many rounds the
        error adds up. The demo shows that drift, and `catch_up` fixes it by sleeping until
        the next whole-second deadline on the loop's clock instead of "one more second".

        The common mistake: assuming `sleep(1)` in a loop gives an exact metronome.
    """,
    params=(
        Param.number("seconds", 5, 1, 10, "how long to keep telling the time", unit="s"),
        Param.flag("catch_up", False, "sleep until the next deadline instead of 1 s"),
    ),
)
async def clock(ctx: DemoContext, seconds: int, catch_up: bool) -> dict[str, object]:
    loop = asyncio.get_running_loop()
    start = loop.time()
    end_time = start + ctx.scaled(seconds)
    lines = 0
    while True:
        lines += 1
        late = (loop.time() - start) * ctx.speed - (lines - 1)  # in demo seconds
        ctx.log(f"{datetime.datetime.now():%H:%M:%S.%f} (line {lines}, {late * 1000:+.1f} ms)")
        if loop.time() + ctx.scaled(1) >= end_time:
            break
        if catch_up:
            next_deadline = start + ctx.scaled(lines)
            await asyncio.sleep(max(0.0, next_deadline - loop.time()))
        else:
            await ctx.sleep(1)
    ctx.value("lines printed", lines)
    ctx.value("drift at the last line (ms, demo time)", round(late * 1000, 1))
    return {"lines": lines, "drift_ms": round(late * 1000, 1)}


@demo(
    id="gather.order",
    chapter="2.2.5",
    title="gather: results in the order you asked, not the order they finished",
    explanation="""
        `await asyncio.gather(a, b, c)` runs the awaitables concurrently (coroutines are
        wrapped in tasks) and, once all are done, returns their results as a list — in the
        order they were *passed*, whatever order they finished in.

        Here the first job is the slowest. The checkpoints show the finishing order; the
        result list still starts with the first job's result. The whole call takes as long
        as the slowest job, not the sum.

        What to notice: you never need to sort or match results back to inputs — position i
        of the result belongs to argument i. The common mistake: passing a list without the
        star (`gather(jobs)` instead of `gather(*jobs)`); gather then receives one argument
        that is not awaitable and raises TypeError.
    """,
    params=(Param.choice("durations", "3,1,2", ("3,1,2", "1,2,3", "2,3,1"), "seconds per job"),),
)
async def gather_order(ctx: DemoContext, durations: str) -> list[str]:
    async def job(n: int, seconds: float) -> str:
        await ctx.sleep(seconds)
        ctx.checkpoint(f"job {n} finished")
        return f"Num {n}"

    seconds = [float(s) for s in durations.split(",")]
    start = ctx.elapsed()
    jobs = [asyncio.create_task(job(n, s), name=f"job-{n}") for n, s in enumerate(seconds, 1)]
    results = await asyncio.gather(*jobs)
    ctx.value("results", results)
    ctx.result(f"took {ctx.elapsed() - start:.2f} s (slowest {max(seconds):g} s)")
    return results


@demo(
    id="gather.errors",
    chapter="2.2.5",
    title="gather and errors: the first one propagates, or all come back as values",
    explanation="""
        Job 2 raises ValueError after 2 s; jobs 1 and 3 succeed after 1 s and 3 s.

        With `return_exceptions=False` (the default) the first exception is raised out of
        `await gather(...)` as soon as it happens — after 2 s, without waiting for job 3.
        But gather does *not* cancel the other jobs: job 3 keeps running and finishes on its
        own later, its result unseen by anyone (this demo waits for it to show that).

        With `return_exceptions=True` gather waits for everything and puts the exception
        object in the result list where the value would have been:
        `['Num 1', ValueError('Task 2 failed!'), 'Num 3']`. Then you must check each item.

        The common mistake: assuming a failed gather cleaned up after itself. Keep the tasks
        and cancel them yourself — or use a TaskGroup, which does cancel the rest.
    """,
    params=(Param.flag("return_exceptions", False, "return errors as values"),),
)
async def gather_errors(ctx: DemoContext, return_exceptions: bool) -> dict[str, object]:
    async def job(n: int) -> str:
        await ctx.sleep(n)
        if n == 2:
            ctx.checkpoint("job 2 fails")
            raise ValueError(f"Task {n} failed!")
        ctx.checkpoint(f"job {n} finished")
        return f"Num {n}"

    jobs = [asyncio.create_task(job(n), name=f"job-{n}") for n in (1, 2, 3)]
    outcome: dict[str, object] = {}
    try:
        results = await asyncio.gather(*jobs, return_exceptions=return_exceptions)
    except ValueError as exc:
        ctx.checkpoint("gather raised")
        outcome["raised"] = repr(exc)
        ctx.value("job 3 still running", not jobs[2].done())
        await asyncio.wait(jobs)  # nobody cancelled job 3; watch it finish anyway
        ctx.checkpoint("job 3 finished later anyway")
    else:
        ctx.checkpoint("gather returned")
        outcome["results"] = repr(results)
    for label, value in outcome.items():
        ctx.value(label, value)
    return outcome


@demo(
    id="gather.downloads",
    chapter="2.2.5",
    title="Concurrent downloads from a tiny local web server",
    explanation="""
        The classic use of gather: fetch several URLs at once. To stay offline the demo
        starts its own web server first — `asyncio.start_server` on 127.0.0.1, port 0 (the
        operating system picks a free port) — which answers `GET /file-N` after a delay,
        speaking just enough HTTP/1.0. Each download opens a connection with
        `asyncio.open_connection`, sends the request, reads the status line, the headers and
        the body until the server closes the connection.

        Downloaded one after another, the total is the *sum* of the delays. With gather, all
        requests wait on the network at the same time and the total is about the *slowest*
        one. Turn on `broken_link` to add a URL the server does not know: with
        `return_exceptions=True` its error sits in the result list beside the good results.

        What to notice: the server is closed in a `finally` block — `server.close()`, then
        an Event tells handlers still at work to hang up, then `await server.wait_closed()`
        — so it goes away even when the demo fails or is stopped half-way. (Handlers are
        told rather than cancelled: before Python 3.12.x, a cancelled connection handler
        makes asyncio report a spurious error.) Real code would use a
        client library such as aiohttp or httpx; the shape of the concurrency is the same.
    """,
    params=(
        Param.number("files", 3, 1, 6, "how many files to download"),
        Param.number("slowest", 2.0, 0.2, 5.0, "seconds the slowest file takes", unit="s"),
        Param.flag("compare", True, "download one after another first, for comparison"),
        Param.flag("broken_link", False, "also ask for a file that does not exist"),
    ),
)
async def downloads(
    ctx: DemoContext, files: int, slowest: float, compare: bool, broken_link: bool
) -> dict[str, object]:
    class HTTPError(Exception):
        """The server answered, but not with 200 OK."""

    delays = {f"/file-{n}": slowest * n / files for n in range(1, files + 1)}
    handlers: set[asyncio.Task[None]] = set()
    closing = asyncio.Event()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.add(asyncio.current_task())
        try:
            request = (await reader.readline()).split()  # [b"GET", b"/file-2", b"HTTP/1.0"]
            while (await reader.readline()).strip():  # headers end with an empty line
                pass
            if len(request) < 2:
                return  # the client hung up without asking anything
            path = request[1].decode()
            asyncio.current_task().set_name(f"serve {path}")
            if path in delays:
                # a slow network, simulated; cut short if the server shuts down meanwhile
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(closing.wait(), ctx.scaled(delays[path]))
                if closing.is_set():
                    return
                body = f"contents of {path}\n".encode() * 50 * int(path[6:])
                writer.write(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
                writer.write(body)
            else:
                writer.write(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
        except ConnectionError:
            pass  # the client went away; nothing to answer
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            handlers.discard(asyncio.current_task())

    async def fetch(port: int, path: str) -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            await writer.drain()
            status = (await reader.readline()).decode().split()  # ['HTTP/1.0', '200', 'OK']
            while (await reader.readline()).strip():
                pass
            body = await reader.read()  # HTTP/1.0: the body ends when the server hangs up
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
        if status[1] != "200":
            raise HTTPError(f"GET {path}: {' '.join(status[1:])}")
        ctx.log(f"GET {path}: {len(body)} bytes")
        return len(body)

    paths = list(delays) + (["/missing"] if broken_link else [])
    server = await asyncio.start_server(serve, "127.0.0.1", 0)  # port 0: any free port
    port = server.sockets[0].getsockname()[1]
    ctx.value("server listening on 127.0.0.1 port", port)
    outcome: dict[str, object] = {}
    try:
        if compare:
            start = ctx.elapsed()
            for path in paths:
                with contextlib.suppress(HTTPError):  # reported in the concurrent round
                    await fetch(port, path)
            outcome["sequential"] = round(ctx.elapsed() - start, 2)
            ctx.checkpoint("one after another done")

        start = ctx.elapsed()
        fetches = [asyncio.create_task(fetch(port, p), name=f"GET {p}") for p in paths]
        results = await asyncio.gather(*fetches, return_exceptions=True)
        outcome["concurrent"] = round(ctx.elapsed() - start, 2)
        outcome["results"] = [r if isinstance(r, int) else repr(r) for r in results]
        ctx.checkpoint("gather done")
    finally:
        server.close()  # stop accepting new connections
        closing.set()  # tell handlers still waiting to hang up
        await asyncio.gather(*handlers, return_exceptions=True)
        await server.wait_closed()
        ctx.checkpoint("server closed")
    for label, value in outcome.items():
        ctx.value(label, value)
    ctx.result(f"sum of delays {sum(delays.values()):g} s, slowest {max(delays.values()):g} s")
    return outcome
