"""What every loop host offers: a loop somewhere, reachable from the GUI thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import enum
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, Protocol

from asyncio_lab.core.events import HandoffKind
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.program.callbacks import drop_program_callbacks
from asyncio_lab.core.program.connections import close_connection_when_cancelled
from asyncio_lab.core.task_tree import made_by_asyncio
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


CANCEL_CHUNK = 2_000  # tasks cancelled in one step before the loop gets a turn


class Draining:
    """How a shutdown's cancelling goes: the tasks asked to stop, and how many have ended.

    Filled on the loop's thread, read from any: shutdown waits while tasks keep ending and
    gives up only when none ended for a while (a task that ignores its cancellation). Ended
    tasks are counted by looking (``done()``), not by done callbacks: those queue behind every
    step still to run, and would report no progress while the loop works through a storm."""

    CHECK_EVERY = 0.25  # seconds between counts (a count of 100,000 tasks takes a few ms)

    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[Any]] = []

    def ended(self) -> int:
        return sum(1 for task in self.tasks.copy() if task.done())

    def wait(self, done: Callable[[], bool], stall: float, pump: Callable[[float], None]) -> bool:
        """Call ``pump(seconds)`` until ``done()``; False if no task ended for ``stall`` s."""
        seen, since = -1, time.monotonic()
        checked = since
        while not done():
            now = time.monotonic()
            if now - checked >= self.CHECK_EVERY or seen < 0:
                checked = now
                ended = self.ended()
                if ended != seen:
                    seen, since = ended, now
            if now - since > stall:
                return False
            pump(0.02)
        return True


async def cancel_everything(
    exclude: asyncio.Task[Any] | None = None, draining: Draining | None = None
) -> int:
    """Cancel every other task on the running loop and wait for all to finish.

    Returns how many tasks were cancelled. Errors the tasks raise while dying are retrieved so
    that asyncio never logs "exception was never retrieved" for them. Tasks are cancelled a few
    thousand at a time with a loop turn between, so a storm's 100,000 live tasks never make
    one step that holds the loop's thread (the GUI's, on the integrated host) for long.
    """
    drop_program_callbacks(asyncio.get_running_loop())  # before their tasks: see there
    everything = [t for t in asyncio.all_tasks() if t is not exclude and not t.done()]
    if draining is not None:
        draining.tasks = everything
    # The programs' tasks first: while they end, asyncio's own tasks finish the work they do
    # for them (a connection accepted, a child's pipes connected); then whatever is left.
    # Sorted, cancelled and waited for a chunk at a time, with a loop turn between two chunks.
    ours: list[asyncio.Task[Any]] = []
    for number, chunk in enumerate(_chunks(everything)):
        if number:
            await asyncio.sleep(0)
        ours += [t for t in chunk if not made_by_asyncio(t)]
    for batch in (ours, [t for t in everything if not t.done()]):
        for number, chunk in enumerate(_chunks(batch)):
            if number:
                await asyncio.sleep(0)
            for task in chunk:
                close_connection_when_cancelled(task)
                task.cancel()
        for chunk in _chunks(batch):
            await asyncio.gather(*chunk, return_exceptions=True)
    return len(everything)


def _chunks(tasks: list[asyncio.Task[Any]]) -> Iterator[list[asyncio.Task[Any]]]:
    for start in range(0, len(tasks), CANCEL_CHUNK):
        yield tasks[start : start + CANCEL_CHUNK]


IO_SETTLE_SECONDS = 0.1


async def let_io_settle() -> None:
    """Give transports closed by cancelled tasks time to finish closing before the loop does.

    A killed child's pipes, a closed socket: their connection_lost callbacks come a loop turn
    or more later, through the selector. Closing the loop first leaves them to be collected
    with "unclosed transport" and "Event loop is closed" warnings.
    """
    await asyncio.sleep(IO_SETTLE_SECONDS)


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
