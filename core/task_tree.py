"""Which tasks a task started, directly or not, from the parents the tracker records."""

from __future__ import annotations

import asyncio
from typing import Any

from asyncio_lab.core.traced_coro import parent_id_of, task_id_of


def tracked_descendants(*roots: asyncio.Task[Any]) -> list[asyncio.Task[Any]]:
    """Every live task on the loop that a root created, or that their live descendants did.

    Roots may be finished already. A finished child hides its own children: good enough for
    clean-up, where a finished child has normally awaited or cancelled what it started.
    """
    frontier = [i for r in roots if (i := task_id_of(r)) is not None]
    if not frontier:
        return []
    children: dict[int, list[asyncio.Task[Any]]] = {}
    for task in asyncio.all_tasks(roots[0].get_loop()):
        parent = parent_id_of(task)
        if parent is not None:
            children.setdefault(parent, []).append(task)
    found: list[asyncio.Task[Any]] = []
    while frontier:
        for task in children.get(frontier.pop(), ()):
            found.append(task)
            child = task_id_of(task)
            if child is not None:
                frontier.append(child)
    return found
