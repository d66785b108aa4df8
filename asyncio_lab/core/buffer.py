"""A thread-safe, append-only event buffer with one reader that drains it in batches."""

from __future__ import annotations

import collections
from collections.abc import Callable

from asyncio_lab.core.events import LabEvent


class EventBuffer:
    """Writers on any thread call ``append``; one reader calls ``drain``.

    ``collections.deque.append`` and ``popleft`` are atomic in CPython, so no lock is needed and
    a writer on the loop thread never waits for the GUI.
    """

    def __init__(self) -> None:
        self._events: collections.deque[LabEvent] = collections.deque()
        self.append: Callable[[LabEvent], None] = self._events.append

    def drain(self) -> list[LabEvent]:
        events = self._events
        pop = events.popleft
        return [pop() for _ in range(len(events))]

    def __len__(self) -> int:
        return len(self._events)
