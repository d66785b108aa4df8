"""The loop in its own named thread, reached only through thread-safe calls."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from asyncio_lab.core.dilated_loop import DilatedEventLoop
from asyncio_lab.core.host import HostKind, TaskFuture, submit_to_host
from asyncio_lab.core.host_shutdown import (
    EXECUTOR_WAIT_S,
    drain_and_wait,
    let_a_given_up_sequence_end,
    start_drain_here,
)
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.tracker import Tracker
from asyncio_lab.core.worker_pool import WorkerPool

LOOP_THREAD_NAME = "asyncio-loop"


class ThreadedHost:
    """Runs ``loop.run_forever()`` in a background thread.

    Every call in goes through ``call_soon_threadsafe`` (see ``submit_threadsafe``); every
    result comes back as a :class:`TaskFuture` (a ``concurrent.futures.Future``) whose
    callbacks run on the loop thread (a GUI must relay them to its own thread). Its
    :attr:`monitor` probes the loop while it runs. Shutting down cancels all tasks, waits a
    bounded time for the default executor's jobs, closes the loop and joins the thread.
    """

    kind = HostKind.THREADED

    def __init__(
        self,
        tracker: Tracker | None = None,
        *,
        thread_name: str = LOOP_THREAD_NAME,
        monitor: LoopMonitor | None = None,
    ) -> None:
        self.tracker = tracker or Tracker()
        self.monitor = monitor or LoopMonitor()
        self._thread_name = thread_name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self.stopping = threading.Event()  # blocking jobs watch it so shutdown never hangs
        self._pool = WorkerPool()  # the loop's default executor (to_thread's threads)
        # Set when user code stopped the loop (``loop.stop()``): the thread then waits, with
        # its tasks frozen, for shutdown to cancel them on it.
        self._stopped_inside = threading.Event()
        self._drain_timeout = 2.0

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("the host has not been started")
        return self._loop

    @property
    def thread_name(self) -> str:
        return self._thread_name

    @property
    def is_running(self) -> bool:
        alive = self._thread is not None and self._thread.is_alive()
        return alive and not self._closed and not self._stopped_inside.is_set()

    def start(self, timeout: float = 10.0) -> None:
        """Start the loop thread and return once its loop runs (or raise what went wrong)."""
        if self._thread is not None:
            raise RuntimeError("a host starts once")
        started = threading.Event()
        failure: list[BaseException] = []
        self._loop = DilatedEventLoop()  # slow motion for lessons (see dilated_loop)
        self._thread = threading.Thread(
            target=self._run, args=(started, failure), name=self._thread_name, daemon=True
        )
        self._thread.start()
        if not started.wait(timeout):
            raise RuntimeError(f"the loop thread did not start within {timeout:g} s")
        if failure:
            raise RuntimeError("the loop thread failed to start") from failure[0]
        self.monitor.start(self._loop)

    def _run(self, started: threading.Event, failure: list[BaseException]) -> None:
        loop = self.loop
        try:
            asyncio.set_event_loop(loop)
            loop.set_default_executor(self._pool)
            self.tracker.install(loop)
        except BaseException as exc:
            failure.append(exc)
            started.set()
            loop.close()
            return
        loop.call_soon(started.set)
        try:
            loop.run_forever()
            if not self.stopping.is_set():
                # Something on the loop called loop.stop(). Closing the loop now would leave
                # its tasks pending forever (and destroyed pending, later): wait for
                # shutdown, then cancel them here, as shutdown does on a running loop.
                self._stopped_inside.set()
                self.stopping.wait()
                drained = start_drain_here(loop, self._shut_down_pool)
                loop.call_later(self._drain_timeout, loop.stop)  # tasks that will not end
                with contextlib.suppress(RuntimeError):  # stopped before they did
                    loop.run_until_complete(drained)
        finally:
            if self.stopping.is_set():
                let_a_given_up_sequence_end(loop)
            self.tracker.uninstall()
            loop.close()
            asyncio.set_event_loop(None)

    def submit(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> TaskFuture:
        return submit_to_host(self, coro, name)

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        if self.is_running:
            self.loop.call_soon_threadsafe(callback, *args)

    def shutdown(self, timeout: float = 2.0, pump: Callable[[float], None] | None = None) -> None:
        if self._closed or self._thread is None:
            return
        self._drain_timeout = timeout
        self.stopping.set()
        self.monitor.stop()  # cancelling everything is not a stall worth reporting
        loop = self.loop
        if self._stopped_inside.is_set():  # the thread drains the loop itself, now
            self._thread.join(timeout + 1.0)
        elif self._thread.is_alive():
            drain_and_wait(loop, timeout, pump, self._shut_down_pool)
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(timeout)
        self._closed = True

    async def _shut_down_pool(self) -> None:
        """The shutdown sequence's last step here (see core/host_shutdown.drain_loop)."""
        await self._pool.shut_down(EXECUTOR_WAIT_S)
