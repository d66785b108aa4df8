"""How a demo talks to the lab: logging, scaled sleeps, named checkpoints."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterable
from typing import Any, TypeVar

from asyncio_lab.core.events import LogLevel
from asyncio_lab.core.tracker import Tracker

T = TypeVar("T")

MIN_SPEED, MAX_SPEED = 0.05, 20.0


class DemoContext:
    """Handed to every demo's ``run(ctx, **params)``.

    ``speed`` stretches time: at 0.1 every ``ctx.sleep(1)`` takes 10 s, so scheduling that is
    normally too fast to follow can be watched. ``ctx.elapsed()`` reports *demo* seconds (real
    seconds times speed), so what a demo prints reads the same at any speed.
    """

    def __init__(
        self,
        tracker: Tracker,
        *,
        speed: float = 1.0,
        stopping: threading.Event | None = None,
    ) -> None:
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise ValueError(f"speed must be {MIN_SPEED:g} to {MAX_SPEED:g}, not {speed:g}")
        self.tracker = tracker
        self.speed = speed
        self.stopping = stopping or threading.Event()
        self._started = time.perf_counter()
        self.checkpoints: list[str] = []

    # Time ------------------------------------------------------------------------------------
    def scaled(self, seconds: float) -> float:
        """Real seconds for ``seconds`` of demo time."""
        return seconds / self.speed

    async def sleep(self, seconds: float, result: T | None = None) -> T | None:
        """``asyncio.sleep`` in demo time."""
        return await asyncio.sleep(self.scaled(seconds), result)

    def blocking_sleep(self, seconds: float) -> None:
        """``time.sleep`` in demo time, for threads and deliberate mistakes; quitting ends it."""
        self.stopping.wait(self.scaled(seconds))

    def elapsed(self) -> float:
        """Demo seconds since the demo started."""
        return (time.perf_counter() - self._started) * self.speed

    # Talking -----------------------------------------------------------------------------------
    def log(self, message: str) -> None:
        self.tracker.log(message)

    def result(self, message: str) -> None:
        """A line that states an outcome the lesson is about."""
        self.tracker.log(message, LogLevel.RESULT)

    def warn(self, message: str) -> None:
        self.tracker.log(message, LogLevel.WARNING)

    def progress(self, label: str, done: int, total: int) -> None:
        """Report progress of a long job (the window shows a progress bar). Keep it to a few
        hundred calls per run: every call is an event."""
        self.tracker.progress(label, done, total)

    def primitive(
        self,
        label: str,
        kind: str,
        state: str,
        holders: Iterable[str] = (),
        waiters: Iterable[str] = (),
    ) -> None:
        """Show a lock, semaphore, event… in the window's Sync view: its state, who holds it
        and who waits on it. Call whenever one of those changes."""
        self.tracker.primitive(label, kind, state, tuple(holders), tuple(waiters))

    def checkpoint(self, label: str) -> None:
        """Mark a named moment; tests assert the order of checkpoints."""
        self.checkpoints.append(label)
        self.tracker.log(f"● {label}")

    def value(self, label: str, value: Any) -> Any:
        """Log ``label = value`` and hand the value back."""
        self.tracker.log(f"{label} = {value!r}", LogLevel.RESULT)
        return value
