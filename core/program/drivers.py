"""Where a program's ``asyncio.run`` runs: a loop of its own, or the loop the window shows.

- :class:`OwnLoopDriver` (headless): exactly ``asyncio.run``, on the calling thread, with a
  tracked loop whose clock runs at the chosen speed. What the program prints is what plain
  ``python`` prints.
- :class:`HostLoopDriver` (the window): the coroutine becomes the task ``main`` on the host's
  loop (the GUI thread's, or the loop thread's), while the program's own top-level code waits
  in its thread, as it would inside ``asyncio.run``. When ``main`` ends, what it left running
  is cancelled, as ``asyncio.run`` does, and the children, servers and connections it left
  open are closed (see :mod:`~asyncio_lab.core.program.resources`): Stop leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import inspect
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from asyncio_lab.core.dilated_loop import DilatedClock, DilatedEventLoop
from asyncio_lab.core.events import HandoffKind
from asyncio_lab.core.host import submit_threadsafe
from asyncio_lab.core.program.callbacks import drop_program_callbacks, mark
from asyncio_lab.core.program.clock import ProgramStopped
from asyncio_lab.core.program.resources import ProgramResources
from asyncio_lab.core.task_tree import made_by_asyncio, tracked_descendants
from asyncio_lab.core.threads import current_thread_name
from asyncio_lab.core.tracker import Tracker


class OwnLoopDriver:
    def __init__(self, tracker: Tracker, speed: float, debug: bool | None = None) -> None:
        self.tracker = tracker
        self.speed = speed
        self.debug = debug
        self.used = False
        self.clock = DilatedClock(speed)  # every loop of the run, and its time module, read it

    def _factory(self) -> asyncio.AbstractEventLoop:
        return DilatedEventLoop(self.speed, self.clock)

    def run(self, coro: Coroutine[Any, Any, Any], debug: bool | None) -> Any:
        self.used = True
        with self.runner_class()(debug=debug) as runner:
            return runner.run(coro)

    def runner_class(self) -> type:
        driver = self

        class Runner:
            """``asyncio.Runner`` itself, with the lab's tracked loop unless told otherwise."""

            def __init__(
                self,
                *,
                debug: bool | None = None,
                loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None,
            ) -> None:
                driver.used = True
                self._tracked = loop_factory is None and not driver.tracker.installed
                self._installed = False
                self._inner = asyncio.Runner(
                    debug=driver.debug if debug is None else debug,
                    loop_factory=loop_factory or driver._factory,
                )

            def __enter__(self) -> Runner:
                return self

            def __exit__(self, *exc: object) -> None:
                self.close()

            def get_loop(self) -> asyncio.AbstractEventLoop:
                loop = self._inner.get_loop()
                if self._tracked and not self._installed:
                    driver.tracker.install(loop)
                    self._installed = True
                return loop

            def run(
                self, coro: Coroutine[Any, Any, Any], *, context: contextvars.Context | None = None
            ) -> Any:
                self.get_loop()
                return self._inner.run(coro, context=context)

            def close(self) -> None:
                try:
                    self._inner.close()  # cancels what is left, as asyncio.run does: still tracked
                finally:
                    if self._installed:
                        driver.tracker.uninstall()
                        self._installed = False

        Runner.__name__ = Runner.__qualname__ = "Runner"
        return Runner


class HostLoopDriver:
    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        loop_thread: str,
        tracker: Tracker,
        speed: float = 1.0,
        stopping: threading.Event | None = None,
    ) -> None:
        self.loop = loop
        self.loop_thread = loop_thread
        self.tracker = tracker
        self.speed = speed
        self.used = False
        self.stopping = stopping or threading.Event()
        # The program's time.monotonic() reads the host loop's own clock.
        self.clock: DilatedClock | None = getattr(loop, "clock", None)
        # Loops of the program's own (a thread's asyncio.run, a debug run): Stop cancels
        # their tasks too, or a thread running one would never end.
        self._own_loops: list[asyncio.AbstractEventLoop] = []
        self._main_thread = threading.get_ident()  # the program's top level runs here
        self._futures: list[concurrent.futures.Future[Any]] = []
        self._lock = threading.Lock()
        self._stopped = False
        self.resources = ProgramResources(lambda message: tracker.log(message))

    def adopt_current_thread(self) -> None:
        """The program's top level runs on the calling thread (call it from that thread)."""
        self._main_thread = threading.get_ident()

    def run(self, coro: Coroutine[Any, Any, Any], debug: bool | None) -> Any:
        self.used = True
        self.refuse_if_stopping(coro)
        if threading.get_ident() != self._main_thread or self._debug_differs(debug):
            # A thread of the program's own runs a loop of its own, as in plain Python.
            with asyncio.Runner(debug=debug, loop_factory=self._own_loop) as runner:
                return self.run_own(runner, coro)
        # asyncio.run starts from a copy of its caller's context, not the loop thread's
        return carried_result(self.submit(coro, "main", contextvars.copy_context()))

    def run_own(
        self,
        runner: asyncio.Runner,
        coro: Coroutine[Any, Any, Any],
        context: contextvars.Context | None = None,
    ) -> Any:
        """``runner.run(coro)`` on a loop of the program's own; what Stop ended ends stopped."""
        try:
            return runner.run(coro, context=context)
        except asyncio.CancelledError:
            if self.stopping.is_set():
                raise ProgramStopped() from None
            raise

    def refuse_if_stopping(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Once Stop is pressed, the program starts no loop run: it is stopped instead."""
        if self.stopping.is_set():
            coro.close()
            raise ProgramStopped()

    def _debug_differs(self, debug: bool | None) -> bool:
        """The host's loop cannot switch its debug mode for one program: such a run (or
        Runner) gets a loop of its own, slowed like the host's; its prints show, not its tasks."""
        return debug is not None and debug != self.loop.get_debug()

    def _own_loop(self) -> asyncio.AbstractEventLoop:
        loop = DilatedEventLoop(self.speed, self.clock)  # its own clock if the host has none
        with self._lock:
            self._own_loops = [lp for lp in self._own_loops if not lp.is_closed()]
            self._own_loops.append(loop)
        if self.stopping.is_set():  # Stop came while it was made: its first turn cancels all
            _call_threadsafe(loop, _cancel_all_tasks, loop)
        return loop

    def submit(
        self,
        coro: Coroutine[Any, Any, Any],
        name: str | None,
        context: contextvars.Context | None,
    ) -> concurrent.futures.Future[Any]:
        what = getattr(coro, "__qualname__", "coroutine")
        self.tracker.handoff(current_thread_name(), self.loop_thread, HandoffKind.PROGRAM_RUN, what)
        # Everything the program makes from this context carries its mark (see callbacks).
        context = mark(contextvars.copy_context() if context is None else context, self.resources)
        wrapper: Any = _as_asyncio_run(coro, self.resources, self.stopping)
        # To every view the task is the learner's coroutine: its name here, and the line it
        # is parked at because awaiting.py skips the lab's frames (core/learner_code.py).
        wrapper.__name__ = getattr(coro, "__name__", wrapper.__name__)
        wrapper.__qualname__ = getattr(coro, "__qualname__", wrapper.__qualname__)
        future = submit_threadsafe(self.loop, wrapper, name, context=context)
        # Stopped before its task took a first step, the wrapper never awaited ``coro``: close
        # it, so Python does not warn that the program's coroutine was never awaited.
        future.add_done_callback(lambda _: _close_if_unstarted(coro))
        with self._lock:
            self._futures.append(future)
            stopped = self._stopped
        if stopped:  # Stop came while this was being submitted (its task may run already)
            future.request_cancel()
        return future

    def stop(self) -> None:
        """Cancel the program's coroutines on the loop (and, through ``main``, all it left)."""
        self.stopping.set()
        with self._lock:
            self._stopped = True
            futures = list(self._futures)
            own_loops = list(self._own_loops)
        # First its queued callbacks go (see callbacks.drop_program_callbacks), then its tasks.
        with contextlib.suppress(RuntimeError):  # the loop is closed: nothing runs on it
            self.loop.call_soon_threadsafe(
                drop_program_callbacks, self.loop, self.resources, context=contextvars.Context()
            )
        for future in futures:
            cancel = getattr(future, "request_cancel", future.cancel)
            cancel()
        for loop in own_loops:
            _call_threadsafe(loop, _cancel_all_tasks, loop)
        # Connection handlers are nobody's child: cancel them now, or a server's close could
        # wait for them (Python 3.12+) and keep main from ending.
        with contextlib.suppress(RuntimeError):  # the loop is closed: nothing runs on it
            self.loop.call_soon_threadsafe(
                self.resources.cancel_handlers, context=contextvars.Context()
            )

    def runner_class(self) -> type:
        driver = self

        class Runner:
            """``asyncio.Runner`` over the lab's loop: every ``run`` is a task on it."""

            def __init__(
                self,
                *,
                debug: bool | None = None,
                loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None,
            ) -> None:
                driver.used = True
                on_main = threading.get_ident() == driver._main_thread
                if loop_factory is None and (not on_main or driver._debug_differs(debug)):
                    loop_factory = driver._own_loop
                self._own = (
                    asyncio.Runner(debug=debug, loop_factory=loop_factory)
                    if loop_factory is not None or not on_main
                    else None
                )
                self._closed = False
                # asyncio.Runner runs every coroutine in one context of its own unless told
                # otherwise: a ContextVar set by one run() is still set in the next.
                self._context: contextvars.Context | None = None

            def __enter__(self) -> Runner:
                return self

            def __exit__(self, *exc: object) -> None:
                self.close()

            def run(
                self, coro: Coroutine[Any, Any, Any], *, context: contextvars.Context | None = None
            ) -> Any:
                if self._closed:
                    coro.close()
                    raise RuntimeError("Runner is closed")
                driver.refuse_if_stopping(coro)
                if self._own is not None:
                    return driver.run_own(self._own, coro, context)
                if self._context is None:
                    self._context = contextvars.copy_context()
                run_in = context if context is not None else self._context
                return carried_result(driver.submit(coro, None, run_in))

            def get_loop(self) -> asyncio.AbstractEventLoop:
                return self._own.get_loop() if self._own is not None else driver.loop

            def close(self) -> None:
                if self._own is not None:
                    self._own.close()
                self._closed = True

        Runner.__name__ = Runner.__qualname__ = "Runner"
        return Runner


def _close_if_unstarted(coro: Coroutine[Any, Any, Any]) -> None:
    if inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
        coro.close()


def _call_threadsafe(
    loop: asyncio.AbstractEventLoop, callback: Callable[..., Any], *args: Any
) -> None:
    with contextlib.suppress(RuntimeError):  # closed meanwhile: nothing runs on it any more
        loop.call_soon_threadsafe(callback, *args)


def _cancel_all_tasks(loop: asyncio.AbstractEventLoop) -> None:
    for task in asyncio.all_tasks(loop):
        task.cancel()


class Carried(Exception):  # noqa: N818 (it reads as what it does)
    """What a program's coroutine raised that must not reach the loop as itself.

    ``sys.exit()``, KeyboardInterrupt and the lab's ProgramStopped would escape a task into
    the loop that runs it (asyncio re-raises SystemExit and KeyboardInterrupt out of
    ``run_forever``): on the window's host that is the whole app, or its loop thread. A
    CancelledError the program caused itself would read as a Stop. So they travel as this
    ordinary exception and :func:`carried_result` raises the original on the program's
    thread, where ``asyncio.run`` would have raised it.
    """

    def __init__(self, original: BaseException) -> None:
        super().__init__(f"{type(original).__name__}: {original}")
        self.original = original


def carried_result(future: concurrent.futures.Future[Any]) -> Any:
    """``future.result()``, raising what the program raised, not its carrier."""
    try:
        return future.result()
    except Carried as carried:
        raise carried.original from None


async def _as_asyncio_run(
    coro: Coroutine[Any, Any, Any], resources: ProgramResources, stopping: threading.Event
) -> Any:
    """Await ``coro``; then cancel what it left running and wait for it, as asyncio.run does,
    and close the children, servers and connections the program left open."""
    me = asyncio.current_task()
    if me is not None:
        resources.main(me)
    try:
        return await coro
    except (SystemExit, KeyboardInterrupt, ProgramStopped) as exc:
        raise Carried(exc) from None
    except asyncio.CancelledError as exc:
        if stopping.is_set():
            raise
        raise Carried(exc) from None  # the program's own: not a Stop
    finally:
        if me is not None:
            # asyncio's own tasks (connecting a child's pipes...) finish by themselves: cut
            # short, they leave pipes and sockets half made.
            leftover = [
                t for t in tracked_descendants(me) if not t.done() and not made_by_asyncio(t)
            ]
            for task in leftover:
                task.cancel()
            if leftover:
                await asyncio.gather(*leftover, return_exceptions=True)
        await resources.release()
