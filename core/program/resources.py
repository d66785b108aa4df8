"""What a program opened that cancelling its tasks does not close: children, servers, connections.

When the learner presses Stop, the lab cancels ``main`` and every task it started. That is not
enough for everything a program can own:

- a child process runs on when the task that started it is cancelled;
- ``start_server`` runs each connection's handler in a task made from a protocol callback: no
  task of the program started it, so it is not cancelled with ``main``;
- a server, or a connection, whose task was cancelled before it closed them stays open.

So the program's ``asyncio`` records them as they are made (see :func:`watched_api`), and when
``main`` ends, normally or stopped, :meth:`ProgramResources.release` cancels the connection
handlers still running, aborts the connections still open, closes the servers and kills and
reaps the children still running — on the loop, where they live. A program that cleans up after
itself (as a good one does) leaves nothing for it to do. Servers made with ``loop.create_server``
and sockets made with the ``socket`` module are not seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import os
import signal
import threading
import weakref
from collections.abc import Callable
from typing import Any

from asyncio_lab.core.program.callbacks import drop_program_callbacks
from asyncio_lab.core.program.connections import (
    close_connection_when_cancelled,
    close_unaccepted,
    close_unaccepted_on_close,
    set_ups_in_flight,
)
from asyncio_lab.core.task_tree import made_by_asyncio, tracked_descendants

GRACE_SECONDS = 1.0  # the longest release waits for a server or a child to finish closing

Report = Callable[[str], None]


class ProgramResources:
    """The children, servers, connections and connection handlers one program made."""

    def __init__(self, report: Report | None = None) -> None:
        self._report = report
        self._lock = threading.Lock()  # a thread of the program may run a loop of its own
        self._processes: list[tuple[asyncio.AbstractEventLoop, Any]] = []
        self._servers: list[tuple[asyncio.AbstractEventLoop, asyncio.Server]] = []
        self._transports: weakref.WeakKeyDictionary[Any, asyncio.AbstractEventLoop] = (
            weakref.WeakKeyDictionary()
        )
        # Each handler's coroutine, and the connection it serves.
        self._handlers: weakref.WeakKeyDictionary[Any, asyncio.BaseTransport] = (
            weakref.WeakKeyDictionary()
        )
        # The tasks that run the program's main coroutines (one per asyncio.run).
        self._mains: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()

    # Recording (called by the program's asyncio, on the loop that owns the thing) ----------
    def process(self, proc: Any) -> Any:
        loop = asyncio.get_running_loop()
        with self._lock:
            self._processes = [(lp, p) for lp, p in self._processes if p.returncode is None]
            self._processes.append((loop, proc))
        return proc

    def server(self, server: asyncio.Server) -> asyncio.Server:
        close_unaccepted_on_close(server)
        with self._lock:
            self._servers.append((asyncio.get_running_loop(), server))
        return server

    def stream(self, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self._transports[writer.transport] = asyncio.get_running_loop()

    def main(self, task: asyncio.Task[Any]) -> None:
        """Note the task that runs one of the program's main coroutines."""
        with self._lock:
            self._mains.add(task)

    def handler(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """``callback`` as a server calls it, noting the connection and the handler coroutine.

        A connection set up after the program's main was cancelled (Cancel all or Stop landed
        while asyncio was still setting it up) gets its handler cancelled before it runs, as
        the handlers running at that moment were: else it would serve a client the cancelled
        main is closing, and fail ("Unhandled exception in client_connected_cb: Connection
        lost"), while main, leaving ``async with server``, waits for it (Python 3.12+).
        """

        @functools.wraps(callback)
        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Any:
            self.stream(writer)
            result = callback(reader, writer)
            if asyncio.iscoroutine(result):  # the server runs it as a task of its own
                with self._lock:
                    self._handlers[result] = writer.transport
                if self._main_cancelled():  # its task is made once this returns: then cancel
                    asyncio.get_running_loop().call_soon(
                        self._cancel_handler, result, context=contextvars.Context()
                    )
            return result

        return connected

    def _main_cancelled(self) -> bool:
        with self._lock:
            mains = list(self._mains)
        return any(not t.done() and t.cancelling() > 0 for t in mains)

    def _cancel_handler(self, coro: Any) -> None:
        for task in asyncio.all_tasks():
            own = task.get_coro()
            if getattr(own, "wrapped", own) is coro and not task.done():
                close_connection_when_cancelled(task)
                task.cancel()

    # Letting go (on the loop, after main) --------------------------------------------------
    def cancel_handlers(self) -> list[asyncio.Task[Any]]:
        """Cancel the connection handlers running on this loop, and the tasks they started."""
        loop = asyncio.get_running_loop()
        with self._lock:
            mine = [
                task
                for task in asyncio.all_tasks(loop)
                if not task.done() and self._connection_of(task) is not None
            ]
        if not mine:
            return []
        for task in mine:
            close_connection_when_cancelled(task)
        started = [t for t in tracked_descendants(*mine) if not t.done() and not made_by_asyncio(t)]
        everything = [*mine, *started]
        for task in everything:
            task.cancel()
        return everything

    def _connection_of(self, task: asyncio.Task[Any]) -> asyncio.BaseTransport | None:
        coro = task.get_coro()
        coro = getattr(coro, "wrapped", coro)  # the tracker wraps each task's coroutine
        try:
            return self._handlers.get(coro)
        except TypeError:  # a coroutine that takes no weak reference is no handler of ours
            return None

    async def release(self) -> None:
        """Close on this loop whatever the program left open; report what had to be closed."""
        loop = asyncio.get_running_loop()
        drop_program_callbacks(loop, self)  # as closing asyncio.run's loop would
        with self._lock:
            own_servers = [s for lp, s in self._servers if lp is loop]
        for server in own_servers:
            close_unaccepted(server)
        # A connection being set up makes its handler when that ends: let it, then cancel.
        in_flight = set_ups_in_flight(own_servers)
        if in_flight:
            await asyncio.wait(in_flight, timeout=GRACE_SECONDS)
        handlers = self.cancel_handlers()
        if handlers:
            await asyncio.gather(*handlers, return_exceptions=True)
        with self._lock:
            transports = [t for t, lp in self._transports.items() if lp is loop]
            servers = [s for lp, s in self._servers if lp is loop]
            processes = [p for lp, p in self._processes if lp is loop]
            self._servers = [(lp, s) for lp, s in self._servers if lp is not loop]
            self._processes = [(lp, p) for lp, p in self._processes if lp is not loop]
        left: list[str] = []

        open_transports = [t for t in transports if not t.is_closing()]
        for transport in transports:
            transport.abort()  # also one still flushing to a peer that will never read
        if open_transports:
            left.append(f"aborted {len(open_transports)} open connection(s)")

        open_servers = [s for s in servers if s.is_serving() or s.sockets]
        for server in servers:
            server.close()
        for server in servers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), GRACE_SECONDS)
        if open_servers:
            left.append(f"closed {len(open_servers)} server(s)")

        running = [p for p in processes if p.returncode is None]
        for proc in running:
            _kill(proc)
        for proc in processes:
            if proc.stdin is not None:
                proc.stdin.close()
            # Reaped: no zombie. A grandchild that holds the pipes keeps wait() waiting.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(proc.wait(), GRACE_SECONDS)
        if running:
            pids = ", ".join(str(p.pid) for p in running)
            left.append(f"killed and reaped {len(running)} child process(es) (pid {pids})")

        drop_program_callbacks(loop, self)  # those the closing connections scheduled
        if left and self._report is not None:
            self._report(f"the program left things open; the lab {'; '.join(left)}")


def _kill(proc: Any) -> None:
    """Kill a child without reaping it: its watcher must be the one to reap it.

    ``Process.kill()`` goes through ``Popen.send_signal``, which first polls the child: one
    that has just exited is reaped there, and asyncio's child watcher, waiting for it in its
    own thread, then logs "Unknown child process pid ..., will report returncode 255". So a
    child that exited already is left to the watcher, and a running one gets the signal
    directly (where the platform can look without reaping).
    """
    pid = proc.pid
    try:
        if hasattr(os, "waitid") and hasattr(os, "WNOWAIT"):
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return  # exited: a zombie until its watcher reaps it
            os.kill(pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, ChildProcessError):  # ended, and reaped, meanwhile
        pass


def watched_api(resources: ProgramResources) -> dict[str, Callable[..., Any]]:
    """asyncio's functions that make children, servers and connections, recording what they made.

    Each takes and returns exactly what asyncio's own does.
    """
    api: dict[str, Callable[..., Any]] = {}

    def wrap(name: str, note: Callable[[Any], Any]) -> None:
        original = getattr(asyncio, name, None)
        if original is None:  # start_unix_server on Windows
            return

        @functools.wraps(original)
        async def watched(*args: Any, **kwargs: Any) -> Any:
            return note(await original(*args, **kwargs))

        api[name] = watched

    def streams(pair: tuple[asyncio.StreamReader, asyncio.StreamWriter]) -> Any:
        resources.stream(pair[1])
        return pair

    wrap("create_subprocess_exec", resources.process)
    wrap("create_subprocess_shell", resources.process)
    wrap("open_connection", streams)
    wrap("open_unix_connection", streams)

    def serve(name: str) -> None:
        original = getattr(asyncio, name, None)
        if original is None:
            return

        @functools.wraps(original)
        async def watched(
            client_connected_cb: Callable[..., Any], *args: Any, **kwargs: Any
        ) -> Any:
            server = await original(resources.handler(client_connected_cb), *args, **kwargs)
            return resources.server(server)

        api[name] = watched

    serve("start_server")
    serve("start_unix_server")
    return api
