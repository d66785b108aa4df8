"""Seed §3: reading from and writing to streams — the read methods, limits and back-pressure."""

from __future__ import annotations

import asyncio
import contextlib
import socket

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="streams.reading",
    chapter="3",
    title="read, readline, readuntil, readexactly — and when they fail",
    explanation="""
        A StreamReader offers four ways to take bytes out of a connection:

        * `read(n)` returns *up to* n bytes — whatever has arrived, at least one byte —
          and b"" at end of stream; `read()` with no n reads everything until end of stream.
        * `readline()` reads through the next b"\\n".
        * `readuntil(sep)` reads through the next `sep`.
        * `readexactly(n)` returns exactly n bytes, or raises IncompleteReadError if the
          stream ends first; the bytes that did arrive are in the exception's `.partial`.

        The reader holds at most `limit` bytes while it looks for a separator (64 KiB by
        default). A longer line makes `readuntil` raise LimitOverrunError (the bytes stay in
        the buffer) and `readline` raise ValueError (the too-long line is thrown away).

        The common mistake: treating `read(n)` as "exactly n bytes". TCP is a stream of
        bytes, not of messages; a message can arrive in pieces.
    """,
    params=(
        Param.number("limit", 64, 16, 1024, "the reader's buffer limit", unit="bytes"),
        Param.number("short_by", 6, 1, 50, "bytes missing at the end for readexactly"),
    ),
)
async def reading(ctx: DemoContext, limit: int, short_by: int) -> dict[str, object]:
    near_end, far_end = socket.socketpair()  # two connected sockets; no server needed
    reader, reader_writer = await asyncio.open_connection(sock=near_end, limit=limit)
    _, writer = await asyncio.open_connection(sock=far_end)
    seen: dict[str, object] = {}

    async def send(data: bytes) -> None:
        writer.write(data)
        await writer.drain()
        await ctx.sleep(0.05)  # let the bytes arrive before we read

    try:
        await send(b"hello world\n")
        seen["read(5)"] = ctx.value("read(5)", await reader.read(5))
        seen["readline()"] = ctx.value("readline()", await reader.readline())

        await send(b"a=1;b=2;")
        seen["readuntil(b';')"] = ctx.value("readuntil(b';')", await reader.readuntil(b";"))
        seen["readexactly(4)"] = ctx.value("readexactly(4)", await reader.readexactly(4))

        await send(b"x" * (limit * 3) + b"\n")  # one line, three times the limit
        try:
            await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError as exc:
            seen["readuntil, long line"] = f"LimitOverrunError(consumed={exc.consumed})"
            ctx.warn(f"readuntil: LimitOverrunError: {exc} (consumed={exc.consumed})")
        try:
            await reader.readline()
        except ValueError as exc:
            seen["readline, long line"] = "ValueError"
            ctx.warn(f"readline: ValueError: {exc} — the long line was discarded")

        await send(b"next line\n")
        seen["readline() after"] = ctx.value("readline() after", await reader.readline())

        wanted = 10 + short_by
        writer.write(b"0123456789")
        writer.write_eof()  # the sender is done: end of stream after these 10 bytes
        try:
            await reader.readexactly(wanted)
        except asyncio.IncompleteReadError as exc:
            seen["readexactly, short"] = f"IncompleteReadError(partial={exc.partial!r})"
            ctx.warn(f"readexactly({wanted}): {exc}; partial={exc.partial!r}")
        seen["read() at EOF"] = ctx.value("read() at EOF", await reader.read())
        ctx.value("at_eof()", reader.at_eof())
    finally:
        for w in (writer, reader_writer):
            w.close()
            await w.wait_closed()
    return seen


@demo(
    id="streams.backpressure",
    chapter="3",
    title="drain() and back-pressure: a fast writer, a slow reader",
    explanation="""
        A writer produces `chunks` blocks of `chunk_kib` KiB as fast as it can; the reader on
        the other end takes one block every `reader_delay` seconds. `write()` never waits: it
        appends to the transport's buffer, and the log shows that buffer's size
        (`writer.transport.get_write_buffer_size()`) after each write.

        With `use_drain` on, the writer awaits `drain()` after each write. drain() returns at
        once while the buffer is below the high-water mark and otherwise waits until the
        reader has made room — the writer is slowed down to the reader's pace and the buffer
        stays small. Turn it off and the buffer simply grows: every byte not yet read sits in
        this process's memory. With a real slow client and a large payload that is how a
        server runs out of memory.

        The socket buffers are made tiny here so the effect shows with a few hundred KiB.
    """,
    params=(
        Param.flag("use_drain", True, "await writer.drain() after every write"),
        Param.number("chunks", 12, 2, 40, "blocks the writer sends"),
        Param.number("chunk_kib", 16, 1, 64, "size of one block", unit="KiB"),
        Param.number("reader_delay", 0.1, 0.01, 1.0, "seconds the reader waits per block"),
    ),
)
async def backpressure(
    ctx: DemoContext, use_drain: bool, chunks: int, chunk_kib: int, reader_delay: float
) -> dict[str, int]:
    chunk = chunk_kib * 1024
    high_water = 2 * chunk
    near_end, far_end = socket.socketpair()
    for sock in (near_end, far_end):  # tiny kernel buffers: back-pressure shows quickly
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    reader, reader_writer = await asyncio.open_connection(sock=near_end, limit=chunk)
    _, writer = await asyncio.open_connection(sock=far_end)
    writer.transport.set_write_buffer_limits(high=high_water)
    sizes: list[int] = []

    async def slow_reader() -> int:
        received = 0
        while data := await reader.read(chunk):
            received += len(data)
            await ctx.sleep(reader_delay)
        return received

    async def fast_writer() -> None:
        for i in range(1, chunks + 1):
            writer.write(b"x" * chunk)
            sizes.append(writer.transport.get_write_buffer_size())
            ctx.log(f"wrote block {i}: write buffer {sizes[-1] // 1024} KiB")
            ctx.progress("blocks written", i, chunks)
            if use_drain:
                await writer.drain()  # wait here while the buffer is above the high mark
        ctx.checkpoint("writer done")
        writer.close()  # flushes what is left, then closes
        await writer.wait_closed()

    async def watch_buffer() -> None:  # the buffer over time, also after the last write
        while True:
            ctx.log(f"watch: write buffer {writer.transport.get_write_buffer_size() // 1024} KiB")
            await ctx.sleep(reader_delay * 2)

    watcher = asyncio.create_task(watch_buffer(), name="buffer-watch")
    reading_task = asyncio.create_task(slow_reader(), name="slow-reader")
    try:
        await asyncio.create_task(fast_writer(), name="fast-writer")
        received = await reading_task
    finally:
        watcher.cancel()
        reading_task.cancel()  # a no-op when it has finished
        # Close the reading end first: if we were stopped, nobody would ever read what is
        # still buffered, and the writer's close (which flushes first) would wait forever.
        for w in (reader_writer, writer):
            w.close()
            with contextlib.suppress(ConnectionError):  # cut off mid-flush: broken pipe
                await w.wait_closed()
    peak = max(sizes)
    ctx.result(
        f"drain {'on' if use_drain else 'off'}: peak write buffer {peak // 1024} KiB "
        f"(high-water mark {high_water // 1024} KiB, total sent {chunks * chunk // 1024} KiB)"
    )
    return {"peak": peak, "high_water": high_water, "total": chunks * chunk, "received": received}
