"""Seed §3: streams — servers, clients and the connections between them, all on this machine.

Every server listens on 127.0.0.1 with port 0, so the operating system picks a free port.
"""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Duration, Ending, Order, Raises, Value

ECHO_SERVER = lesson(
    id="streams.echo-server",
    chapter="3",
    title="TCP echo server with several clients at once",
    explanation="""
        `asyncio.start_server` listens and, for every connection, runs the handler coroutine
        as a new task — one `handler-<port>` task per client appears next to the client tasks
        (the port is the client's end, from `writer.get_extra_info("peername")`). Each handler
        reads a line, thinks for `delay` seconds and sends it back.

        Because every connection has its own task, the clients are served at the same time:
        the total is about one `delay`, not clients × delay.

        What to notice: `write()` only puts bytes in a buffer; `await drain()` is where the
        writer waits for room. `close()` only starts closing (`is_closing()` is True at once);
        `await wait_closed()` waits until it is closed. The server does not wait for the
        handler tasks it started, so the program keeps them and gathers them before it ends.
        The common mistake: forgetting the close, which leaks the socket (Python warns with a
        ResourceWarning).
    """,
    params=(
        Param.number("clients", 3, 1, 8, "clients connecting at once"),
        Param.number("delay", 1.0, 0.0, 5.0, "seconds the server takes per message", unit="s"),
    ),
    predictions=(
        Duration(
            "Three clients each send a request the server answers after 1 s. How long in all?",
            bounds=(1.5, 2.5),
            expect=1.1,
            why="The server runs one handler task per connection, so the three requests are served "
            "at once.",
        ),
    ),
)

SERVE_FOREVER = lesson(
    id="streams.serve-forever",
    chapter="3",
    title="serve_forever(), and the two ways to stop it",
    explanation="""
        A real server ends its `main` with `await server.serve_forever()`: it accepts
        connections until something stops it, and it never returns by itself. Here it runs in
        a task of its own while a client makes `requests` requests, and then the program
        stops it one of two ways:

        * `cancel` the task that runs `serve_forever()` — what Ctrl+C (or the lab's Stop)
          does to a `main` that awaits it;
        * `close()` the server — serve_forever() notices and ends the same way.

        Either way serve_forever() ends by raising CancelledError (the task shows as
        cancelled), `is_serving()` turns False, and the listening socket is closed, so a new
        client is refused. `asyncio.wait([task])` waits for the task without raising its
        CancelledError into main. The common mistake: catching CancelledError around
        `await serving` — if main itself is being cancelled, that swallows the stop.
    """,
    params=(
        Param.number("requests", 3, 1, 8, "requests the client makes while the server runs"),
        Param.number("pause", 0.5, 0.0, 2.0, "seconds between requests", unit="s"),
        Param.choice("stop_with", "cancel", ("cancel", "close"), "how the server is stopped"),
    ),
    predictions=(
        Ending(
            "The program cancels the serve-forever task. How does that task end?",
            task="serve-forever",
            answer="cancelled",
            why="Cancelling serve_forever() is how you stop it; it also closes the server.",
        ),
        Raises(
            "After the stop, a new client tries to connect. What does it get?",
            line="a new client is refused:",
            choices=("ConnectionRefusedError", "TimeoutError", NOTHING),
            answer="ConnectionRefusedError",
            why="The cancelled serve_forever() closed the listening socket.",
        ),
    ),
)

UNIX_ECHO = lesson(
    id="streams.unix-echo",
    chapter="3",
    title="Echo over a Unix domain socket",
    explanation="""
        The same echo, but over a Unix domain socket: a path in the file system instead of a
        host and port. `start_unix_server` and `open_unix_connection` return the same
        StreamReader/StreamWriter pair, so the rest of the code does not change, and
        `async for line in reader` reads line by line until the client closes its end.

        Unix sockets never leave the machine and skip the TCP/IP stack, which makes them a
        common choice between processes on one host. They exist on Linux and macOS but not
        on every platform (Windows' Python has no AF_UNIX); there the program says so and
        ends instead of failing.

        What to notice: the socket is a file — it shows up in the folder. Before Python 3.13
        it stayed behind after the server closed and had to be removed by hand; 3.13 removes
        it for you. Here the whole temporary folder goes either way.
    """,
    params=(Param.number("messages", 3, 1, 10, "messages sent over one connection"),),
    predictions=(
        Value(
            "What does the server's Unix socket look like in the folder?",
            line="the socket is a file in the folder:",
            choices=("['echo.sock']", "[]"),
            answer="['echo.sock']",
            why="A Unix socket has a path: it appears as a file until it is removed.",
        ),
    ),
)

SOCKETPAIR = lesson(
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
        writer closes the socket too, as the last line shows. The plain end is still ours to
        close.
    """,
    params=(Param.choice("text", "abc", ("abc", "hello", "socketpair"), "what to send"),),
    predictions=(
        Value(
            "Does closing the StreamWriter close its socket too?",
            line="closing the writer closed its socket too:",
            choices=("True", "False"),
            answer="True",
            why="The writer owns the transport, which owns the socket: close() closes them all.",
        ),
    ),
)

HTTP_HEAD = lesson(
    id="streams.http-head",
    chapter="3",
    title="Print the headers of an HTTP HEAD request",
    explanation="""
        The program starts its own tiny HTTP server on 127.0.0.1 (so no internet is needed),
        then acts as a client: it sends a HEAD request (the same as GET, but the answer has
        no body) and prints every header line until the server closes the connection.

        HTTP/1 is plain text: request line, headers, an empty line. The request goes out in
        one `writelines()` call (several byte strings, one after another). Header bytes are
        decoded as latin-1, which maps every byte to a character and so never fails.

        What to notice: `async for line in reader` reads line by line until end of stream.
        The common mistake: waiting for the end of the stream on a protocol that keeps the
        connection open — here HTTP/1.0 closes it after the answer, so the end comes.
    """,
    params=(Param.choice("path", "/", ("/", "/index.html", "/missing"), "the path to ask for"),),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("server got: HEAD / HTTP/1.0", "HTTP header> HTTP/1.0 200 OK"),
            why="The client sends its request first; the header lines come back only after the "
            "server "
            "read it.",
        ),
    ),
)
