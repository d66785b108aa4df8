import asyncio
import contextlib
import time

FILES = 3  # how many files to download
SLOWEST = 1.0  # seconds the slowest file takes
COMPARE = True  # download one after another first, for comparison
BROKEN_LINK = False  # also ask for a file that does not exist

# The local "web server" answers /file-N after a delay, as a slow network would.
DELAYS = {f"/file-{n}": SLOWEST * n / FILES for n in range(1, FILES + 1)}


class HTTPError(Exception):
    """The server answered, but not with 200 OK."""


handlers = set()  # the server's connection tasks: we wait for them when shutting down
closing = asyncio.Event()  # set at shutdown: handlers still waiting hang up at once


async def serve(reader, writer):
    handlers.add(asyncio.current_task())
    try:
        request = (await reader.readline()).split()  # [b"GET", b"/file-2", b"HTTP/1.0"]
        while (await reader.readline()).strip():  # the headers end with an empty line
            pass
        path = request[1].decode() if len(request) > 1 else ""
        if path not in DELAYS:
            writer.write(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        else:
            # A slow network, simulated: wait out the delay, unless the server shuts down.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(closing.wait(), DELAYS[path])
            if closing.is_set():
                return
            body = f"contents of {path}\n".encode() * 50 * int(path[6:])
            writer.write(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()
    except ConnectionError:
        pass  # the client hung up first
    finally:
        writer.close()  # however it went, hang up: for HTTP/1.0 that ends the body
        handlers.discard(asyncio.current_task())


async def fetch(port, path):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await writer.drain()
        status = (await reader.readline()).decode().split()  # ['HTTP/1.0', '200', 'OK']
        while (await reader.readline()).strip():
            pass
        body = await reader.read()  # HTTP/1.0: the body ends when the server hangs up
    finally:
        writer.close()  # also when cancelled half-way: no socket left open
    if status[1] != "200":
        raise HTTPError(f"GET {path}: {' '.join(status[1:])}")
    print(f"GET {path}: {len(body)} bytes")
    return len(body)


async def main():
    paths = list(DELAYS) + (["/missing"] if BROKEN_LINK else [])
    server = await asyncio.start_server(serve, "127.0.0.1", 0)  # port 0: any free port
    port = server.sockets[0].getsockname()[1]
    try:
        if COMPARE:
            started = time.perf_counter()
            for path in paths:
                with contextlib.suppress(HTTPError):  # reported by the round below
                    await fetch(port, path)
            print(f"one after another: {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        fetches = [asyncio.create_task(fetch(port, p), name=f"GET {p}") for p in paths]
        results = await asyncio.gather(*fetches, return_exceptions=True)
        print(f"all at once with gather: {time.perf_counter() - started:.1f} s")
        print("results:", results)
    finally:  # also when cancelled half-way: shut the server down cleanly
        server.close()  # no new connections
        closing.set()
        await asyncio.gather(*handlers)  # the connections still open end by themselves
        await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
