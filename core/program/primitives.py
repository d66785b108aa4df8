"""asyncio's locks, events, conditions, semaphores, barriers and queues that report themselves.

A program run by the lab gets these in place of asyncio's own (they are subclasses, so
``isinstance`` and every method work as usual). Each one tells the lab's Sync view its state,
which tasks hold it and which wait on it, whenever that changes, without the program saying a
word. Each is named after the variable the program assigns it to (``lock = asyncio.Lock()``
shows as ``lock``).
"""

from __future__ import annotations

import asyncio
import collections
import linecache
import re
import sys
from collections.abc import Callable
from typing import Any, Literal

Report = Callable[[str, str, str, tuple[str, ...], tuple[str, ...]], None]
_ASSIGNED = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(?::[^=]+)?=(?!=)")


def _me() -> str:
    try:
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    return task.get_name() if task is not None else "(no task)"


class _Watch:
    """The observed state of one primitive, reported whole on every change."""

    def __init__(self, report: Report, filename: str, kind: str) -> None:
        self.report = report
        self.kind = f"asyncio.{kind}"
        self.label = _label(filename, kind)
        self.holders: list[str] = []
        self.waiters: list[str] = []

    def send(self, state: str) -> None:
        self.report(self.label, self.kind, state, tuple(self.holders), tuple(self.waiters))


def _label(filename: str, kind: str) -> str:
    """The variable the program assigns the new primitive to, from the line creating it."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != filename:
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return kind
    line = linecache.getline(filename, frame.f_lineno)
    match = _ASSIGNED.match(line)
    return match.group(1) if match else f"{kind} (line {frame.f_lineno})"


class _NamedFutures(collections.deque):  # type: ignore[type-arg]
    """A Condition's queue of waiter futures that remembers which task each future wakes."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[Any, str] = {}

    def append(self, fut: Any) -> None:
        self.names[fut] = _me()  # appended by wait(), in the waiting task
        super().append(fut)

    def remove(self, fut: Any) -> None:
        self.names.pop(fut, None)
        super().remove(fut)


def _drop(entries: list[str], *names: str) -> bool:
    """Remove every one of ``names`` from ``entries``; True if any was there."""
    found = False
    for name in names:
        while name in entries:
            entries.remove(name)
            found = True
    return found


def observed_primitives(report: Report, filename: str) -> dict[str, type]:
    """The classes a program's ``asyncio`` module offers in place of asyncio's own."""

    class Lock(asyncio.Lock):
        def __init__(self, *, _kind: str = "Lock") -> None:
            super().__init__()
            self._lab = _Watch(report, filename, _kind)
            self._lab.send("unlocked")

        def _lab_state(self) -> str:
            return "locked" if self.locked() else "unlocked"

        def _lab_must_wait(self) -> bool:
            # asyncio hands a free lock to a newcomer only when nobody is queued for it
            queued = getattr(self, "_waiters", None) or ()
            return self.locked() or any(not w.cancelled() for w in queued)

        async def acquire(self) -> Literal[True]:
            me = _me()
            waiters = self._lab.waiters
            # Asking for a Condition's lock ends waiting for notify (see Condition.wait)
            _drop(waiters, f"{me} (wait)", f"{me} (notified)")
            if self._lab_must_wait():
                waiters.append(me)
                self._lab.send(self._lab_state())
            try:
                await super().acquire()
            except BaseException:
                _drop(waiters, me)
                self._lab.send(self._lab_state())
                raise
            _drop(waiters, me)
            self._lab.holders = [me]
            self._lab.send("locked")
            return True

        def release(self) -> None:
            super().release()
            self._lab.holders = []
            self._lab.send("unlocked")

    class Event(asyncio.Event):
        def __init__(self) -> None:
            super().__init__()
            self._lab = _Watch(report, filename, "Event")
            self._lab.send("clear")

        async def wait(self) -> Literal[True]:
            me = _me()
            if not self.is_set():
                self._lab.waiters.append(me)
                self._lab.send("clear")
            try:
                return await super().wait()
            finally:
                if me in self._lab.waiters:
                    self._lab.waiters.remove(me)
                    self._lab.send("set" if self.is_set() else "clear")

        def set(self) -> None:
            super().set()
            self._lab.waiters.clear()  # set() releases every waiter at once
            self._lab.send("set")

        def clear(self) -> None:
            super().clear()
            self._lab.send("clear")

    class Condition(asyncio.Condition):
        """Waiters show as ``name (wait)`` until notified, then ``name (notified)`` until they
        ask for the lock again (then as plain ``name``, queued for the lock, if it is taken)."""

        def __init__(self, lock: asyncio.Lock | None = None) -> None:
            inner = lock if lock is not None else Lock(_kind="Condition")
            super().__init__(inner)
            self._lab = (
                inner._lab if isinstance(inner, Lock) else _Watch(report, filename, "Condition")
            )
            self._waiters: Any = _NamedFutures()

        def _lab_state(self) -> str:
            return "locked" if self.locked() else "unlocked"

        async def wait(self) -> Literal[True]:
            me = _me()
            if self.locked():  # else asyncio raises RuntimeError: nothing to show
                self._lab.waiters.append(f"{me} (wait)")  # shown as wait() lets go of the lock
            try:
                return await super().wait()
            finally:
                if _drop(self._lab.waiters, f"{me} (wait)", f"{me} (notified)"):
                    self._lab.send(self._lab_state())

        def notify(self, n: int = 1) -> None:
            sleeping = [f for f in self._waiters if not f.done()]
            super().notify(n)
            self._lab_woken(sleeping)

        def notify_all(self) -> None:
            sleeping = [f for f in self._waiters if not f.done()]
            super().notify_all()
            self._lab_woken(sleeping)

        def _lab_woken(self, sleeping: list[Any]) -> None:
            names = getattr(self._waiters, "names", {})
            waiters = self._lab.waiters
            changed = False
            for fut in sleeping:
                entry = f"{names.get(fut)} (wait)"
                if fut.done() and entry in waiters:
                    waiters[waiters.index(entry)] = f"{names.get(fut)} (notified)"
                    changed = True
            if changed:
                self._lab.send(self._lab_state())

    class Semaphore(asyncio.Semaphore):
        def __init__(self, value: int = 1, *, _kind: str = "Semaphore") -> None:
            super().__init__(value)
            self._lab_size = value
            self._lab = _Watch(report, filename, f"{_kind}({value})")
            self._lab.send(self._lab_state())

        def _lab_state(self) -> str:
            state = f"{self._value} of {self._lab_size} free"
            # release() hands its place straight to the first waiter, before that one runs
            promised = self._lab_size - self._value - len(self._lab.holders)
            return f"{state}, {promised} handed to a waiter" if promised > 0 else state

        async def acquire(self) -> Literal[True]:
            me = _me()
            if self.locked():
                self._lab.waiters.append(me)
                self._lab.send(self._lab_state())
            try:
                await super().acquire()
            except BaseException:
                if _drop(self._lab.waiters, me):
                    self._lab.send(self._lab_state())
                raise
            _drop(self._lab.waiters, me)
            self._lab.holders.append(me)
            self._lab.send(self._lab_state())
            return True

        def release(self) -> None:
            super().release()
            me = _me()
            holders = self._lab.holders
            if holders:
                holders.remove(me if me in holders else holders[0])
            self._lab.send(self._lab_state())

    class BoundedSemaphore(Semaphore, asyncio.BoundedSemaphore):
        def __init__(self, value: int = 1) -> None:
            super().__init__(value, _kind="BoundedSemaphore")

        def release(self) -> None:
            if self._value >= self._lab_size:
                raise ValueError("BoundedSemaphore released too many times")
            super().release()

    class Barrier(asyncio.Barrier):
        def __init__(self, parties: int) -> None:
            super().__init__(parties)
            self._lab = _Watch(report, filename, f"Barrier({parties})")
            self._lab.send(self._lab_state())

        def _lab_state(self) -> str:
            if self.broken:
                return "broken"
            return f"{len(self._lab.waiters)} of {self.parties} arrived"

        async def wait(self) -> int:
            me = _me()
            self._lab.waiters.append(me)
            self._lab.send(self._lab_state())
            try:
                index = await super().wait()
            except BaseException:  # broken, or cancelled while waiting
                if _drop(self._lab.waiters, me):
                    self._lab.send(self._lab_state())
                raise
            if me in self._lab.waiters:
                # The first one through: the last arrival let the whole party pass at once
                self._lab.waiters.clear()
                self._lab.send(self._lab_state())
            return index

        async def abort(self) -> None:
            await super().abort()
            self._lab.waiters.clear()  # every waiter leaves with BrokenBarrierError at once
            self._lab.send(self._lab_state())

        async def reset(self) -> None:
            await super().reset()
            self._lab.waiters.clear()
            self._lab.send(self._lab_state())

    def _queue(base: type[asyncio.Queue[Any]]) -> type[asyncio.Queue[Any]]:
        class Observed(base):  # type: ignore[valid-type, misc]
            """Waiters show as ``name (get)``, ``name (put)`` and ``name (join)``; the state
            counts the items queued and those not yet marked ``task_done()``."""

            def __init__(self, maxsize: int = 0) -> None:
                super().__init__(maxsize)
                bound = f"maxsize={maxsize}" if maxsize else "unbounded"
                self._lab = _Watch(report, filename, f"{base.__name__}({bound})")
                self._lab.send(self._lab_state())

            def _lab_state(self) -> str:
                unfinished = getattr(self, "_unfinished_tasks", 0)
                return f"{self.qsize()} queued, {unfinished} unfinished"

            def put_nowait(self, item: Any) -> None:
                super().put_nowait(item)
                _drop(self._lab.waiters, f"{_me()} (put)")
                self._lab.send(self._lab_state())

            def get_nowait(self) -> Any:
                item = super().get_nowait()
                _drop(self._lab.waiters, f"{_me()} (get)")
                self._lab.send(self._lab_state())
                return item

            def task_done(self) -> None:
                super().task_done()
                if not getattr(self, "_unfinished_tasks", 0):  # the last job is done:
                    waiters = self._lab.waiters  # every join() returns at once
                    waiters[:] = [w for w in waiters if not w.endswith(" (join)")]
                self._lab.send(self._lab_state())

            async def _lab_waiting(self, entry: str, must_wait: bool, waiting: Any) -> Any:
                if must_wait:
                    self._lab.waiters.append(entry)
                    self._lab.send(self._lab_state())
                try:
                    return await waiting
                finally:
                    if _drop(self._lab.waiters, entry):
                        self._lab.send(self._lab_state())

            async def get(self) -> Any:
                return await self._lab_waiting(f"{_me()} (get)", self.empty(), super().get())

            async def put(self, item: Any) -> None:
                await self._lab_waiting(f"{_me()} (put)", self.full(), super().put(item))

            async def join(self) -> None:
                unfinished = getattr(self, "_unfinished_tasks", 0)
                await self._lab_waiting(f"{_me()} (join)", unfinished > 0, super().join())

        Observed.__name__ = Observed.__qualname__ = base.__name__
        return Observed

    classes: dict[str, type] = {
        "Lock": Lock,
        "Event": Event,
        "Condition": Condition,
        "Semaphore": Semaphore,
        "BoundedSemaphore": BoundedSemaphore,
        "Barrier": Barrier,
        "Queue": _queue(asyncio.Queue),
        "LifoQueue": _queue(asyncio.LifoQueue),
        "PriorityQueue": _queue(asyncio.PriorityQueue),
    }
    for name, cls in classes.items():
        cls.__name__ = cls.__qualname__ = name
        cls.__module__ = "asyncio"
    return classes
