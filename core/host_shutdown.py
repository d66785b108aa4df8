"""How a host shuts its loop down: one sequence, run as a task on the loop, for both hosts.

Cancel every task, let I/O settle, close the async generators, then (where the host's loop
leaves it to the sequence) the default executor's bounded exit. What differs between the hosts
is passed in: how the executor stops, and what keeps the calling thread's events flowing while
the sequence runs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from asyncio_lab.core.host import submit_threadsafe
from asyncio_lab.core.program.callbacks import drop_program_callbacks
from asyncio_lab.core.program.connections import close_connection_when_cancelled
from asyncio_lab.core.task_scope import lab_internal_context
from asyncio_lab.core.task_tree import made_by_asyncio

EXECUTOR_WAIT_S = 1.0  # shutdown waits this long for to_thread jobs, then leaves them behind
SHUTDOWN_TASK = "shutdown"  # the name of the task that runs the sequence on the loop

ExecutorShutdown = Callable[[], Awaitable[object]]
"""The default executor's bounded exit (stop, wait up to EXECUTOR_WAIT_S, leave the blocked
behind: see core/left_behind.py). A callable, not an awaitable: a sequence cancelled before
it gets there must not leave a coroutine never awaited."""

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
    # A chunk at a time, with a loop turn between two: each chunk's programs' tasks are
    # cancelled as soon as they are found, so tasks start ending at once (shutdown gives up
    # when none ends for a while).
    ours: list[asyncio.Task[Any]] = []
    for number, chunk in enumerate(_chunks(everything)):
        if number:
            await asyncio.sleep(0)
        found = [t for t in chunk if not made_by_asyncio(t)]
        _cancel(found)
        ours += found
    mine = set(ours)
    rest = [t for t in everything if not t.done() and t not in mine]
    for number, chunk in enumerate(_chunks(rest)):
        if number:
            await asyncio.sleep(0)
        _cancel(chunk)
    for chunk in (*_chunks(ours), *_chunks(rest)):
        await asyncio.gather(*chunk, return_exceptions=True)
    return len(everything)


def _cancel(tasks: list[asyncio.Task[Any]]) -> None:
    for task in tasks:
        close_connection_when_cancelled(task)
        task.cancel()


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


async def drain_loop(
    draining: Draining | None = None, shut_down_executor: ExecutorShutdown | None = None
) -> None:
    """The shutdown sequence, run as a task on the loop being shut down.

    Cancel every other task (:func:`cancel_everything`), let the transports they closed finish
    closing (:func:`let_io_settle`), close the async generators still suspended, then await
    ``shut_down_executor()`` if given. The threaded host gives its WorkerPool's exit; the
    integrated host gives none, because its LabQtLoop bounds qasync's executor in ``close()``,
    which runs even when this sequence was given up before its end.
    """
    await cancel_everything(asyncio.current_task(), draining)
    await let_io_settle()
    await asyncio.get_running_loop().shutdown_asyncgens()
    if shut_down_executor is not None:
        await shut_down_executor()


def start_drain_here(
    loop: asyncio.AbstractEventLoop, shut_down_executor: ExecutorShutdown | None = None
) -> asyncio.Task[None]:
    """Start :func:`drain_loop` on ``loop`` from its own thread, as the lab's own task (never
    shown), for a caller that then runs the loop until it is done (a loop stopped by user
    code, which no one else drives any more)."""
    return loop.create_task(
        drain_loop(None, shut_down_executor), name=SHUTDOWN_TASK, context=lab_internal_context()
    )


def drain_and_wait(
    loop: asyncio.AbstractEventLoop,
    stall: float,
    pump: Callable[[float], None] | None = None,
    shut_down_executor: ExecutorShutdown | None = None,
) -> bool:
    """Run :func:`drain_loop` on ``loop`` as the lab's own task (never shown) and wait while
    the tasks it cancelled keep ending, calling ``pump(seconds)`` meanwhile (by default, only
    waiting on the sequence: a thread with no events to keep flowing).

    Callable from any thread; the loop must be running, on its thread or, for a loop driven by
    the caller's events, through ``pump``. Returns False if it gave up because no task ended
    for ``stall`` seconds (one ignores its cancellation): the sequence is then cancelled, and
    the caller closes the loop all the same.
    """
    draining = Draining()
    drained = submit_threadsafe(
        loop,
        drain_loop(draining, shut_down_executor),
        SHUTDOWN_TASK,
        context=lab_internal_context(),
    )

    def wait(seconds: float) -> None:
        concurrent.futures.wait([drained], seconds)

    if draining.wait(drained.done, stall, pump or wait):
        return True
    drained.cancel()
    return False


GIVEN_UP_GRACE_S = 0.5  # how long a given-up sequence may take to end before its loop closes


def let_a_given_up_sequence_end(loop: asyncio.AbstractEventLoop) -> None:
    """On the loop's thread, after it stopped: a sequence :func:`drain_and_wait` gave up on
    was cancelled the moment the loop was told to stop, too late to end; closed now, the loop
    would leave it "destroyed but pending". Give it a few turns (at most GIVEN_UP_GRACE_S)."""
    left = [t for t in asyncio.all_tasks(loop) if t.get_name() == SHUTDOWN_TASK]
    if not left or loop.is_closed():
        return
    ending = loop.create_task(
        asyncio.wait(left, timeout=GIVEN_UP_GRACE_S), context=lab_internal_context()
    )
    with contextlib.suppress(RuntimeError):  # stopped again meanwhile
        loop.run_until_complete(ending)
