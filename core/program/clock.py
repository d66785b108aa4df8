"""Slow motion: the program's seconds stretched into more real ones, for its ``time`` module.

At speed 0.1 the program's ``time.sleep(1)`` takes 10 real seconds and its
``time.monotonic()``, ``perf_counter()`` and ``time()`` advance one second in ten: what it
measures reads the same at any speed. ``time.monotonic()`` is the very clock of the loop that
runs the program's tasks (:mod:`asyncio_lab.core.dilated_loop`), so it agrees with
``loop.time()``.
"""

from __future__ import annotations

import threading
import time
import types
from collections.abc import Callable

from asyncio_lab.core.dilated_loop import DilatedClock

MIN_SPEED, MAX_SPEED = 0.05, 20.0


class ProgramStopped(BaseException):  # noqa: N818 (it reads as what happened)
    """Raised inside a program's blocking sleep when the lab stops the program.

    A BaseException, as KeyboardInterrupt is: a program's ``except Exception:`` retry loop
    must not swallow Stop and carry on.
    """

    def __init__(self) -> None:
        super().__init__("the lab stopped this program")


def check_speed(speed: float) -> float:
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed must be {MIN_SPEED:g} to {MAX_SPEED:g}, not {speed:g}")
    return speed


def _stretched(real: Callable[[], float], speed: float) -> Callable[[], float]:
    start = real()

    def now() -> float:
        return start + (real() - start) * speed

    return now


def _stretched_ns(real: Callable[[], int], speed: float) -> Callable[[], int]:
    start = real()

    def now() -> int:
        return start + int((real() - start) * speed)

    return now


def program_time_module(
    speed: float, stopping: threading.Event, clock: DilatedClock | None = None
) -> types.ModuleType:
    """A ``time`` module for one program run: sleeps and clocks at ``speed``, the rest real.

    A sleep ends early, with :class:`ProgramStopped`, when ``stopping`` is set, so Stop and
    closing the window never wait for a program's thread to finish a long sleep.
    """
    check_speed(speed)
    module = types.ModuleType("time", time.__doc__)
    module.__dict__.update({k: v for k, v in vars(time).items() if not k.startswith("__")})

    def sleep(secs: float) -> None:
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        if stopping.wait(secs / speed):
            raise ProgramStopped()

    sleep.__doc__ = time.sleep.__doc__
    module.sleep = sleep  # type: ignore[attr-defined]
    # One clock with the loop's: time.monotonic() and loop.time() read the same seconds.
    clock = clock if clock is not None else DilatedClock(speed)
    module.monotonic = clock.now  # type: ignore[attr-defined]
    module.monotonic_ns = lambda: int(clock.now() * 1e9)  # type: ignore[attr-defined]
    module.perf_counter = _stretched(time.perf_counter, speed)  # type: ignore[attr-defined]
    module.perf_counter_ns = _stretched_ns(time.perf_counter_ns, speed)  # type: ignore[attr-defined]
    # The wall clock starts at the real time and then runs as the program's seconds do.
    wall0, clock0 = time.time(), clock.now()
    module.time = lambda: wall0 + (clock.now() - clock0)  # type: ignore[attr-defined]
    module.time_ns = lambda: int((wall0 + (clock.now() - clock0)) * 1e9)  # type: ignore[attr-defined]
    return module
