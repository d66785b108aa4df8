"""Which tasks a task started, directly or not, from the parents the tracker records."""

from __future__ import annotations

import asyncio
from typing import Any

from asyncio_lab.core.traced_coro import TracedCoroutine


def tracked_descendants(*roots: asyncio.Task[Any]) -> list[asyncio.Task[Any]]:
    """Every live task on the loop that a root created, or that their live descendants did.

    Roots may be finished already. A finished child hides its own children: good enough for
    clean-up, where a finished child has normally awaited or cancelled what it started.
    """
    frontier = [c.task_id for r in roots if isinstance(c := r.get_coro(), TracedCoroutine)]
    if not frontier:
        return []
    children: dict[int, list[asyncio.Task[Any]]] = {}
    for task in asyncio.all_tasks(roots[0].get_loop()):
        coro = task.get_coro()
        if isinstance(coro, TracedCoroutine) and coro.parent_id is not None:
            children.setdefault(coro.parent_id, []).append(task)
    found: list[asyncio.Task[Any]] = []
    while frontier:
        for task in children.get(frontier.pop(), ()):
            found.append(task)
            frontier.append(task_id_of(task))
    return found


def task_id_of(task: asyncio.Task[Any]) -> int:
    """The tracker's id for ``task``; -1 for a task the tracker did not see created."""
    coro = task.get_coro()
    return coro.task_id if isinstance(coro, TracedCoroutine) else -1
