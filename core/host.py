"""What every loop host offers: a loop somewhere, reachable from the GUI thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import enum
import threading
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from asyncio_lab.core.events import HandoffKind
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.threads import current_thread_name
from asyncio_lab.core.tracker import Tracker


class HostKind(enum.Enum):
    INTEGRATED = "integrated"  # the loop runs on the GUI thread, driven by Qt (qasync)
    THREADED = "threaded"  # the loop runs in its own thread; the GUI calls in thread-safely

    @property
    def blurb(self) -> str:
        return _BLURBS[self]


_BLURBS = {
    HostKind.INTEGRATED: "loop on the GUI thread (qasync): a blocking step freezes the window",
    HostKind.THREADED: "loop in a background thread: the window stays live, calls cross threads",
}


class LoopHost(Protocol):
    """A running asyncio loop plus the only sanctioned ways in."""

    kind: HostKind
    tracker: Tracker
    stopping: threading.Event  # set when shutdown begins; blocking jobs give up on it
    monitor: LoopMonitor  # probes the loop's lag from start until shutdown begins

    @property
    def loop(self) -> asyncio.AbstractEventLoop: ...

    @property
    def thread_name(self) -> str: ...

    @property
    def is_running(self) -> bool: ...

    def start(self) -> None: ...

    def submit(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> TaskFuture:
        """Run ``coro`` as a task (named ``name``) on the loop; callable from any thread."""
        ...

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the loop's thread, soon."""
        ...

    def shutdown(self, timeout: float = 2.0, pump: Callable[[float], None] | None = None) -> None:
        """Cancel every task, stop executor threads, close the loop. Idempotent. Waits while
        cancelled tasks keep ending; gives up after ``timeout`` s in which none ended. A caller
        on a GUI thread passes ``pump(seconds)`` to keep its events flowing meanwhile."""
        ...


def submit_to_host(host: LoopHost, coro: Coroutine[Any, Any, Any], name: str | None) -> TaskFuture:
    """What both hosts' ``submit`` do: refuse when stopped, record the hand-off, submit."""
    if not host.is_running:
        coro.close()
        raise RuntimeError(f"the {host.kind.value} loop is not running")
    label = name or str(getattr(coro, "__qualname__", type(coro).__name__))
    host.tracker.handoff(current_thread_name(), host.thread_name, HandoffKind.SUBMIT, label)
    return submit_threadsafe(host.loop, coro, name)


class TaskFuture(concurrent.futures.Future[Any]):
    """The outcome of a task running on a loop in (possibly) another thread.

    ``cancel()`` is concurrent.futures' own: it resolves this future at once. A GUI that wants
    to *stop* the work calls :meth:`request_cancel` instead: the task is cancelled on its loop
    and this future resolves only once the task has really finished, clean-up included, so
    "stopped" is never reported while the work still runs. It may be called again.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._loop = loop
        self._task: asyncio.Task[Any] | None = None
        self._cancel_requested = False

    def request_cancel(self) -> None:
        self._cancel_requested = True
        if self._task is not None:
            _call_threadsafe(self._loop, self._task.cancel)


def submit_threadsafe(
    loop: asyncio.AbstractEventLoop,
    coro: Coroutine[Any, Any, Any],
    name: str | None,
    *,
    context: contextvars.Context | None = None,
) -> TaskFuture:
    """Like ``asyncio.run_coroutine_threadsafe``, but the task gets ``name`` and no wrapper.

    With ``context``, the task runs in that very context (as ``Runner.run(..., context=)``
    does); without, in a copy of the caller's.

    The task is created on the loop's thread via ``call_soon_threadsafe``; its outcome is
    copied to the returned :class:`TaskFuture`. Cancelling that future cancels the task.
    """
    result = TaskFuture(loop)

    def start() -> None:
        if result.cancelled():
            coro.close()
            return
        try:
            task = loop.create_task(coro, name=name, context=context)
        except BaseException as exc:
            coro.close()
            result.set_exception(exc)
            return
        result._task = task
        if result._cancel_requested:
            task.cancel()
        task.add_done_callback(lambda t: _copy_outcome(t, result))

        def cancel_task_too(future: concurrent.futures.Future[Any]) -> None:
            if future.cancelled():
                _call_threadsafe(loop, task.cancel)

        result.add_done_callback(cancel_task_too)

    try:
        loop.call_soon_threadsafe(start)
    except RuntimeError:  # the loop is closed
        coro.close()
        raise
    return result


def _call_threadsafe(loop: asyncio.AbstractEventLoop, callback: Callable[[], Any]) -> None:
    with contextlib.suppress(RuntimeError):  # a loop closed meanwhile has nothing to cancel
        # In a context of its own: called from a program's task (its Stop), the callback
        # must not pass for one of the program's (see program.callbacks).
        loop.call_soon_threadsafe(callback, context=contextvars.Context())


def _copy_outcome(task: asyncio.Task[Any], result: concurrent.futures.Future[Any]) -> None:
    if result.done():
        return
    if task.cancelled():
        result.cancel()
    elif (exc := task.exception()) is not None:
        result.set_exception(exc)
    else:
        result.set_result(task.result())
