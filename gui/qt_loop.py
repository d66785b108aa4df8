"""An asyncio loop on the GUI thread: qasync's I/O and executor, a FIFO ready queue, exact timers.

Stock qasync gives every ``call_soon`` a Qt timer of its own, so its cost grows with the number
of callbacks queued, the order of callbacks is not guaranteed under load, and its timers are
rounded to whole milliseconds and may fire early. Here ready callbacks go to one FIFO deque
(asyncio's own ``_ready``), timers to asyncio's own heap, and a single precise ``QTimer`` runs
them in slices of at most :data:`SLICE_SECONDS`, so Qt can paint and take input between slices.
A timer callback never runs before its ``loop.time()`` deadline.

The loop runs in *guest mode*: :meth:`attach` makes it the running loop of the GUI thread while
Qt's own event loop (``QApplication.exec`` or a test's ``qtbot.waitUntil``) drives it, so it can
be created, stopped and replaced while the window lives.

What this needs of qasync's and asyncio's insides is named and checked in
:mod:`~asyncio_lab.gui.loop_internals`; this module uses no other private name.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import heapq
import math
import threading
import time
from asyncio.log import logger
from collections import deque
from collections.abc import Callable
from typing import Any

import qasync  # type: ignore[import-untyped]
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from asyncio_lab.core.dilated_loop import DilatedClock
from asyncio_lab.core.host_shutdown import EXECUTOR_WAIT_S
from asyncio_lab.core.server_start import start_or_close
from asyncio_lab.gui import loop_internals as internals

SLICE_SECONDS = 0.008  # run callbacks for at most this long before letting Qt paint
MAX_BATCH = 64  # callbacks run between two looks at the clock, at most
CHEAP_BATCH_SECONDS = 0.0005  # a batch faster than this may double


class _Waker(QObject):
    """Carries a wake-up from any thread to the GUI thread as a queued signal."""

    woken = Signal()


class _ThreadExecutor(qasync.QThreadExecutor):  # type: ignore[misc]
    """qasync's QThreadExecutor, with what a job raises kept in its future as
    ``concurrent.futures`` does, BaseExceptions included.

    qasync's worker catches only ``Exception``: a job ending in a BaseException (a program's
    ``time.sleep`` raises the lab's ProgramStopped when Stop lands, a BaseException so that an
    ``except Exception`` retry loop cannot swallow it) left its future running for ever and
    ended the worker's QThread with the error on stderr. Here the job runs inside a wrapper that
    settles the future itself, so the awaiting task hears the error and the worker goes on.
    """

    def submit(
        self, callback: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def job() -> None:
            if not future.set_running_or_notify_cancel():
                return  # cancelled while it waited in the queue
            try:
                result = callback(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - the future carries it, as stdlib's does
                future.set_exception(exc)
            else:
                future.set_result(result)

        super().submit(job)
        return future


class LabQtLoop(qasync.QEventLoop):  # type: ignore[misc]
    # asyncio.BaseEventLoop's own state, which this loop drives (see loop_internals). qasync's
    # class is untyped, so mypy would not know what asyncio keeps in them.
    _ready: deque[asyncio.Handle]
    _scheduled: list[internals.TimerHandle]  # a heap, earliest deadline first
    _timer_cancelled_count: int
    _thread_id: int | None
    _current_handle: asyncio.Handle | None
    _debug: bool
    _lab_executor: Any  # what run_in_executor(None, ...) uses (set_default_executor sets it)

    def __init__(self, app: Any = None) -> None:
        super().__init__(app)
        self._slice_pending = False  # a 0 ms shot is armed or a slice is running
        self._armed_when = math.inf  # loop time the timer is armed for, when waiting on a timer
        self._wake_requested = False
        self._attached = False
        self._in_slice = False
        self._detach_pending = False
        self.clock = DilatedClock(1.0)  # slow motion for lessons: see core/dilated_loop.py
        self._lab_executor = None  # the default executor, started on the first job as qasync's is
        self._qtimer = QTimer()
        self._qtimer.setSingleShot(True)
        self._qtimer.setTimerType(Qt.TimerType.PreciseTimer)
        self._qtimer.timeout.connect(self._run_slice)
        self._waker = _Waker()
        self._waker.woken.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)

    # Guest mode ---------------------------------------------------------------------------
    def attach(self) -> None:
        """Become the running loop of this (GUI) thread; Qt's event loop drives it from now."""
        if self._attached:
            return
        self._attached = True
        internals.set_qasync_running(self, True)
        self._thread_id = threading.get_ident()  # what asyncio's debug checks compare with
        internals.set_running_loop(self)
        if self._ready or self._scheduled:
            self._arm_soon()

    def detach(self) -> None:
        """Stop being the running loop. Pending callbacks stay queued until :meth:`close`.

        Called by a callback (``loop.stop()`` inside a task), it takes effect when that
        callback's batch is over, so no callback ever runs without a running loop.
        """
        if not self._attached:
            return
        if self._in_slice:
            self._detach_pending = True
            return
        self._attached = False
        internals.set_qasync_running(self, False)
        self._thread_id = None
        self._qtimer.stop()
        self._slice_pending = False
        self._armed_when = math.inf
        if internals.get_running_loop_or_none() is self:
            internals.set_running_loop(None)

    def stop(self) -> None:
        # qasync's stop quits the whole QApplication; a guest loop only detaches.
        if self._attached:
            self.detach()
        else:
            super().stop()

    def close(self) -> None:
        if self.is_closed():  # asyncio allows close() more than once
            return
        self.detach()
        self._qtimer.stop()
        self._waker.woken.disconnect(self._on_wake)
        executor = internals.take_default_executor(self)
        if executor is not None:
            internals.shut_down_executor(executor, EXECUTOR_WAIT_S)
            internals.delete_ended_workers(executor)
        super().close()
        internals.delete_qt_objects(self, self._qtimer, self._waker)

    # Scheduling -----------------------------------------------------------------------------
    def call_soon(
        self, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> asyncio.Handle:
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, "call_soon")
        handle = asyncio.Handle(callback, args, self, context)
        self._ready.append(handle)
        if not self._slice_pending:
            self._arm_soon()
        return handle

    def call_soon_threadsafe(
        self, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> asyncio.Handle:
        self._check_closed()
        if self._debug:
            self._check_callback(callback, "call_soon_threadsafe")
        handle = asyncio.Handle(callback, args, self, context)
        self._ready.append(handle)  # deque.append is atomic: safe from any thread
        if self._thread_id == threading.get_ident():
            # Called on the loop's own thread (the GUI submitting work): no signal needed.
            if not self._slice_pending:
                self._arm_soon()
        elif not self._wake_requested:
            self._wake_requested = True
            with contextlib.suppress(RuntimeError):  # closed (and its waker deleted) meanwhile
                self._waker.woken.emit()
        return handle

    def call_later(
        self, delay: float, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> asyncio.TimerHandle:
        if delay is None:
            raise TypeError("delay must not be None")
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(
        self, when: float, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> asyncio.TimerHandle:
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, "call_at")
        timer = internals.TimerHandle(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        if not self._slice_pending and when < self._armed_when:
            self._arm_for(when)
        return timer

    def time(self) -> float:
        return self.clock.now()

    # Executor -------------------------------------------------------------------------------
    def run_in_executor(
        self, executor: Any, func: Callable[..., Any], *args: Any
    ) -> asyncio.Future[Any]:
        if executor is None:
            if self._lab_executor is None:
                self.set_default_executor(_ThreadExecutor())
            executor = self._lab_executor
        future: asyncio.Future[Any] = super().run_in_executor(executor, func, *args)
        return future

    def set_default_executor(self, executor: Any) -> None:
        super().set_default_executor(executor)  # qasync shuts it down in close()
        self._lab_executor = executor

    # Servers: closed when their start is cancelled (see core/server_start.py) -----------------
    async def create_server(self, *args: Any, **kwargs: Any) -> asyncio.Server:
        return await start_or_close(super().create_server, self, *args, **kwargs)

    async def create_unix_server(self, *args: Any, **kwargs: Any) -> asyncio.Server:
        return await start_or_close(super().create_unix_server, self, *args, **kwargs)

    def set_speed(self, speed: float) -> None:
        """Run the loop's clock at ``speed`` (0.1: ten times slower). Call on the GUI thread."""
        self.clock.set_speed(speed)
        if not self._slice_pending:
            self._armed_when = math.inf
            self._rearm()  # the next timer's real wait changed

    # Driving -----------------------------------------------------------------------------------
    def _arm_soon(self) -> None:
        if self._attached:
            self._slice_pending = True
            self._armed_when = math.inf
            self._qtimer.start(0)

    def _arm_for(self, when: float) -> None:
        if not self._attached:
            return
        # Qt counts whole milliseconds: round up, and _run_slice re-arms if Qt fires early.
        delay_ms = max(0, math.ceil(self.clock.real_seconds(when - self.time()) * 1000))
        self._armed_when = when
        self._qtimer.start(delay_ms)

    def _on_wake(self) -> None:
        self._wake_requested = False  # cleared before draining, so no wake-up is ever lost
        if self._ready and not self._slice_pending:
            self._arm_soon()

    def _run_slice(self) -> None:
        if not self._attached or self.is_closed():
            return
        self._slice_pending = True
        self._armed_when = math.inf
        self._wake_requested = False
        self._in_slice = True
        try:
            self._run_ready()
        except BaseException:
            # KeyboardInterrupt/SystemExit escape Handle._run (asyncio lets them through);
            # the loop must not stay stalled with a slice marked pending that never comes.
            self._in_slice = False
            self._slice_pending = False
            self._rearm()
            raise
        finally:
            self._in_slice = False
        if self._detach_pending:  # stop() or detach() was called by a callback
            self._detach_pending = False
            self.detach()
            return
        if not self._attached:
            return
        if self._ready:
            self._qtimer.start(0)  # let Qt paint and take input, then go on
            return
        self._slice_pending = False
        self._drop_cancelled_timers()
        self._rearm()

    def _rearm(self) -> None:
        """Arm the Qt timer for what is due next: now if callbacks wait, else the next timer."""
        if not self._attached or self.is_closed():
            return
        if self._ready:
            self._arm_soon()
        elif self._scheduled:
            self._arm_for(self._scheduled[0]._when)

    def _drop_cancelled_timers(self) -> None:
        # As asyncio's _run_once does: cancelled timers leave the heap's head at once, and the
        # whole heap is rebuilt when most of it is cancelled (timeouts that finished early).
        scheduled = self._scheduled
        if self._timer_cancelled_count > 100 and self._timer_cancelled_count * 2 > len(scheduled):
            kept: list[internals.TimerHandle] = []
            for timer in scheduled:
                if timer._cancelled:
                    timer._scheduled = False
                else:
                    kept.append(timer)
            heapq.heapify(kept)
            self._scheduled = kept
            self._timer_cancelled_count = 0
            return
        while scheduled and scheduled[0]._cancelled:
            self._timer_cancelled_count -= 1
            heapq.heappop(scheduled)._scheduled = False

    def _run_ready(self) -> None:
        """Run ready callbacks in order, asyncio iteration by iteration, until the slice is over.

        The clock is read after each *batch* of callbacks, not after each one: a batch grows
        (1, 2, 4 … :data:`MAX_BATCH`) while batches stay cheap and drops back to one callback
        as soon as one is slow, so a slice overruns by at most one slow callback plus a few
        cheap ones, and a storm of trivial callbacks does not pay a clock read apiece.
        """
        ready = self._ready
        popleft = ready.popleft
        clock = time.perf_counter
        run_debug = self._run_handle_debug if self._debug else None
        last = clock()
        slice_end = last + SLICE_SECONDS
        batch = 1
        self._move_due_timers()
        while ready:
            # One asyncio iteration: the callbacks ready now, in order; new ones wait their turn.
            todo = len(ready)
            while todo:
                count = batch if batch < todo else todo
                todo -= count
                for _ in range(count):
                    handle = popleft()
                    if handle._cancelled:
                        continue
                    if run_debug is None:
                        handle._run()
                    else:
                        run_debug(handle)
                now = clock()
                if now >= slice_end or self._detach_pending:
                    return
                batch = batch << 1 if now - last < CHEAP_BATCH_SECONDS and batch < MAX_BATCH else 1
                last = now
            self._move_due_timers()

    def _run_handle_debug(self, handle: asyncio.Handle) -> None:
        # What asyncio's own _run_once does in debug mode: name the running handle and warn
        # about callbacks that hold the loop (here: the GUI) for too long.
        try:
            self._current_handle = handle
            start = self.time()
            handle._run()
            took = self.time() - start
            if took >= self.slow_callback_duration:
                logger.warning(
                    "Executing %s took %.3f seconds", internals.format_handle(handle), took
                )
        finally:
            self._current_handle = None

    def _move_due_timers(self) -> None:
        scheduled = self._scheduled
        now = self.time()
        while scheduled and scheduled[0]._when <= now:
            timer = heapq.heappop(scheduled)
            timer._scheduled = False
            if not timer._cancelled:
                self._ready.append(timer)
