"""Seed §3: reading from and writing to streams — the read methods, limits and back-pressure."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Raises, Value

READING = lesson(
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
        the buffer) and `readline` raise ValueError (the too-long line is thrown away, so the
        next readline gets the next line). `write_eof()` tells the other end no more is coming.

        The common mistake: treating `read(n)` as "exactly n bytes". TCP is a stream of
        bytes, not of messages; a message can arrive in pieces.
    """,
    params=(
        Param.number("limit", 64, 16, 1024, "the reader's buffer limit", unit="bytes"),
        Param.number("short_by", 6, 1, 50, "bytes missing at the end for readexactly"),
    ),
    predictions=(
        Raises(
            "readexactly(16) when only 10 bytes are left: what happens?",
            line="readexactly(16):",
            choices=("IncompleteReadError", "LimitOverrunError", NOTHING),
            answer="IncompleteReadError",
            why="readexactly raises IncompleteReadError at EOF; the bytes it got are in .partial.",
        ),
        Raises(
            "readline() on a line longer than the limit: what does it raise?",
            line="readline, line over the limit:",
            choices=("ValueError", "LimitOverrunError", NOTHING),
            answer="ValueError",
            why="readuntil raises LimitOverrunError; readline turns it into ValueError (and drops "
            "the "
            "line).",
        ),
    ),
)

BACKPRESSURE = lesson(
    id="streams.backpressure",
    chapter="3",
    title="drain() and back-pressure: a fast writer, a slow reader",
    explanation="""
        A writer produces `chunks` blocks of `chunk_kib` KiB as fast as it can; the reader on
        the other end takes one block every `reader_delay` seconds. `write()` never waits: it
        appends to the transport's buffer, and the program prints that buffer's size
        (`writer.transport.get_write_buffer_size()`) after each write and each read.

        With `use_drain` on, the writer awaits `drain()` after each write. drain() returns at
        once while the buffer is below the high-water mark and otherwise waits until the
        reader has made room — the writer is slowed down to the reader's pace and the buffer
        stays small. Turn it off and the writer is done at once while the buffer simply
        grows: every byte not yet read sits in this process's memory. With a real slow client
        and a large payload, that is how a server runs out of memory.

        The socket buffers are made tiny here so the effect shows with a few hundred KiB.
    """,
    params=(
        Param.flag("use_drain", True, "await writer.drain() after every write"),
        Param.number("chunks", 12, 2, 40, "blocks the writer sends"),
        Param.number("chunk_kib", 16, 1, 64, "size of one block", unit="KiB"),
        Param.number("reader_delay", 0.1, 0.01, 1.0, "seconds the reader waits per block"),
    ),
    predictions=(
        Value(
            "Does the writer's buffer stay near the high-water mark?",
            line="the buffer stayed near the high-water mark:",
            choices=("True", "False"),
            answer="True",
            why="await writer.drain() pauses the writer while the buffer is above the high-water "
            "mark.",
        ),
    ),
)
