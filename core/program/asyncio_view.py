"""The ``asyncio`` module a program sees: asyncio itself, observed at a few doors.

``asyncio.run`` and ``asyncio.Runner`` hand the program's coroutines to the lab's driver (which
runs them on the loop the lab shows); the locks, events, queues... report to the Sync view;
``run_coroutine_threadsafe`` is drawn as a hand-off between threads; on a driver that keeps
:class:`~asyncio_lab.core.program.resources.ProgramResources` (the window's), the functions that
make children, servers and connections record what they made, so Stop can close it. Everything
else is the very object asyncio has.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import types
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from asyncio_lab.core.events import HandoffKind
from asyncio_lab.core.program.resources import watched_api
from asyncio_lab.core.threads import current_thread_name


class LoopDriver(Protocol):
    """Where a program's ``asyncio.run`` and ``asyncio.Runner`` run their coroutines."""

    used: bool  # a loop ran: the program's main must not be run again by the lab

    def run(self, coro: Coroutine[Any, Any, Any], debug: bool | None) -> Any: ...

    def runner_class(self) -> type: ...


Handoff = Callable[[str, str, HandoffKind, str], None]
# what asyncio.wait returned: return_when, timeout, seconds it took (the program's), done, pending
Waited = Callable[[str, "float | None", float, set[Any], set[Any]], None]


def program_asyncio(
    driver: LoopDriver,
    primitives: dict[str, type],
    handoff: Handoff,
    tracking: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None,
    speed: float = 1.0,
    waited: Waited | None = None,
) -> types.ModuleType:
    module = types.ModuleType("asyncio", asyncio.__doc__)
    module.__dict__.update(vars(asyncio))
    module.__dict__.update(primitives)
    if tracking is not None and hasattr(asyncio, "eager_task_factory"):
        # Called directly, a task factory makes a task the loop's factory never sees.
        make_eager = vars(asyncio)["create_eager_task_factory"]  # 3.12+

        @functools.wraps(make_eager)
        def create_eager_task_factory(constructor: Callable[..., Any]) -> Callable[..., Any]:
            return tracking(make_eager(constructor))

        module.eager_task_factory = tracking(vars(asyncio)["eager_task_factory"])  # type: ignore[attr-defined]
        module.create_eager_task_factory = create_eager_task_factory  # type: ignore[attr-defined]
    resources = getattr(driver, "resources", None)
    if resources is not None:
        watched = watched_api(resources)
        module.__dict__.update(watched)
        # asyncio.subprocess.create_subprocess_exec is the same door: watch it there too
        subprocess = types.ModuleType("asyncio.subprocess", asyncio.subprocess.__doc__)
        subprocess.__dict__.update(vars(asyncio.subprocess))
        for name in ("create_subprocess_exec", "create_subprocess_shell"):
            if name in watched:
                setattr(subprocess, name, watched[name])
        module.subprocess = subprocess  # type: ignore[attr-defined]

    def run(main: Coroutine[Any, Any, Any], *, debug: bool | None = None, **kwargs: Any) -> Any:
        if kwargs.get("loop_factory") is not None:
            driver.used = True
            return asyncio.run(main, debug=debug, **kwargs)  # a loop of its own: run it so
        if not asyncio.iscoroutine(main):
            raise ValueError(f"a coroutine was expected, got {main!r}")
        if _loop_running_here():
            main.close()
            raise RuntimeError("asyncio.run() cannot be called from a running event loop")
        return driver.run(main, debug)

    run.__doc__ = asyncio.run.__doc__
    module.run = run  # type: ignore[attr-defined]
    module.Runner = driver.runner_class()  # type: ignore[attr-defined]

    def run_coroutine_threadsafe(
        coro: Coroutine[Any, Any, Any], loop: asyncio.AbstractEventLoop
    ) -> Any:
        caller = current_thread_name()
        target = _loop_thread_name(loop)
        what = getattr(coro, "__qualname__", "coroutine")
        handoff(caller, target, HandoffKind.THREADSAFE_SUBMIT, what)
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        future.add_done_callback(
            lambda _: handoff(target, caller, HandoffKind.THREADSAFE_RESULT, what)
        )
        if speed != 1.0:
            # result(timeout=...) counts the program's seconds, as its sleeps do
            future.__class__ = _stretched_future_class(speed)
        return future

    run_coroutine_threadsafe.__doc__ = asyncio.run_coroutine_threadsafe.__doc__
    module.run_coroutine_threadsafe = run_coroutine_threadsafe  # type: ignore[attr-defined]
    if waited is not None:
        module.wait = _observed_wait(waited)  # type: ignore[attr-defined]
    return module


def _observed_wait(waited: Waited) -> Callable[..., Any]:
    """``asyncio.wait`` that says what it returned, so the wait panel shows a program's own
    done and pending sets as it shows the playground's."""
    real_wait = asyncio.wait

    @functools.wraps(real_wait)
    async def wait(
        fs: Any, *, timeout: float | None = None, return_when: str = asyncio.ALL_COMPLETED
    ) -> tuple[set[Any], set[Any]]:
        loop = asyncio.get_running_loop()
        started = loop.time()  # the loop's clock: the program's seconds, also in slow motion
        done, pending = await real_wait(fs, timeout=timeout, return_when=return_when)
        waited(str(return_when), timeout, loop.time() - started, done, pending)
        return done, pending

    return wait


def _stretched_future_class(speed: float) -> type[concurrent.futures.Future[Any]]:
    """A ``concurrent.futures.Future`` whose waits take ``timeout`` in the program's seconds."""

    def real(timeout: float | None) -> float | None:
        return None if timeout is None else timeout / speed

    class Future(concurrent.futures.Future):  # type: ignore[type-arg]
        def result(self, timeout: float | None = None) -> Any:
            return super().result(real(timeout))

        def exception(self, timeout: float | None = None) -> BaseException | None:
            return super().exception(real(timeout))

    return Future


def _loop_running_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _loop_thread_name(loop: asyncio.AbstractEventLoop) -> str:
    thread_id = getattr(loop, "_thread_id", None)
    import threading

    for thread in threading.enumerate():
        if thread.ident == thread_id:
            return thread.name
    return "the loop's thread"
