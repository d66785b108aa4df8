"""A coroutine wrapper that reports every step of the task that drives it."""

from __future__ import annotations

import asyncio
import collections.abc
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from asyncio_lab.core.tracker import Tracker


class TracedCoroutine(collections.abc.Coroutine):  # type: ignore[type-arg]
    """Stands in for a coroutine inside a Task and tells the tracker about each step.

    A Task drives its coroutine with ``send`` and ``throw`` only, so wrapping those two is enough
    to see when each step starts, on which thread, what it awaits when it yields, and how the
    coroutine ends (value, exception or cancellation).
    """

    __slots__ = ("_coro", "_tracker", "task_id", "parent_id", "task", "name", "__weakref__")

    def __init__(
        self,
        coro: Coroutine[Any, Any, Any],
        tracker: Tracker,
        task_id: int,
        parent_id: int | None = None,
    ) -> None:
        self._coro = coro
        self._tracker = tracker
        self.task_id = task_id
        self.parent_id = parent_id  # the tracked task that created this one, if any
        self.task: asyncio.Task[Any] | None = None
        # The name create_task was asked for: what an eager task is called during the steps
        # it takes inside the factory, before the task object is handed back (and named).
        self.name: str | None = None

    # The coroutine protocol --------------------------------------------------------------
    def send(self, value: Any) -> Any:
        self._tracker._step_started(self)
        try:
            yielded = self._coro.send(value)
        except BaseException as exc:
            self._tracker._finished(self, exc)
            raise
        self._tracker._step_suspended(self, yielded)
        return yielded

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        self._tracker._step_started(self)
        try:
            if val is None and tb is None:
                yielded = self._coro.throw(typ)
            else:  # pragma: no cover - legacy three-argument form
                yielded = self._coro.throw(typ, val, tb)
        except BaseException as exc:
            self._tracker._finished(self, exc)
            raise
        self._tracker._step_suspended(self, yielded)
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
