"""``asyncio.wait``'s two sets as the lab records them: tracker ids and names, in creation order.

One rule for the playground's wait and a program's own ``asyncio.wait`` (both become a
:class:`~asyncio_lab.core.events.WaitEvent` the wait panel and replay show).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from asyncio_lab.core.events import WaitEvent
from asyncio_lab.core.traced_coro import task_id_of

Sets = tuple[tuple[int, ...], tuple[str, ...]]  # ids (-1: not tracked), names, aligned


def named_set(futures: Iterable[asyncio.Future[Any]]) -> Sets:
    """The futures' tracker ids and names, sorted by id (creation order); a future that is no
    task the tracker saw gets id -1 and its type's name."""
    pairs = sorted((_id_of(f), _name_of(f)) for f in futures)
    return tuple(i for i, _ in pairs), tuple(n for _, n in pairs)


def wait_event(
    t: float,
    thread: str,
    mode: str,
    timeout: float | None,
    elapsed: float,
    done: Iterable[asyncio.Future[Any]],
    pending: Iterable[asyncio.Future[Any]],
) -> WaitEvent:
    """The event that says what ``asyncio.wait(..., timeout, return_when=mode)`` returned."""
    done_ids, done_names = named_set(done)
    pending_ids, pending_names = named_set(pending)
    return WaitEvent(
        t, thread, mode, timeout, elapsed, done_ids, pending_ids, done_names, pending_names
    )


def _id_of(future: asyncio.Future[Any]) -> int:
    task_id = task_id_of(future) if isinstance(future, asyncio.Task) else None
    return -1 if task_id is None else task_id


def _name_of(future: asyncio.Future[Any]) -> str:
    return future.get_name() if isinstance(future, asyncio.Task) else type(future).__name__
