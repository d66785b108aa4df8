"""Running a learner's program text under the lab, for the tests: headless, or as the window
runs it (on a threaded loop host), pressing Stop once it has printed a given line."""

from __future__ import annotations

import time

from asyncio_lab.core.events import LogEvent, LogLevel
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.core.runner import run_program_headless


def run_text(text: str, speed: float = 1.0, name: str = "prog.py"):
    return run_program_headless(ProgramSource(text, name), speed=speed)


def printed_lines(events) -> list[str]:
    """What the program printed, in order, among ``events``."""
    return [e.message for e in events if isinstance(e, LogEvent) and e.level is LogLevel.PRINT]


def on_a_host(
    text: str, speed: float = 1.0, *, stop_once_printed: str | None = None
) -> tuple[object, list[str]]:
    """Run ``text`` as the window does (top level in its thread, main on a loop host): its
    outcome and what it printed. With ``stop_once_printed``, press Stop once it has printed
    that line (or after 10 s), and give it 10 s to end; else give it 20 s to finish."""
    from asyncio_lab.core.program.on_host import ProgramHandle
    from asyncio_lab.core.threaded_host import ThreadedHost

    host = ThreadedHost()
    host.start()
    said: list[str] = []
    try:
        handle = ProgramHandle(ProgramSource(text, "prog.py"), host, speed).start()
        if stop_once_printed is None:
            outcome = handle.outcome.result(timeout=20)
        else:
            deadline = time.monotonic() + 10
            while stop_once_printed not in said and time.monotonic() < deadline:
                said += printed_lines(host.tracker.buffer.drain())
                time.sleep(0.01)
            handle.stop()
            outcome = handle.outcome.result(timeout=10)
    finally:
        host.shutdown()
    return outcome, said + printed_lines(host.tracker.buffer.drain())
