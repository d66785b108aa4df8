"""Run a program on a loop host (the window's): its top level in a thread of its own.

The program's ``asyncio.run(main())`` becomes the task ``main`` on the host's loop, so the
window shows it like any other work, on whichever host runs; the top level waits in the thread
``program-main`` as it would inside ``asyncio.run``. Stop cancels ``main`` (and with it all the
program started), ends its blocking sleeps, and as a last resort interrupts its thread.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import linecache
import sys
import threading
from typing import Any

from asyncio_lab.core.host import LoopHost
from asyncio_lab.core.program.clock import ProgramStopped, check_speed
from asyncio_lab.core.program.drivers import HostLoopDriver
from asyncio_lab.core.program.run import ProgramOutcome, ProgramRun, report_outcome
from asyncio_lab.core.program.source import ProgramSource

PROGRAM_THREAD = "program-main"
STOP_GRACE_SECONDS = 1.0  # then a thread stuck outside asyncio is interrupted


class ProgramHandle:
    """One program running on a host. ``outcome`` resolves (on the program's thread) at the end."""

    def __init__(self, source: ProgramSource, host: LoopHost, speed: float = 1.0) -> None:
        check_speed(speed)
        self.source = source
        self.outcome: concurrent.futures.Future[ProgramOutcome] = concurrent.futures.Future()
        self._host = host
        self._speed = speed
        stopping = threading.Event()
        self._driver = HostLoopDriver(host.loop, host.thread_name, host.tracker, speed, stopping)
        self._run = ProgramRun(source, host.tracker, self._driver, speed=speed, stopping=stopping)
        self._thread = threading.Thread(target=self._main, name=PROGRAM_THREAD, daemon=True)

    def start(self) -> ProgramHandle:
        self._set_loop_speed(self._speed)
        self._thread.start()
        return self

    def _main(self) -> None:
        self._driver.adopt_current_thread()
        self._host.tracker.log(f"▶ {self.source.filename}")
        outcome: ProgramOutcome | None = None
        try:
            outcome = self._run.execute()
        except ProgramStopped:  # delivered to this thread by stop(), outside the program
            outcome = _stopped(self.source)
        finally:
            self._set_loop_speed(1.0)
            final = outcome or _stopped(self.source)
            report_outcome(self._host.tracker, final)
            self.outcome.set_result(final)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stop the program: cancel its tasks, end its sleeps; interrupt a stuck top level."""
        self._run.stopping.set()
        self._driver.stop()
        threading.Thread(
            target=self._interrupt_if_stuck, name="program-stopper", daemon=True
        ).start()

    def _interrupt_if_stuck(self) -> None:
        self._thread.join(STOP_GRACE_SECONDS)
        self._interrupt()

    def _interrupt(self) -> None:
        """Raise ProgramStopped in the program's thread, where it runs Python code of its own
        (a loop with no sleep in it, say): the only way to stop a thread that never yields."""
        ident = self._thread.ident
        if self._thread.is_alive() and ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(ident), ctypes.py_object(ProgramStopped)
            )

    def join(self, timeout: float) -> bool:
        """Wait up to ``timeout`` for the program's thread to end, interrupting it half-way;
        True when it has ended."""
        if not self._thread.is_alive():
            return True
        self._thread.join(timeout / 2)
        self._interrupt()
        self._thread.join(timeout / 2)
        return not self._thread.is_alive()

    def stuck_in(self) -> str:
        """Where the program's thread is now, for a Stop that could not end it: the program
        line it runs ("line 7: t.join()"), or the function it waits in."""
        ident = self._thread.ident
        frame = sys._current_frames().get(ident) if ident is not None else None
        innermost = frame
        while frame is not None:
            if frame.f_code.co_filename == self.source.filename:
                text = linecache.getline(self.source.filename, frame.f_lineno).strip()
                return f"line {frame.f_lineno}: {text}" if text else f"line {frame.f_lineno}"
            frame = frame.f_back
        return f"{innermost.f_code.co_name}()" if innermost is not None else "the lab's code"

    def _set_loop_speed(self, speed: float) -> None:
        loop: Any = self._host.loop
        if hasattr(loop, "set_speed") and self._host.is_running:
            self._host.call_soon(loop.set_speed, speed)


def _stopped(source: ProgramSource) -> ProgramOutcome:
    from asyncio_lab.core.program.run import Ending

    return ProgramOutcome(Ending.STOPPED, f"{source.filename} was stopped", exit_code=130)
