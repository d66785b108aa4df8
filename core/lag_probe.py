"""How late does the loop run a timer? A live measure of a blocked or overloaded loop.

The probe schedules a callback ``interval`` seconds ahead with ``call_later`` and, when it runs,
records how much later than planned that was, then schedules the next one. It is made of plain
callbacks, not a task, so it adds no rows to the task table and no bars to the timeline. It
works on any loop (plain asyncio, the threaded host, qasync on the GUI thread) and can be read
from any thread: samples go to a deque, whose appends are atomic.
"""

from __future__ import annotations

import asyncio
import collections
import linecache
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from asyncio_lab.core.learner_code import is_learners
from asyncio_lab.core.limits import BLOCK_THRESHOLD, LAG_INTERVAL
from asyncio_lab.core.traced_coro import coroutine_of, task_id_of


class LoopLagProbe:
    """Measures the loop's lag: how many seconds after its due time a timer callback runs.

    ``start(loop)`` may be called from any thread (it goes through ``call_soon_threadsafe``);
    ``stop()`` too. :meth:`current_lag` also counts a stall still in progress, so a window on
    another thread sees the lag grow while the loop is blocked, not only after.
    """

    def __init__(
        self,
        interval: float = LAG_INTERVAL,
        *,
        history: int = 600,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.interval = interval
        self.clock = clock
        self.samples: collections.deque[tuple[float, float]] = collections.deque(maxlen=history)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._generation = 0  # bumps on every start/stop, so an old chain of callbacks dies
        self._due: float | None = None  # clock() when the pending callback should run
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._loop is not None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Begin probing ``loop`` (stopping any earlier probing). Thread-safe."""
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._loop = loop
            self._due = None
        if _running_loop() is loop:
            self._arm(generation)  # on the loop's thread: the first timer is due from now
        else:
            loop.call_soon_threadsafe(self._arm, generation)

    def stop(self) -> None:
        """Stop probing; the pending callback finds out and does not reschedule. Thread-safe."""
        with self._lock:
            self._generation += 1
            self._loop = None
            self._due = None

    def _arm(self, generation: int) -> None:
        loop = self._loop
        if generation != self._generation or loop is None or loop.is_closed():
            return
        self._due = self.clock() + self.interval
        loop.call_later(self.interval, self._tick, generation)

    def _tick(self, generation: int) -> None:
        if generation != self._generation:
            return
        due = self._due
        now = self.clock()
        if due is not None:
            # A loop may run a timer up to its clock resolution early; that is no lag.
            self.samples.append((now, max(0.0, now - due)))
        self._arm(generation)

    # Reading, from any thread ----------------------------------------------------------------
    def latest(self) -> float:
        """The last measured lag in seconds (0 before the first sample)."""
        samples = self.samples
        return samples[-1][1] if samples else 0.0

    def current_lag(self) -> float:
        """The last measured lag, or the stall in progress if the loop is late right now."""
        due = self._due
        pending = self.clock() - due if due is not None and self.running else 0.0
        return max(self.latest(), pending)

    def worst_since(self, since: float) -> float:
        """The largest lag sampled at or after clock time ``since``."""
        return max((lag for at, lag in list(self.samples) if at >= since), default=0.0)

    def values(self) -> list[float]:
        return [lag for _, lag in list(self.samples)]


async def measure_lag_while(awaitable: Awaitable[Any], interval: float = LAG_INTERVAL) -> float:
    """Await ``awaitable`` while probing the running loop; return the worst lag seen (seconds)."""
    probe = LoopLagProbe(interval)
    started = probe.clock()
    probe.start(asyncio.get_running_loop())
    try:
        await awaitable
        await asyncio.sleep(interval * 2)  # let the probe report the end of a stall
    finally:
        probe.stop()
    return probe.worst_since(started)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


@dataclass(frozen=True, slots=True)
class StallSample:
    """Where the loop was stuck, seen from outside while it was stuck."""

    lag: float  # how late the probe was when the sample was taken
    task_id: int | None  # the tracker's id of the task whose step was running, if traced
    task_name: str | None
    file: str | None
    line: int | None
    code: str  # the source line, stripped ('' if unknown)


class StallWatcher:
    """A daemon thread that, when the probe is late by ``threshold``, notes the running line.

    A blocked loop cannot say where it is stuck; another thread can look. The watcher reads the
    loop's current task and follows its coroutine's ``cr_await`` chain to the innermost frame,
    whose ``f_lineno`` is the line running right now (``time.sleep(...)``, a busy loop ...).
    One sample per stall goes to ``on_stall`` (called on the watcher's thread).
    """

    def __init__(
        self,
        probe: LoopLagProbe,
        on_stall: Callable[[StallSample], None],
        *,
        threshold: float = BLOCK_THRESHOLD,
        poll: float = 0.02,
    ) -> None:
        self.probe, self.on_stall, self.threshold, self.poll = probe, on_stall, threshold, poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching (idempotent)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="stall-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(1.0)
            self._thread = None

    def _watch(self) -> None:
        reported_for: float | None = None
        while not self._stop.wait(self.poll):
            due, loop = self.probe._due, self.probe._loop
            if loop is not None and loop.is_closed():
                self.probe.stop()  # the host went away: nothing left to watch
                continue
            if due is None or loop is None or due == reported_for:
                continue
            lag = self.probe.clock() - due
            if lag > self.threshold:
                reported_for = due
                self.on_stall(sample_running_line(loop, lag))


def sample_running_line(loop: asyncio.AbstractEventLoop, lag: float = 0.0) -> StallSample:
    """The task running on ``loop`` now and the line its innermost coroutine is executing."""
    try:
        task = asyncio.current_task(loop)
    except RuntimeError:
        task = None
    if task is None:
        return StallSample(lag, None, None, None, None, "")
    task_id = task_id_of(task)
    coro = coroutine_of(task)
    frame = None
    for _ in range(50):  # down the await chain: the innermost coroutine holds the running line
        here = getattr(coro, "cr_frame", None)
        if here is not None and is_learners(here.f_code.co_filename):  # not asyncio's lines
            frame = here
        coro = getattr(coro, "cr_await", None)
        if coro is None:
            break
    if frame is None:
        return StallSample(lag, task_id, task.get_name(), None, None, "")
    file, line = frame.f_code.co_filename, frame.f_lineno
    if line is None:  # sampled from another thread mid-step, the frame may have no line yet
        return StallSample(lag, task_id, task.get_name(), file, None, "")
    code = linecache.getline(file, line).split("  #")[0].strip()  # the code, not its comment
    return StallSample(lag, task_id, task.get_name(), file, line, code)
