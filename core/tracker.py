"""Record every task's life on a loop, from any host, without knowing who is watching."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import itertools
import sys
import threading
import time
import types
from collections.abc import Callable, Coroutine
from typing import Any

from asyncio_lab.core.awaiting import describe_wait
from asyncio_lab.core.buffer import EventBuffer
from asyncio_lab.core.describe import callable_name, describe_exception, short_repr
from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LogEvent,
    LogLevel,
    PrimitiveEvent,
    ProgressEvent,
    TaskState,
)
from asyncio_lab.core.task_scope import (
    HOUSEKEEPING,
    is_lab_internal,
    name_asked_by,
)
from asyncio_lab.core.threads import current_thread_name
from asyncio_lab.core.traced_coro import TracedCoroutine, task_id_of

TaskFactory = Callable[..., "asyncio.Future[Any]"]
_NATIVE_COROUTINE = types.CoroutineType
# Raw task records carry a state's value (see buffer.TASK_FIELDS); drain turns it back.
_PENDING = TaskState.PENDING.value
_RUNNING = TaskState.RUNNING.value
_SUSPENDED = TaskState.SUSPENDED.value
_DONE = TaskState.DONE.value
_CANCELLED = TaskState.CANCELLED.value
_FAILED = TaskState.FAILED.value
_threads = threading.local()


def _thread_name() -> str:
    """``current_thread_name()``, with the thread object cached per thread (not per ident:
    idents are reused as soon as a thread ends). Its name is still read on every call."""
    try:
        thread = _threads.thread
    except AttributeError:
        current_thread_name()  # names a thread Python did not start, once
        thread = _threads.thread = threading.current_thread()
    return thread.name  # type: ignore[no-any-return]


class Tracker:
    """Hooks a loop's task creation and executor, and appends events to a buffer.

    It installs a task factory that *wraps* whatever factory is installed already, and keeps
    wrapping any factory installed later (the eager-task demo installs its own). Each task's
    coroutine is wrapped in a :class:`TracedCoroutine`, which reports steps and the end.
    Everything lands in :attr:`buffer` as immutable records; the tracker never calls a reader.
    """

    def __init__(self, *, clock: Callable[[], float] = time.perf_counter) -> None:
        self.buffer = EventBuffer()
        self._clock = clock
        self._t0 = clock()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._inner_factory: TaskFactory | None = None
        self._next_name: str | None = None
        self._unannounced: dict[int, tuple[Any, ...]] = {}  # task id -> its PENDING record
        self._last_id = 0  # the id the factory gave the task it made last
        self._last_announced = ""  # the name the task made last was announced under
        self._patched: list[str] = []
        self._previous_handler: Callable[..., Any] | None = None

    # Time ---------------------------------------------------------------------------------
    def now(self) -> float:
        """Seconds since the tracker was made: the time base of every event."""
        return self._clock() - self._t0

    # Installing on a loop -----------------------------------------------------------------
    @property
    def installed(self) -> bool:
        """Whether the tracker watches a loop right now."""
        return self._loop is not None

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start tracking ``loop``. Call on the loop's thread or before the loop runs."""
        self._loop = loop
        self._inner_factory = loop.get_task_factory()
        loop.set_task_factory(self._factory)
        self._patch(loop, "set_task_factory", self._set_inner_factory)
        self._patch(loop, "get_task_factory", self._get_inner_factory)
        self._patch(loop, "create_task", self._create_task_shim(loop.create_task))
        self._patch(loop, "run_in_executor", self._executor_shim(loop.run_in_executor))
        self._previous_handler = loop.get_exception_handler()
        loop.set_exception_handler(self._on_loop_error)

    def uninstall(self) -> None:
        loop = self._loop
        if loop is None:
            return
        for attr in self._patched:
            with contextlib.suppress(AttributeError):
                delattr(loop, attr)
        self._patched.clear()
        loop.set_task_factory(self._inner_factory)
        if self._previous_handler is not None:
            loop.set_exception_handler(self._previous_handler)
        # else the tracker keeps hearing the loop: a task of it collected later ("Task
        # exception was never retrieved", once a console name lets go of it) is an event in
        # the log, not a line on a stderr nobody reads.
        self._previous_handler = None
        self._loop = None

    def _patch(self, loop: asyncio.AbstractEventLoop, attr: str, value: Any) -> None:
        # Instance attributes shadow the class's methods; a loop written in C (uvloop) may
        # refuse them, and then tracking still works, only with less detail.
        try:
            setattr(loop, attr, value)
        except AttributeError:
            return
        self._patched.append(attr)

    def _set_inner_factory(self, factory: TaskFactory | None) -> None:
        # Code that saves get_task_factory() and restores it later hands us our own factory.
        self._inner_factory = None if factory == self._factory else factory

    def _get_inner_factory(self) -> TaskFactory | None:
        # Report the factory a program installed, not ours: save-and-restore stays correct.
        return self._inner_factory

    def _create_task_shim(self, original: Callable[..., Any]) -> Callable[..., Any]:
        # The task's name is set only after the factory returns; remember it for the factory.
        def create_task(coro: Any, *, name: str | None = None, **kwargs: Any) -> Any:
            # One name from the first event on: the log must not call it "#3 job()" first.
            self._next_name = name or name_asked_by(sys._getframe(1))
            try:
                task = original(coro, name=name, **kwargs)  # context=, and eager_start= (3.14)
            finally:
                self._next_name = None
            if name is None and task.get_name() == "None":
                # Python 3.13.0 names an unnamed task "None" when a task factory is installed.
                # (An eager task done on return no longer holds its coroutine: use the id.)
                task.set_name(self._last_announced or f"Task-{self._last_id}")
            return task

        return create_task

    # The factory ----------------------------------------------------------------------------
    def _factory(self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> Any:
        return self._make_task(self._inner_factory, loop, coro, kwargs)

    def tracking(self, factory: TaskFactory) -> TaskFactory:
        """``factory`` for a program that calls it itself (``asyncio.eager_task_factory(loop,
        coro, name=...)`` makes a task without create_task): tasks it makes on the watched
        loop are tracked too. Installed as the loop's factory, it simply wraps nothing twice."""

        @functools.wraps(factory)
        def made_directly(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> Any:
            if loop is not self._loop:
                return factory(loop, coro, **kwargs)
            return self._make_task(factory, loop, coro, kwargs)

        return made_directly

    def _make_task(
        self,
        inner: TaskFactory | None,
        loop: asyncio.AbstractEventLoop,
        coro: Any,
        kwargs: dict[str, Any],
    ) -> Any:
        kind = type(coro)
        if (
            not is_lab_internal(kwargs)
            and (
                kind is _NATIVE_COROUTINE
                or (isinstance(coro, Coroutine) and not isinstance(coro, TracedCoroutine))
            )
            and getattr(coro, "cr_code", None) not in HOUSEKEEPING
        ):
            task_id = self._last_id = next(self._ids)
            self._last_announced = ""
            # create_task names a task only after the factory returns; until its first step
            # the task is known by its coroutine (the event's coro_name).
            name = self._next_name or kwargs.get("name")
            self._next_name = None
            parent = asyncio.current_task(loop)
            parent_id = task_id_of(parent) if parent is not None else None
            traced = TracedCoroutine(coro, self, task_id, parent_id)
            traced.name = name
            # A TaskEvent's values in buffer.TASK_FIELDS order; the reader builds the event.
            pending = (
                self._clock() - self._t0,
                task_id,
                name,
                _PENDING,
                _thread_name(),
                None,
                None,
                None,
                getattr(coro, "__name__", None),
                parent_id,
            )
            if name is not None:
                self.buffer.record_task(pending)
            else:  # named by the Task itself ("Task-7"): announced once it exists
                self._unannounced[task_id] = pending
            coro = traced
        else:
            traced = None
        task: asyncio.Future[Any] | None = None
        try:
            if inner is None:
                task = asyncio.Task(coro, loop=loop, **kwargs)
            else:
                task = inner(loop, coro, **kwargs)
        finally:
            if traced is not None:
                self._announce(traced.task_id, task)
        if traced is not None and isinstance(task, asyncio.Task) and not task.done():
            traced.task = task
        return task

    def _announce(self, task_id: int, task: Any = None) -> None:
        """Record an unnamed task's PENDING event, under the name its Task gave it."""
        pending = self._unannounced.pop(task_id, None)
        if pending is not None and isinstance(task, asyncio.Task):
            self._last_announced = task.get_name()
            pending = (*pending[:2], self._last_announced, *pending[3:])
        if pending is not None:
            self.buffer.record_task(pending)

    # The StepObserver protocol: called by each task's TracedCoroutine -----------------------
    def step_started(self, traced: TracedCoroutine) -> None:
        task = traced.task
        if task is None:  # an eager task's step inside the factory
            self._eager_step(traced, _RUNNING)
            return
        self.buffer.record_task(
            (self._clock() - self._t0, traced.task_id, task.get_name(), _RUNNING, _thread_name())
        )

    def step_suspended(self, traced: TracedCoroutine, yielded: Any) -> None:
        task = traced.task
        awaiting, line, awaited_ids = describe_wait(traced.wrapped, yielded)
        if task is None:
            self._eager_step(traced, _SUSPENDED, awaiting, line, awaited_ids=awaited_ids)
            return
        if awaited_ids:
            record: tuple[Any, ...] = (
                self._clock() - self._t0,
                traced.task_id,
                task.get_name(),
                _SUSPENDED,
                _thread_name(),
                awaiting,
                line,
                None,
                None,
                None,
                awaited_ids,
            )
        else:
            record = (
                self._clock() - self._t0,
                traced.task_id,
                task.get_name(),
                _SUSPENDED,
                _thread_name(),
                awaiting,
                line,
            )
        self.buffer.record_task(record)

    def finished(self, traced: TracedCoroutine, exc: BaseException) -> None:
        task = traced.task
        traced.task = None  # break the task -> coro -> wrapper -> task cycle early
        if isinstance(exc, StopIteration):
            value = exc.value
            state, outcome = _DONE, "None" if value is None else short_repr(value)
        elif isinstance(exc, asyncio.CancelledError):
            state, outcome = _CANCELLED, "CancelledError"
        else:
            state, outcome = _FAILED, describe_exception(exc)
        if task is None:  # an eager task that ended inside the factory
            self._eager_step(traced, state, outcome=outcome)
            return
        self.buffer.record_task(
            (
                self._clock() - self._t0,
                traced.task_id,
                task.get_name(),
                state,
                _thread_name(),
                None,
                None,
                outcome,
            )
        )

    def _eager_step(
        self,
        traced: TracedCoroutine,
        state: str,
        awaiting: str | None = None,
        line: int | None = None,
        outcome: str | None = None,
        awaited_ids: tuple[int, ...] = (),
    ) -> None:
        # An eager task runs its first steps inside the task factory, before the task object
        # is ours (and, before Python 3.14, before create_task has named it): report them under
        # the name it was created with, or as "#3 quick()" as its creation was.
        self._announce(traced.task_id)  # its creation first, as "#3 quick()"
        coro_name = None if traced.name else getattr(traced.wrapped, "__name__", None)
        self.buffer.record_task(
            (
                self._clock() - self._t0,
                traced.task_id,
                traced.name,
                state,
                _thread_name(),
                awaiting,
                line,
                outcome,
                coro_name,
                None,
                awaited_ids,
            )
        )

    # Executor jobs (to_thread, run_in_executor) -------------------------------------------
    def _executor_shim(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def run_in_executor(executor: Any, func: Callable[..., Any], *args: Any) -> Any:
            if isinstance(executor, concurrent.futures.ProcessPoolExecutor):
                return original(executor, func, *args)  # pickled by name: no wrapper
            return original(executor, self._traced_job(func), *args)

        return run_in_executor

    def _traced_job(self, func: Callable[..., Any]) -> Callable[..., Any]:
        caller_thread = current_thread_name()
        task = _current_task_or_none()
        task_id = task_id_of(task) if task is not None else None
        what = callable_name(func)

        owner = task.get_name() if task is not None else None

        @functools.wraps(func)
        def job(*args: Any) -> Any:
            worker = current_thread_name()
            self.handoff(caller_thread, worker, HandoffKind.JOB_START, what, task_id)
            _threads.job_owner = owner  # what the job prints is the awaiting task's doing
            try:
                return func(*args)
            finally:
                _threads.job_owner = None
                self.handoff(worker, caller_thread, HandoffKind.JOB_RETURN, what, task_id)

        return job

    def _on_loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # What asyncio would print to stderr ("Task exception was never retrieved", "Task was
        # destroyed but it is pending", an exception in a callback) becomes an event instead,
        # so the app shows it and keeps running.
        message = context.get("message") or "error in the event loop"
        exc = context.get("exception")
        if exc is not None:
            message = f"{message}: {describe_exception(exc)}"
        task = context.get("task") or context.get("future")
        name = task.get_name() if isinstance(task, asyncio.Task) else None
        if self._previous_handler is not None:  # e.g. a test fixture that re-raises
            self._previous_handler(loop, context)
        self.buffer.append(
            LogEvent(self.now(), current_thread_name(), message, LogLevel.ERROR, name)
        )

    # Anyone may report ----------------------------------------------------------------------
    def log(
        self, message: str, level: LogLevel = LogLevel.INFO, task_name: str | None = None
    ) -> None:
        """Record a message, stamped with the time and the calling thread."""
        if task_name is None:
            task = _current_task_or_none()
            if task is not None:
                traced = task.get_coro()
                if isinstance(traced, TracedCoroutine) and traced.task is None and traced.name:
                    task_name = traced.name  # an eager first step: the name it was created with
                else:
                    task_name = task.get_name()
            else:  # a worker thread: inside a to_thread job, the task that awaits it
                task_name = getattr(_threads, "job_owner", None)
        self.buffer.append(LogEvent(self.now(), current_thread_name(), message, level, task_name))

    def progress(self, label: str, done: int, total: int) -> None:
        self.buffer.append(ProgressEvent(self.now(), current_thread_name(), label, done, total))

    def primitive(
        self,
        label: str,
        kind: str,
        state: str,
        holders: tuple[str, ...] = (),
        waiters: tuple[str, ...] = (),
    ) -> None:
        self.buffer.append(
            PrimitiveEvent(self.now(), current_thread_name(), label, kind, state, holders, waiters)
        )

    def handoff(
        self,
        source: str,
        target: str,
        kind: HandoffKind,
        subject: str,
        task_id: int | None = None,
    ) -> None:
        """Record ``subject`` crossing from thread ``source`` to ``target`` as a ``kind``."""
        # Built when the reader drains: submitting work should not pay for a dataclass.
        t = self._clock() - self._t0
        self.buffer.defer((HandoffEvent, t, source, target, kind, subject, task_id))


def _current_task_or_none() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop in this thread
        return None
