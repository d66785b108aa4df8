"""Shared helpers for the tests that run a demo through the headless runner."""

from __future__ import annotations

import re

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import LogEvent, LogLevel, PrimitiveEvent, TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless

# What the runner says when a demo leaves tasks behind (it cancels them).
LEFTOVER = re.compile(r" left \d+ task\(s\) running")


def run(demo_id: str, speed: float = 10, **params: object) -> DemoRun:
    """Run a demo headless; it must finish without an error and leave no task running."""
    result = run_headless(demo_id, params, speed=speed)
    assert result.ok, result.outcome
    assert not [m for m in messages(result) if LEFTOVER.search(m)]
    return result


def messages(result: DemoRun, level: LogLevel | None = None) -> list[str]:
    """The log lines of a run, in order; only those of ``level`` when given."""
    return [
        e.message
        for e in result.events
        if isinstance(e, LogEvent) and (level is None or e.level is level)
    ]


def primitives(result: DemoRun, label: str) -> list[PrimitiveEvent]:
    """What a run told the Sync view about its primitive ``label``, in order."""
    return [e for e in result.events if isinstance(e, PrimitiveEvent) and e.label == label]


def final_states(result: DemoRun) -> dict[str, TaskState]:
    """Each named task's last recorded state."""
    states: dict[str, TaskState] = {}
    for event in result.events:
        if isinstance(event, TaskEvent) and event.name is not None:
            states[event.name] = event.state
    return states


def printed(result: DemoRun) -> list[str]:
    """What the lesson's program printed, line by line, in order."""
    return result.printed


def printed_by(result: DemoRun) -> list[tuple[str, str | None, str]]:
    """Each printed line with the thread and the task that printed it."""
    return [
        (e.message, e.task_name, e.thread)
        for e in result.events
        if isinstance(e, LogEvent) and e.level is LogLevel.PRINT
    ]


def run_program(demo_id: str, speed: float = 10, **params: object) -> DemoRun:
    """Run a program lesson headless; it must end as a plain ``python`` run would, cleanly."""
    result = run_headless(demo_id, params, speed=speed)
    assert result.outcome is not None, f"{demo_id} is not a program lesson"
    assert result.outcome.ok, f"{result.outcome.message}\n{result.outcome.details}"
    return result


def stop_half_way(demo_id: str, after: float, speed: float = 1.0) -> tuple[bool, list[str]]:
    """Run a program lesson as the window does (on a loop host) and press Stop after ``after`` s.

    Returns whether it was still running when stopped, and every error the loop or the lab
    logged (none may appear: a stopped lesson leaves nothing that fails later).
    """
    import time

    from asyncio_lab.core.program.on_host import ProgramHandle
    from asyncio_lab.core.program.run import Ending
    from asyncio_lab.core.threaded_host import ThreadedHost

    demo = catalogue.get(demo_id)
    host = ThreadedHost()
    host.start()
    try:
        handle = ProgramHandle(demo.program(), host, speed).start()
        time.sleep(after)
        was_running = not handle.outcome.done()
        handle.stop()
        outcome = handle.outcome.result(timeout=10)
        assert outcome.ending in (Ending.STOPPED, Ending.FINISHED), outcome
        time.sleep(0.4)  # let any stray timer or callback go off
    finally:
        host.shutdown()
    errors = [
        e.message
        for e in host.tracker.buffer.drain()
        if isinstance(e, LogEvent) and e.level is LogLevel.ERROR
    ]
    return was_running, errors
