"""Closing a server drops the connections it accepted but had not yet set up, and closes them.

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
from typing import Any

from asyncio_lab.core.traced_coro import coroutine_of

_SET_UP = "_accept_connection2"  # asyncio's coroutine that sets an accepted connection up


def close_unaccepted_on_close(server: asyncio.Server) -> asyncio.Server:
    """Make ``server.close()`` first close the connections it accepted and has not set up."""
    close = server.close

    @functools.wraps(close)
    def closing() -> None:
        close_unaccepted(server)
        close()

    server.close = closing  # type: ignore[method-assign]
    return server


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
