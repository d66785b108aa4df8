"""A server whose start is cancelled is closed, not left listening.

``loop.create_server`` (and so ``asyncio.start_server``) makes the listening sockets, starts
serving, and then awaits one more loop turn before it returns the server. A task cancelled in
that turn (Cancel all or Stop just after a lesson's Run) gets CancelledError instead of the
server: nobody can close it, its sockets stay registered with the loop, accepting, until the
loop closes and the garbage collector finds them ("ResourceWarning: unclosed <socket ...>").

The lab's loops start their servers through :func:`start_or_close`: the same steps, but a
server whose last turn is cut short is closed before the error goes on. And every server they
start closes, when it is closed, the connections it accepted and has not set up yet
(:func:`~asyncio_lab.core.program.connections.close_unaccepted_on_close`): a program's
``loop.create_server`` as well as its ``asyncio.start_server``.
"""

from __future__ import annotations

import asyncio
from asyncio.log import logger
from collections.abc import Awaitable, Callable
from typing import Any

from asyncio_lab.core.program.connections import close_unaccepted_on_close


async def start_or_close(
    create: Callable[..., Awaitable[asyncio.Server]],
    loop: asyncio.AbstractEventLoop,
    *args: Any,
    start_serving: bool = True,
    **kwargs: Any,
) -> asyncio.Server:
    """``await create(*args, **kwargs)`` (a loop's own ``create_server`` or
    ``create_unix_server``), as asyncio does, closing the server if its start is cancelled."""
    server = await create(*args, start_serving=False, **kwargs)  # no await once it exists
    close_unaccepted_on_close(server)
    if start_serving:
        try:
            await server.start_serving()  # asyncio's own steps: serve, then one loop turn
        except BaseException:
            server.close()
            raise
        if loop.get_debug():
            logger.info("%r is serving", server)
    return server
