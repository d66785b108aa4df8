"""The connections a server accepted: closed when their handler is cancelled, and when the server
closes before setting them up.

A server accepts a connection in one loop turn and sets it up (transport, protocol, the
handler task) in a task of asyncio's own, a turn later. Closed in between, as a stopped
program's server is, asyncio's set-up fails an assertion (``Server._attach``: the server is
closed), swallows it, and leaves the accepted socket open until the garbage collector finds it
("unclosed socket"). So the servers a program makes close those sockets first.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable
from typing import Any

from asyncio_lab.core.traced_coro import coroutine_of

_SET_UP = "_accept_connection2"  # asyncio's coroutine that sets an accepted connection up
_GUARDED = "_asyncio_lab_closes_unaccepted"  # set on a server close_unaccepted_on_close guards


def close_unaccepted_on_close(server: asyncio.Server) -> asyncio.Server:
    """Make ``server.close()`` first close the connections it accepted and has not set up.

    Once per server: the lab's loops do it for every server they start, and a program's
    ``asyncio.start_server`` again for the servers it records."""
    if getattr(server, _GUARDED, False):
        return server
    setattr(server, _GUARDED, True)
    close = server.close

    @functools.wraps(close)
    def closing() -> None:
        close_unaccepted(server)
        close()

    server.close = closing  # type: ignore[method-assign]
    return server


def set_ups_in_flight(servers: list[asyncio.Server]) -> list[asyncio.Task[Any]]:
    """The set-up tasks of connections ``servers`` accepted that have started and not ended:
    each makes a connection handler task when it ends. Call on the servers' loop."""
    if not servers:
        return []
    found = []
    for task in asyncio.all_tasks(servers[0].get_loop()):
        coro: Any = coroutine_of(task)
        if getattr(coro, "__name__", "") != _SET_UP or task.done():
            continue
        frame = getattr(coro, "cr_frame", None)
        if frame is not None and any(frame.f_locals.get("server") is s for s in servers):
            found.append(task)
    return found


def close_unaccepted(server: asyncio.Server) -> int:
    """Close the sockets ``server`` accepted whose set-up has not started; on its loop."""
    closed = 0
    for task in asyncio.all_tasks(server.get_loop()):
        coro: Any = coroutine_of(task)
        if getattr(coro, "__name__", "") != _SET_UP or task.done():
            continue
        if inspect.getcoroutinestate(coro) != inspect.CORO_CREATED:
            continue  # set up already: its transport is attached and closes with the server
        arguments = coro.cr_frame.f_locals
        if arguments.get("server") is not server:
            continue
        conn = arguments.get("conn")
        if conn is not None:
            conn.close()
        task.cancel()
        closed += 1
    return closed


_STREAM_DONE_CALLBACK = "StreamReaderProtocol.connection_made.<locals>.callback"


def close_connection_when_cancelled(task: asyncio.Task[Any]) -> None:
    """Make a connection handler task that is being cancelled close its connection when it
    ends, without an error. Any other task is left as it is; call it before ``task.cancel()``.

    asyncio's streams put a done callback on each handler task that closes the connection
    when the handler fails. Python 3.13 closes it when the handler is cancelled too (so a
    server's ``wait_closed`` can end); before, from 3.11.7, the callback calls
    ``task.exception()`` on the cancelled task, which raises into the loop's exception handler:
    a stopped program would end with an error it did not make. So the callback is wrapped:
    a cancelled handler's connection is closed, anything else goes to asyncio's own.
    """
    for callback, _ in list(getattr(task, "_callbacks", None) or ()):
        if getattr(callback, "__qualname__", "") != _STREAM_DONE_CALLBACK:
            continue
        transport = _closure_value(callback, "transport")
        task.remove_done_callback(callback)

        def done(
            task: asyncio.Task[Any],
            streams_own: Callable[..., Any] = callback,
            transport: Any = transport,
        ) -> None:
            if not task.cancelled():
                streams_own(task)
            elif transport is not None:
                transport.close()

        task.add_done_callback(done)


def _closure_value(function: Callable[..., Any], name: str) -> Any:
    code = getattr(function, "__code__", None)
    cells = getattr(function, "__closure__", None) or ()
    if code is None or name not in code.co_freevars:
        return None
    try:
        return cells[code.co_freevars.index(name)].cell_contents
    except (IndexError, ValueError):  # an empty cell
        return None
