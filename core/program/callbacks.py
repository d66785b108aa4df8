"""The callbacks a program scheduled and never saw run: dropped when the program ends.

``asyncio.run`` closes its loop when ``main`` ends, so a ``call_later`` still waiting then never
runs. In the window the loop outlives the program: such a callback would run after Stop, into a
program that is over (``future.set_result`` on a future Stop cancelled raises
``InvalidStateError`` into the loop's exception handler). So a program's context carries a mark
(every task and callback made from it copies it), and when ``main`` ends the callbacks still
queued with that mark are cancelled, as closing the loop would drop them.

asyncio's own callbacks are left to run, even in the program's context: they finish closing
what the program closed (a connection's ``connection_lost``) and wake the tasks still ending.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from typing import Any

# The program whose context this is (an opaque owner: its ProgramResources).
PROGRAM_OWNER: contextvars.ContextVar[object | None] = contextvars.ContextVar(
    "asyncio_lab_program_owner", default=None
)

_MACHINERY = ("asyncio", "_asyncio", "asyncio_lab", "concurrent")
# The lab's stand-ins for what the program itself calls (print, time, the observed locks...).
_PROGRAMS_STAND_INS = tuple(
    f"asyncio_lab.core.program.{name}" for name in ("output", "clock", "primitives")
)
_FUTURE_COMPLETERS = ("set_result", "set_exception", "cancel")


def mark(context: contextvars.Context, owner: object) -> contextvars.Context:
    """Mark ``context`` as ``owner``'s program's (and so everything made from it)."""
    context.run(PROGRAM_OWNER.set, owner)
    return context


def drop_program_callbacks(loop: asyncio.AbstractEventLoop, owner: object = None) -> int:
    """Cancel the callbacks ``owner``'s program (any program's, when None) left queued on
    ``loop``; returns how many.

    Call on the loop's thread, also *before* cancelling a program's tasks: cancelling a task
    cancels the future it awaits at once, and a callback already queued would complete that
    future before the task's own clean-up runs. A loop that keeps its queues elsewhere than
    asyncio's base loop does (``_ready``, ``_scheduled``) is left alone.
    """
    queued: list[Any] = [*list(getattr(loop, "_ready", ())), *getattr(loop, "_scheduled", ())]
    dropped = 0
    for handle in queued:
        if not isinstance(handle, asyncio.Handle) or handle.cancelled():
            continue
        context = getattr(handle, "_context", None)
        if not isinstance(context, contextvars.Context):
            continue
        mark = context.get(PROGRAM_OWNER)
        if mark is None or (owner is not None and mark is not owner):
            continue
        if _programs_own(getattr(handle, "_callback", None)):
            handle.cancel()
            dropped += 1
    return dropped


def _programs_own(callback: Any) -> bool:
    """Whether ``callback`` is the program's doing rather than asyncio's (or the lab's)."""
    while isinstance(callback, functools.partial):
        callback = callback.func
    if callback is None:
        return False
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.AbstractEventLoop):
        # The loop's own methods are machinery whoever wrote the loop: a write pipe queues
        # loop._add_reader to hear its reader close, and on the integrated host that method is
        # qasync's. Dropped, a child's stdin pipe was never watched, and a main stopped while
        # the child was being set up waited for it for ever.
        return False
    if isinstance(owner, asyncio.Future):
        # fut.set_result scheduled by the program: the future may be cancelled by now. Task
        # steps and wake-ups (also methods of a future) are asyncio's and must run.
        return getattr(callback, "__name__", "") in _FUTURE_COMPLETERS
    module = getattr(callback, "__module__", None)
    if not isinstance(module, str):
        module = type(callback if owner is None else owner).__module__
    return module.startswith(_PROGRAMS_STAND_INS) or module.split(".")[0] not in _MACHINERY
