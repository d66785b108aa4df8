"""Which tasks a task started, directly or not, from the parents the tracker records; and
which tasks asyncio made for its own use."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from asyncio_lab.core.traced_coro import coroutine_of, parent_id_of, task_id_of

_ASYNCIO_DIR = os.path.dirname(asyncio.__file__) + os.sep


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


def made_by_asyncio(task: asyncio.Task[Any]) -> bool:
    """Whether ``task`` runs one of asyncio's private coroutines: a task asyncio made for its
    own work (accepting a connection, connecting a child's pipes, one happy-eyeballs attempt).

    Such a task finishes by itself, soon. Cancelling it breaks the work it does for a program
    (a connection accepted and then dropped, a child whose pipes stay half connected), so the
    lab never cancels one for a person: only the program's own tasks. A task a program made
    from a public coroutine of asyncio's (``create_task(server.serve_forever())``) is the
    program's.
    """
    coro = coroutine_of(task)
    code = getattr(coro, "cr_code", None)
    if code is None or not code.co_filename.startswith(_ASYNCIO_DIR):
        return False
    qualname = str(getattr(coro, "__qualname__", code.co_name))
    return any(part.startswith(("_", "<")) for part in qualname.split("."))
