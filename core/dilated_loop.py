"""An asyncio loop whose clock can run slow (or fast): the lab's slow motion for asyncio.

``loop.time()`` is the loop's only clock: ``asyncio.sleep``, ``call_later``, ``wait_for`` and
``asyncio.timeout`` all schedule against it. Stretch it, and every one of them stretches, in
library code too, while what a program measures with ``loop.time()`` reads the same at any
speed. The clock stays continuous when the speed changes.
"""

from __future__ import annotations

import asyncio
import selectors
import time
from typing import Any

from asyncio_lab.core.server_start import start_or_close


class DilatedClock:
    """Virtual seconds that pass at ``speed`` real seconds' worth each.

    Read from any thread: a program's ``time.monotonic()`` reads the clock of the loop that
    runs its tasks, so the two agree. The state changes in one assignment, so a reader never
    sees half of a speed change.
    """

    def __init__(self, speed: float = 1.0) -> None:
        now = time.monotonic()
        self._state = (now, now, 1.0)  # (real0, virtual0, speed)
        self.set_speed(speed)

    @property
    def speed(self) -> float:
        return self._state[2]

    def now(self) -> float:
        real0, virtual0, speed = self._state
        return virtual0 + (time.monotonic() - real0) * speed

    def set_speed(self, speed: float) -> None:
        real = time.monotonic()
        real0, virtual0, old = self._state
        self._state = (real, virtual0 + (real - real0) * old, speed)

    def real_seconds(self, virtual_seconds: float) -> float:
        return virtual_seconds / self._state[2]


class _DilatedSelector:
    """The loop's selector, waiting real seconds for the virtual ones the loop asks for."""

    def __init__(self, inner: selectors.BaseSelector, clock: DilatedClock) -> None:
        self._inner = inner
        self._clock = clock

    def select(self, timeout: float | None = None) -> Any:
        if timeout is not None and timeout > 0:
            timeout = self._clock.real_seconds(timeout)
        return self._inner.select(timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class DilatedEventLoop(asyncio.SelectorEventLoop):
    """A selector event loop with a :class:`DilatedClock`. ``set_speed`` from its own thread."""

    def __init__(self, speed: float = 1.0, clock: DilatedClock | None = None) -> None:
        super().__init__()
        self.clock = clock if clock is not None else DilatedClock(speed)
        inner: selectors.BaseSelector = getattr(self, "_selector")  # noqa: B009 (untyped private)
        setattr(self, "_selector", _DilatedSelector(inner, self.clock))  # noqa: B010

    def time(self) -> float:
        return self.clock.now()

    def set_speed(self, speed: float) -> None:
        self.clock.set_speed(speed)

    async def create_server(self, *args: Any, **kwargs: Any) -> asyncio.Server:
        return await start_or_close(super().create_server, self, *args, **kwargs)

    async def create_unix_server(self, *args: Any, **kwargs: Any) -> asyncio.Server:
        return await start_or_close(super().create_unix_server, self, *args, **kwargs)
