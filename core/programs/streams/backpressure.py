import asyncio
import contextlib
import socket
import time

USE_DRAIN = True  # await writer.drain() after every write
CHUNKS = 12  # blocks the writer sends
CHUNK_KIB = 16  # size of one block, in KiB
READER_DELAY = 0.1  # seconds the reader waits per block

CHUNK = CHUNK_KIB * 1024
HIGH_WATER = 2 * CHUNK  # drain() waits while the write buffer is above this


def kib(n):
    return f"{n / 1024:.1f} KiB"


async def fast_writer(writer):
    started = time.perf_counter()
    peak = 0
    for i in range(1, CHUNKS + 1):
        writer.write(b"x" * CHUNK)  # never waits: the bytes go into a buffer
        size = writer.transport.get_write_buffer_size()
        peak = max(peak, size)
        print(f"wrote block {i}: write buffer {kib(size)}")
        if USE_DRAIN:
            await writer.drain()  # waits here while the buffer is above the high-water mark
    print(f"the writer was done after {time.perf_counter() - started:.1f} s")
    return peak


async def slow_reader(reader, writer):
    for i in range(1, CHUNKS + 1):
        await reader.readexactly(CHUNK)
        size = writer.transport.get_write_buffer_size()
        print(f"read block {i}: the writer's buffer holds {kib(size)}")
        await asyncio.sleep(READER_DELAY)


async def main():
    near, far = socket.socketpair()
    for sock in (near, far):  # tiny kernel buffers, so back-pressure shows quickly
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    streams = []  # each stream closes its own socket; until one exists, main closes it
    try:
        reader, reader_end = await asyncio.open_connection(sock=near, limit=CHUNK)
        streams.append(reader_end)
        _, writer = await asyncio.open_connection(sock=far)
        streams.append(writer)
        writer.transport.set_write_buffer_limits(high=HIGH_WATER)
        async with asyncio.TaskGroup() as tg:
            writing = tg.create_task(fast_writer(writer), name="fast-writer")
            tg.create_task(slow_reader(reader, writer), name="slow-reader")
        peak = writing.result()
        print(f"peak write buffer {kib(peak)}, high-water mark {kib(HIGH_WATER)}")
        print("the buffer stayed near the high-water mark:", peak <= HIGH_WATER + CHUNK)
    finally:
        # The reading end first: stopped early, nobody would read what is still buffered, and
        # the writer's close (which flushes first) would wait for ever.
        for stream in streams:
            stream.close()
        for stream in streams:
            with contextlib.suppress(ConnectionError):  # stopped early: no reader to flush to
                await stream.wait_closed()
        for sock in (near, far)[len(streams) :]:
            sock.close()


if __name__ == "__main__":
    asyncio.run(main())
