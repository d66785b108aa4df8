"""A coroutine wrapper that reports every step of the task that drives it.

It reports to a :class:`StepObserver` (the tracker is one), and it is where a tracked task's
ids live: :func:`task_id_of` and :func:`parent_id_of` read them for everyone else.
"""

from __future__ import annotations

import asyncio
import collections.abc
from collections.abc import Coroutine
from typing import Any, Protocol


class StepObserver(Protocol):
    """What a :class:`TracedCoroutine` tells about its task. Called on the loop's thread."""

    def step_started(self, traced: TracedCoroutine) -> None:
        """A step (one ``send`` or ``throw``) is about to run."""
        ...

    def step_suspended(self, traced: TracedCoroutine, yielded: Any) -> None:
        """The step ended at an ``await`` that yielded ``yielded`` to the task."""
        ...

    def finished(self, traced: TracedCoroutine, exc: BaseException) -> None:
        """The coroutine ended: StopIteration (returned), CancelledError, or what it raised."""
        ...


class TracedCoroutine(collections.abc.Coroutine):  # type: ignore[type-arg]
    """Stands in for a coroutine inside a Task and tells its observer about each step.

    A Task drives its coroutine with ``send`` and ``throw`` only, so wrapping those two is enough
    to see when each step starts, on which thread, what it awaits when it yields, and how the
    coroutine ends (value, exception or cancellation).
    """

    __slots__ = ("_coro", "_observer", "task_id", "parent_id", "task", "name", "__weakref__")

    def __init__(
        self,
        coro: Coroutine[Any, Any, Any],
        observer: StepObserver,
        task_id: int,
        parent_id: int | None = None,
    ) -> None:
        self._coro = coro
        self._observer = observer
        self.task_id = task_id
        self.parent_id = parent_id  # the tracked task that created this one, if any
        self.task: asyncio.Task[Any] | None = None
        # The name create_task was asked for: what an eager task is called during the steps
        # it takes inside the factory, before the task object is handed back (and named).
        self.name: str | None = None

    # The coroutine protocol --------------------------------------------------------------
    def send(self, value: Any) -> Any:
        self._observer.step_started(self)
        try:
            yielded = self._coro.send(value)
        except BaseException as exc:
            self._observer.finished(self, exc)
            raise
        self._observer.step_suspended(self, yielded)
        return yielded

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        self._observer.step_started(self)
        try:
            if val is None and tb is None:
                yielded = self._coro.throw(typ)
            else:  # pragma: no cover - legacy three-argument form
                yielded = self._coro.throw(typ, val, tb)
        except BaseException as exc:
            self._observer.finished(self, exc)
            raise
        self._observer.step_suspended(self, yielded)
        return yielded

    def close(self) -> None:
        self._coro.close()

    def __await__(self) -> Any:
        return self._coro.__await__()

    # What introspection (Task.get_stack, repr, the code panel) reads: cr_frame, cr_await,
    # cr_code, __qualname__ ... all come from the wrapped coroutine.
    def __getattr__(self, name: str) -> Any:
        return getattr(self._coro, name)

    @property
    def wrapped(self) -> Coroutine[Any, Any, Any]:
        return self._coro

    def __repr__(self) -> str:
        return repr(self._coro)


def task_id_of(task: asyncio.Task[Any]) -> int | None:
    """The tracker's id for ``task``; None for a task the tracker did not see created."""
    coro = task.get_coro()
    if type(coro) is TracedCoroutine or isinstance(coro, TracedCoroutine):
        return coro.task_id
    return None


def parent_id_of(task: asyncio.Task[Any]) -> int | None:
    """The id of the tracked task that created ``task``; None if none did (or untracked)."""
    coro = task.get_coro()
    return coro.parent_id if isinstance(coro, TracedCoroutine) else None


def coroutine_of(task: asyncio.Task[Any]) -> Any:
    """The coroutine ``task`` runs, unwrapped (``task.get_coro()`` is the wrapper if tracked)."""
    coro = task.get_coro()
    return coro.wrapped if isinstance(coro, TracedCoroutine) else coro
