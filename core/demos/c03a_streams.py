"""Seed §3: streams — servers, clients and the connections between them, all on this machine.

Every server listens on 127.0.0.1 with port 0, so the operating system picks a free port.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="streams.echo-server",
    chapter="3",
    title="TCP echo server with several clients at once",
    explanation="""
        `asyncio.start_server` listens and, for every connection, runs the handler coroutine
        as a new task — you can see one `handler` task per client appear next to the client
        tasks. Each handler reads a line, thinks for `delay` seconds and sends it back.

        Because every connection has its own task, the clients are served at the same time:
        the total is about one `delay`, not clients × delay.

        What to notice: `write()` only puts bytes in a buffer; `await drain()` is where the
        writer waits for room. `close()` starts closing (`is_closing()` is True at once);
        `await wait_closed()` waits until it is really closed. The common mistake: forgetting
        the close, which leaks the socket (Python warns with a ResourceWarning).
    """,
    params=(
        Param.number("clients", 3, 1, 8, "clients connecting at once"),
        Param.number("delay", 1.0, 0.0, 5.0, "seconds the server takes per message", unit="s"),
    ),
)
async def echo_server(ctx: DemoContext, clients: int, delay: float) -> dict[str, object]:
    handlers: set[asyncio.Task[None]] = set()

    async def handle_echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host, port = writer.get_extra_info("peername")[:2]
        me = asyncio.current_task()  # start_server made a task for this connection
        assert me is not None
        me.set_name(f"handler-{port}")
        handlers.add(me)
        try:
            line = await reader.readline()
            ctx.log(f"server got {line.decode().strip()!r} from {host}:{port}")
            await ctx.sleep(delay)
            writer.write(line)
            await writer.drain()
        finally:
            writer.close()
            await writer.wait_closed()

    async def client(name: str, port: int) -> str:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"hello from {name}\n".encode())
            await writer.drain()
            reply = (await reader.readline()).decode().strip()
            ctx.log(f"{name} received {reply!r}")
            return reply
        finally:
            writer.close()
            ctx.log(f"{name}: is_closing() = {writer.is_closing()} right after close()")
            await writer.wait_closed()

    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    async with server:  # closes the listening socket on the way out
        port = server.sockets[0].getsockname()[1]
        ctx.log(f"server listening on 127.0.0.1:{port} (the OS picked the port)")
        start = ctx.elapsed()
        async with asyncio.TaskGroup() as tg:
            tasks = [
                tg.create_task(client(f"client-{i}", port), name=f"client-{i}")
                for i in range(1, clients + 1)
            ]
        total = ctx.elapsed() - start
        await asyncio.gather(*handlers)  # the handlers finish closing their ends
    ctx.result(f"{clients} clients served in {total:.2f} s (each request takes {delay:g} s)")
    return {"replies": [t.result() for t in tasks], "total": round(total, 2)}


@demo(
    id="streams.unix-echo",
    chapter="3",
    title="Echo over a Unix domain socket",
    explanation="""
        The same echo, but over a Unix domain socket: a path in the file system instead of a
        host and port. `start_unix_server` and `open_unix_connection` return the same
        StreamReader/StreamWriter pair, so the rest of the code does not change.

        Unix sockets never leave the machine and skip the TCP/IP stack, which makes them a
        common choice between processes on one host. They exist on Linux and macOS but not
        on every platform (Windows' Python has no AF_UNIX); there this lesson explains itself
        and stops instead of failing.

        What to notice: the socket is a file. Before Python 3.13 it stayed behind after the
        server closed and had to be removed by hand; 3.13 removes it for you
        (`cleanup_socket=True`). Here the whole temporary folder goes either way.
    """,
    params=(Param.number("messages", 3, 1, 10, "messages sent over one connection"),),
)
async def unix_echo(ctx: DemoContext, messages: int) -> dict[str, object]:
    if not hasattr(socket, "AF_UNIX"):
        reason = "this platform has no Unix domain sockets (socket.AF_UNIX is missing)"
        ctx.warn(f"skipped: {reason}")
        return {"skipped": reason}

    handlers: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        me = asyncio.current_task()
        assert me is not None
        me.set_name("unix-handler")
        handlers.add(me)
        try:
            async for line in reader:  # line by line until the client closes
                writer.write(line.upper())
                await writer.drain()
        finally:
            writer.close()
            await writer.wait_closed()

    folder = tempfile.mkdtemp(prefix="asyncio-lab-")
    path = os.path.join(folder, "echo.sock")
    replies: list[str] = []
    try:
        server = await asyncio.start_unix_server(handle, path=path)
        async with server:
            ctx.log(f"server listening on {path}")
            reader, writer = await asyncio.open_unix_connection(path)
            try:
                for i in range(1, messages + 1):
                    writer.write(f"message {i}\n".encode())
                    await writer.drain()
                    replies.append((await reader.readline()).decode().strip())
                    ctx.log(f"client got {replies[-1]!r}")
            finally:
                writer.close()
                await writer.wait_closed()
            await asyncio.gather(*handlers)  # let the handler see EOF and close its end
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the socket file outlives the server
    ctx.result(f"{len(replies)} replies over a Unix socket")
    return {"replies": replies}


@demo(
    id="streams.socketpair",
    chapter="3",
    title="A socketpair wrapped in streams",
    explanation="""
        `socket.socketpair()` makes two sockets already connected to each other — no server,
        no address. `asyncio.open_connection(sock=...)` wraps an existing socket in a
        StreamReader/StreamWriter pair. Here one end is a stream and the other a plain
        socket, fed from the loop with `loop.call_soon(other.send, ...)` and read with
        `loop.sock_recv` (which needs the socket in non-blocking mode).

        What to notice: `sock=` is how you hand asyncio a socket made elsewhere (by a library,
        inherited from a parent process). Once wrapped, the stream owns it: closing the
        writer closes the socket.
    """,
    params=(Param.choice("text", "abc", ("abc", "hello", "socketpair"), "what to send"),),
)
async def socketpair_demo(ctx: DemoContext, text: str) -> dict[str, str]:
    loop = asyncio.get_running_loop()
    stream_end, plain_end = socket.socketpair()
    plain_end.setblocking(False)
    try:
        reader, writer = await asyncio.open_connection(sock=stream_end)
        try:
            loop.call_soon(plain_end.send, text.encode())  # runs on the next loop turn
            received = (await reader.read(100)).decode()
            ctx.log(f"stream end received {received!r}")
            writer.write(received[::-1].encode())
            await writer.drain()
            answer = (await loop.sock_recv(plain_end, 100)).decode()
            ctx.log(f"plain end received {answer!r}")
        finally:
            writer.close()  # also closes stream_end
            await writer.wait_closed()
    finally:
        plain_end.close()
    ctx.result(f"sent {text!r}, got back {answer!r}")
    return {"received": received, "answer": answer}


@demo(
    id="streams.http-head",
    chapter="3",
    title="Print the headers of an HTTP HEAD request",
    explanation="""
        The demo starts its own tiny HTTP server on 127.0.0.1, then acts as a client: it sends
        a HEAD request (the same as GET, but the answer has no body) and prints every header
        line until the server closes the connection.

        HTTP/1 is plain text: request line, headers, an empty line. The request goes out in
        one `writelines()` call (several byte strings, one after another). Header bytes are
        decoded as latin-1, which maps every byte to a character and so never fails.

        What to notice: `async for line in reader` reads line by line until end of stream.
        The common mistake: waiting for the end of the stream on a protocol that keeps the
        connection open — here HTTP/1.0 closes it after the answer, so EOF comes.
    """,
    params=(Param.choice("path", "/", ("/", "/index.html", "/missing"), "the path to ask for"),),
)
async def http_head(ctx: DemoContext, path: str) -> dict[str, str]:
    async def http_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        me = asyncio.current_task()
        assert me is not None
        me.set_name("http-handler")
        handlers.add(me)
        try:
            request_line = (await reader.readline()).decode("latin-1").strip()
            while (await reader.readline()).strip():  # skip the request headers
                pass
            ctx.log(f"server got {request_line!r}")
            found = request_line.split()[1] in ("/", "/index.html")
            status = "200 OK" if found else "404 Not Found"
            body_length = 13 if found else 9
            writer.write(  # the answer to HEAD: status and headers, no body
                f"HTTP/1.0 {status}\r\n"
                "Server: asyncio-lab\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {body_length}\r\n"
                "\r\n".encode("latin-1")
            )
            await writer.drain()
        finally:
            writer.close()  # HTTP/1.0: closing marks the end of the answer
            await writer.wait_closed()

    handlers: set[asyncio.Task[None]] = set()
    server = await asyncio.start_server(http_server, "127.0.0.1", 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        headers: dict[str, str] = {}
        try:
            request = [f"HEAD {path} HTTP/1.0\r\n", f"Host: 127.0.0.1:{port}\r\n", "\r\n"]
            writer.writelines(line.encode("latin-1") for line in request)
            await writer.drain()
            async for raw in reader:
                line = raw.decode("latin-1").rstrip()
                if not line:
                    continue
                ctx.log(f"HTTP header> {line}")
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip()] = value.strip()
                else:
                    headers["status"] = line
        finally:
            writer.close()
            await writer.wait_closed()
        await asyncio.gather(*handlers)
    ctx.result(f"HEAD {path} → {headers.get('status')}")
    return headers
