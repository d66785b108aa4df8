"""The coroutines behind the main window's buttons: tasks, timeouts, to_thread jobs, wait."""

from __future__ import annotations

import asyncio
import enum
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asyncio_lab.core.events import WaitEvent
from asyncio_lab.core.params import Param
from asyncio_lab.core.program.callbacks import drop_program_callbacks
from asyncio_lab.core.program.connections import close_connection_when_cancelled
from asyncio_lab.core.task_tree import made_by_asyncio
from asyncio_lab.core.threads import current_thread_name
from asyncio_lab.core.traced_coro import task_id_of
from asyncio_lab.core.wait_sets import named_set

MAX_DURATION = 3600.0  # seconds; a bound people can read in the widget
MAX_BATCH = 10_000  # tasks launched by one click
MAX_BLOCKING = 60.0  # seconds a to_thread job may block

# The window's inputs, with the bounds and messages it shows (one source of truth).
DURATION = Param.number("duration", 2.0, 0.0, MAX_DURATION, "how long the task sleeps", "s")
BATCH = Param.number("count", 10, 1, MAX_BATCH, "how many tasks one click launches")
LIMIT = Param.number("limit", 1.0, 0.0, MAX_DURATION, "the time limit", "s")
BLOCKING = Param.number("blocking", 1.5, 0.0, MAX_BLOCKING, "how long the thread is blocked", "s")
WAIT_TIMEOUT = Param.number(
    "wait timeout", 2.0, 0.0, MAX_DURATION, "asyncio.wait's timeout (0: none)", "s"
)


class Outcome(enum.Enum):
    RETURN = "return a value"
    RAISE = "raise an exception"
    FOREVER = "run forever"


class TimeoutStyle(enum.Enum):
    TIMEOUT = "asyncio.timeout"
    WAIT_FOR = "asyncio.wait_for"


class WaitMode(enum.Enum):
    FIRST_COMPLETED = asyncio.FIRST_COMPLETED
    FIRST_EXCEPTION = asyncio.FIRST_EXCEPTION
    ALL_COMPLETED = asyncio.ALL_COMPLETED


class WaitScope(enum.Enum):
    """Which tasks the wait button waits on."""

    SELECTED = "the selected tasks"
    LIVE = "every live task"
    FRESH = "a fresh batch: A 1 s, B 2 s (raises), C 3 s"


class JobFailed(Exception):
    """The exception a task raises when its chosen outcome is 'raise'."""


async def sample_job(seconds: float, outcome: Outcome) -> str:
    """Sleep, then return, raise or keep sleeping, as chosen."""
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    if outcome is Outcome.RAISE:
        raise JobFailed(f"failed on purpose after {seconds:g} s")
    while outcome is Outcome.FOREVER:
        await asyncio.sleep(3600)
    return f"slept {time.perf_counter() - started:.2f} s"


async def job_under_timeout(
    seconds: float, outcome: Outcome, limit: float, style: TimeoutStyle
) -> str:
    """Run :func:`sample_job` under a time limit; past it the job ends in TimeoutError."""
    if style is TimeoutStyle.TIMEOUT:
        async with asyncio.timeout(limit):
            return await sample_job(seconds, outcome)
    # Before Python 3.12 wait_for wraps the job in a task of its own: watch it get cancelled.
    return await asyncio.wait_for(sample_job(seconds, outcome), limit)


def blocking_sleep(seconds: float, stopping: threading.Event) -> str:
    """A blocking call, as ``time.sleep(seconds)`` would be; returns the thread that ran it.

    It waits on ``stopping`` rather than calling ``time.sleep`` so that quitting the app can cut
    it short: once a thread has started a job, asyncio has no way to cancel it — cancelling the
    awaiting task leaves the job running, which is exactly what the inspector shows.
    """
    stopping.wait(seconds)
    return current_thread_name()


async def run_in_thread(seconds: float, stopping: threading.Event) -> str:
    """Await a blocking job in the default executor; the result names the worker thread."""
    worker = await asyncio.to_thread(blocking_sleep, seconds, stopping)
    return f"ran on {worker}"


@dataclass(frozen=True, slots=True, repr=False)
class WaitResult:
    """What ``asyncio.wait`` returned, as task names, plus how long it took. Its repr is what
    the task table and the log show as the wait task's result: the two sets, by name."""

    done: tuple[str, ...]  # task names, in creation order
    pending: tuple[str, ...]
    done_ids: tuple[int, ...]  # the same tasks' tracker ids (-1: untracked), to follow them
    pending_ids: tuple[int, ...]
    elapsed: float
    mode: WaitMode
    timeout: float | None

    def to_event(self, t: float = 0.0, thread: str = "") -> WaitEvent:
        """The result as the event the store keeps, so replay can show it again."""
        return WaitEvent(
            t, thread, self.mode.name, self.timeout, self.elapsed,
            self.done_ids, self.pending_ids, self.done, self.pending,
        )  # fmt: skip

    def __repr__(self) -> str:
        return f"done={{{', '.join(self.done)}}}, pending={{{', '.join(self.pending)}}}"


def describe_wait_call(mode: WaitMode, timeout: float | None) -> str:
    """``asyncio.wait(return_when=FIRST_COMPLETED, no timeout)``: the call, in words."""
    limit = "no timeout" if timeout is None else f"timeout={timeout:g} s"
    return f"asyncio.wait(return_when={mode.name}, {limit})"


async def wait_over(
    tasks: Iterable[asyncio.Task[Any]], mode: WaitMode, timeout: float | None
) -> WaitResult:
    """``asyncio.wait`` over ``tasks``. Pending tasks are *not* cancelled: they keep running."""
    tasks = list(tasks)
    if not tasks:
        raise ValueError("asyncio.wait needs at least one task")
    started = time.perf_counter()
    done, pending = await asyncio.wait(tasks, timeout=timeout, return_when=mode.value)
    done_ids, done_names = named_set(done)
    pending_ids, pending_names = named_set(pending)
    return WaitResult(
        done=done_names,
        pending=pending_names,
        done_ids=done_ids,
        pending_ids=pending_ids,
        elapsed=time.perf_counter() - started,
        mode=mode,
        timeout=timeout,
    )


FRESH_BATCH = (("A", 1.0, Outcome.RETURN), ("B", 2.0, Outcome.RAISE), ("C", 3.0, Outcome.RETURN))


def fresh_batch(prefix: str = "wait") -> list[asyncio.Task[str]]:
    """Three jobs of 1, 2 and 3 s (A, B, C); B raises, so each return_when answers at its own
    moment: FIRST_COMPLETED after A, FIRST_EXCEPTION after B, ALL_COMPLETED after C. Call on
    the loop. B's exception is read when it ends (the wait shows it; nobody else would)."""
    tasks = []
    for letter, seconds, outcome in FRESH_BATCH:
        task = asyncio.create_task(sample_job(seconds, outcome), name=f"{prefix}-{letter}")
        task.add_done_callback(_read_outcome)
        tasks.append(task)
    return tasks


def _read_outcome(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()


def tracked_tasks(task_ids: Iterable[int] | None = None) -> list[asyncio.Task[Any]]:
    """The running loop's tasks that the tracker knows, optionally only those ids.

    Call on the loop's thread. Used to act on rows a person selected in the inspector.
    """
    wanted = None if task_ids is None else set(task_ids)
    found: list[tuple[int, asyncio.Task[Any]]] = []
    for task in asyncio.all_tasks():
        task_id = task_id_of(task)
        if task_id is not None and (wanted is None or task_id in wanted):
            found.append((task_id, task))
    return [task for _, task in sorted(found, key=lambda pair: pair[0])]


def cancel_tracked(task_ids: Iterable[int] | None = None) -> int:
    """Cancel the given tracked tasks; returns how many.

    ``None`` means every task a person or a program made, not the tasks asyncio made for its
    own work (see :func:`~asyncio_lab.core.task_tree.made_by_asyncio`), which end by
    themselves. A cancelled connection handler closes its connection.
    """
    tasks = [
        t
        for t in tracked_tasks(task_ids)
        if not t.done() and (task_ids is not None or not made_by_asyncio(t))
    ]
    if task_ids is None:  # every program's tasks: their queued callbacks go first
        drop_program_callbacks(asyncio.get_running_loop())
    for task in tasks:
        close_connection_when_cancelled(task)
        task.cancel()
    return len(tasks)


async def wait_over_ids(
    task_ids: Iterable[int] | None, mode: WaitMode, timeout: float | None
) -> WaitResult:
    """``asyncio.wait`` over tracked tasks by id (or over every other live tracked task)."""
    me = asyncio.current_task()
    tasks = [t for t in tracked_tasks(task_ids) if t is not me and not t.done()]
    if not tasks:
        raise ValueError("no live task to wait for: launch some, or use a fresh batch")
    return await wait_over(tasks, mode, timeout)


async def wait_over_fresh_batch(mode: WaitMode, timeout: float | None) -> WaitResult:
    """The seed's case: jobs of 1, 2 and 3 s (the second raises), waited on together."""
    return await wait_over(fresh_batch(), mode, timeout)


_background: set[asyncio.Task[Any]] = set()  # strong refs, so batch tasks are not collected


def _retrieve(task: asyncio.Task[Any]) -> None:
    _background.discard(task)
    if not task.cancelled():
        task.exception()  # its outcome is in the inspector; asyncio need not log it again


async def launch_batch(count: int, seconds: float, outcome: Outcome, first: int) -> int:
    """Create ``count`` tasks named job-<first>… on the loop in one hop; don't wait for them."""
    for number in range(first, first + count):
        task = asyncio.create_task(sample_job(seconds, outcome), name=f"job-{number}")
        _background.add(task)
        task.add_done_callback(_retrieve)
    return count
