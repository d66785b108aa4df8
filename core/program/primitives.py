"""asyncio's locks, events, conditions, semaphores, barriers and queues that report themselves.

A program run by the lab gets these in place of asyncio's own (they are subclasses, so
``isinstance`` and every method work as usual). Each one tells the lab's Sync view its state,
which tasks hold it and which wait on it, whenever that changes, without the program saying a
word. Each is named after the variable the program assigns it to (``lock = asyncio.Lock()``
shows as ``lock``).
"""

from __future__ import annotations

import asyncio
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


def observed_primitives(report: Report, filename: str) -> dict[str, type]:
    """The classes a program's ``asyncio`` module offers in place of asyncio's own."""

    class Lock(asyncio.Lock):
        def __init__(self, *, _kind: str = "Lock") -> None:
            super().__init__()
            self._lab = _Watch(report, filename, _kind)
            self._lab.send("unlocked")

        async def acquire(self) -> Literal[True]:
            me = _me()
            if self.locked():
                self._lab.waiters.append(me)
                self._lab.send("locked")
            try:
                await super().acquire()
            finally:
                if me in self._lab.waiters:
                    self._lab.waiters.remove(me)
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
        def __init__(self, lock: asyncio.Lock | None = None) -> None:
            inner = lock if lock is not None else Lock(_kind="Condition")
            super().__init__(inner)
            self._lab = (
                inner._lab if isinstance(inner, Lock) else _Watch(report, filename, "Condition")
            )

        async def wait(self) -> Literal[True]:
            me = _me()
            self._lab.waiters.append(f"{me} (wait)")
            self._lab.send("waiting for notify")
            try:
                return await super().wait()
            finally:
                if f"{me} (wait)" in self._lab.waiters:
                    self._lab.waiters.remove(f"{me} (wait)")

    class Semaphore(asyncio.Semaphore):
        def __init__(self, value: int = 1, *, _kind: str = "Semaphore") -> None:
            super().__init__(value)
            self._lab_size = value
            self._lab = _Watch(report, filename, f"{_kind}({value})")
            self._lab.send(self._lab_state())

        def _lab_state(self) -> str:
            return f"{self._value} of {self._lab_size} free"

        async def acquire(self) -> Literal[True]:
            me = _me()
            if self.locked():
                self._lab.waiters.append(me)
                self._lab.send(self._lab_state())
            try:
                await super().acquire()
            finally:
                if me in self._lab.waiters:
                    self._lab.waiters.remove(me)
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
            self._lab.send(f"0 of {parties} arrived")

        async def wait(self) -> int:
            me = _me()
            self._lab.waiters.append(me)
            self._lab.send(f"{len(self._lab.waiters)} of {self.parties} arrived")
            try:
                return await super().wait()
            finally:
                if me in self._lab.waiters:
                    self._lab.waiters.remove(me)
                self._lab.send(f"{len(self._lab.waiters)} of {self.parties} arrived")

    def _queue(base: type[asyncio.Queue[Any]]) -> type[asyncio.Queue[Any]]:
        class Observed(base):  # type: ignore[valid-type, misc]
            def __init__(self, maxsize: int = 0) -> None:
                super().__init__(maxsize)
                bound = f"maxsize={maxsize}" if maxsize else "unbounded"
                self._lab = _Watch(report, filename, f"{base.__name__}({bound})")
                self._lab.send(self._lab_state())

            def _lab_state(self) -> str:
                return f"{self.qsize()} item(s)"

            def _put(self, item: Any) -> None:
                super()._put(item)
                self._lab.send(self._lab_state())

            def _get(self) -> Any:
                item = super()._get()
                self._lab.send(self._lab_state())
                return item

            async def get(self) -> Any:
                me = f"{_me()} (get)"
                if self.empty():
                    self._lab.waiters.append(me)
                    self._lab.send(self._lab_state())
                try:
                    return await super().get()
                finally:
                    if me in self._lab.waiters:
                        self._lab.waiters.remove(me)
                        self._lab.send(self._lab_state())

            async def put(self, item: Any) -> None:
                me = f"{_me()} (put)"
                if self.full():
                    self._lab.waiters.append(me)
                    self._lab.send(self._lab_state())
                try:
                    await super().put(item)
                finally:
                    if me in self._lab.waiters:
                        self._lab.waiters.remove(me)
                        self._lab.send(self._lab_state())

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
