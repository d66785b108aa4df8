"""The coroutines behind the main window's buttons: tasks, timeouts, to_thread jobs, wait."""

from __future__ import annotations

import asyncio
import enum
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asyncio_lab.core.threads import current_thread_name

MAX_DURATION = 3600.0  # seconds; a bound people can read in the widget
MAX_BATCH = 10_000  # tasks launched by one click
MAX_BLOCKING = 60.0  # seconds a to_thread job may block


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


class JobFailed(Exception):
    """The exception a task raises when its chosen outcome is 'raise'."""


def check_duration(seconds: float, bound: float = MAX_DURATION) -> float:
    if not 0 <= seconds <= bound:
        raise ValueError(f"duration must be between 0 and {bound:g} s, not {seconds:g}")
    return seconds


def check_batch(count: int) -> int:
    if not 1 <= count <= MAX_BATCH:
        raise ValueError(f"the number of tasks must be between 1 and {MAX_BATCH:,}, not {count}")
    return count


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


@dataclass(frozen=True, slots=True)
class WaitResult:
    """What ``asyncio.wait`` returned, as task names, plus how long it took."""

    done: tuple[str, ...]
    pending: tuple[str, ...]
    elapsed: float
    mode: WaitMode
    timeout: float | None


async def wait_over(
    tasks: Iterable[asyncio.Task[Any]], mode: WaitMode, timeout: float | None
) -> WaitResult:
    """``asyncio.wait`` over ``tasks``. Pending tasks are *not* cancelled: they keep running."""
    tasks = list(tasks)
    if not tasks:
        raise ValueError("asyncio.wait needs at least one task")
    started = time.perf_counter()
    done, pending = await asyncio.wait(tasks, timeout=timeout, return_when=mode.value)
    return WaitResult(
        done=tuple(sorted(t.get_name() for t in done)),
        pending=tuple(sorted(t.get_name() for t in pending)),
        elapsed=time.perf_counter() - started,
        mode=mode,
        timeout=timeout,
    )


def fresh_batch(prefix: str = "wait") -> list[asyncio.Task[str]]:
    """The seed's example: three jobs of 1, 2 and 3 s (A, B, C). Call on the loop."""
    return [
        asyncio.create_task(sample_job(seconds, Outcome.RETURN), name=f"{prefix}-{letter}")
        for letter, seconds in (("A", 1.0), ("B", 2.0), ("C", 3.0))
    ]
