"""Threads Python cannot stop, and what the app does about them when it exits.

A ``to_thread`` job blocked for good (on a lock nobody releases, on a read that never returns)
keeps its worker thread running: asyncio cannot cancel a thread, and neither can Python. A host
that shuts down waits for such a job only a bounded time, then leaves it behind. At exit,
Python would then wait for it forever (it joins every non-daemon thread), and a Qt thread
still running when Python tears down would abort the process. So the app asks
:func:`still_running` when its window has closed and, if something is, says so in one line and
leaves at once (``os._exit``): no hung process, no core dump.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LeftBehind:
    """Workers a host gave up waiting for: their names, and how to ask if they still run."""

    names: tuple[str, ...]
    running: Callable[[], bool]
    keep: object = None  # held on purpose: a Qt thread object must outlive its thread


_left: list[LeftBehind] = []


def leave_behind(names: tuple[str, ...], running: Callable[[], bool], keep: object = None) -> None:
    """Record workers a host stopped waiting for (still blocked in a job)."""
    _left.append(LeftBehind(names, running, keep))


def still_running(grace: float = 0.5) -> list[str]:
    """The threads that would hold the process at exit, after giving them ``grace`` seconds
    to end: workers left behind by a host, and any other non-daemon thread still alive."""
    deadline = time.monotonic() + grace
    main = threading.main_thread()
    others = [t for t in threading.enumerate() if t is not main and not t.daemon]
    for thread in others:
        thread.join(max(0.0, deadline - time.monotonic()))
    names = [t.name for t in others if t.is_alive()]
    _left[:] = [left for left in _left if left.running()]  # the ended are no longer a worry
    for left in _left:
        names += [n for n in left.names if n not in names]
    return names


def describe(names: list[str]) -> str:
    """The one line the app prints when it leaves threads behind."""
    which = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return (
        f"asyncio-lab: left {len(names)} blocked thread(s) running ({which}): a to_thread job "
        f"or a thread of yours never returned, and Python cannot stop a thread, so the app "
        f"exits without waiting for it."
    )
