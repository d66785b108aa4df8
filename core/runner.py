"""Run a lesson or a learner's program without a screen, and collect what happened."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from asyncio_lab.core import catalogue
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel
from asyncio_lab.core.mistakes import MistakeDetector
from asyncio_lab.core.program.clock import check_speed
from asyncio_lab.core.program.drivers import OwnLoopDriver
from asyncio_lab.core.program.run import ProgramOutcome, ProgramRun, report_outcome
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.core.tracker import Tracker

EventSink = Callable[[LabEvent], None]


@dataclass
class DemoRun:
    """What a headless run produced: every event, and how the program ended."""

    demo: Demo | None  # None for a learner's own script
    events: list[LabEvent] = field(default_factory=list)
    skipped: str | None = None  # why the lesson could not run here (e.g. Python too old)
    outcome: ProgramOutcome | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is not None and self.outcome.ok

    @property
    def printed(self) -> list[str]:
        """The lines the program printed, in order."""
        return [
            e.message for e in self.events if isinstance(e, LogEvent) and e.level is LogLevel.PRINT
        ]


def run_headless(
    demo_id: str,
    params: Mapping[str, Any] | None = None,
    *,
    speed: float = 1.0,
    sink: EventSink | None = None,
    debug: bool = False,
    stopping: threading.Event | None = None,
) -> DemoRun:
    """Run a lesson's program as ``python`` would; stream events to ``sink`` as they happen.

    Raises :class:`catalogue.UnknownDemo` or ValueError for a bad id, parameter or speed,
    before anything runs.
    """
    demo = catalogue.get(demo_id)
    values = demo.resolve(params or {})
    check_speed(speed)
    reason = demo.unavailable_reason
    if reason is not None:
        tracker = Tracker()
        run = DemoRun(demo, skipped=reason)
        tracker.log(f"{demo.id} skipped: {reason}", LogLevel.WARNING)
        _flush(tracker, run, sink)
        return run
    return run_program_headless(
        demo.program(values),
        speed=speed,
        sink=sink,
        debug=debug,
        run=DemoRun(demo),
        stopping=stopping,
    )


def run_program_headless(
    source: ProgramSource,
    *,
    speed: float = 1.0,
    sink: EventSink | None = None,
    debug: bool = False,
    run: DemoRun | None = None,
    stopping: threading.Event | None = None,
) -> DemoRun:
    """Run a plain program on this thread, as ``python`` would, with the lab's eyes on it.

    Its ``asyncio.run`` gets a tracked loop at ``speed``; events stream to ``sink`` as they
    happen. How it ended is ``run.outcome``; it never raises for what the program does.
    Setting ``stopping`` ends the program's blocking sleeps (in any of its threads) at once.
    """
    tracker = Tracker()
    result = run if run is not None else DemoRun(None)
    done = threading.Event()
    detector = MistakeDetector(now=tracker.now)
    pump = threading.Thread(
        target=_pump,
        args=(tracker, result, sink, done, detector),
        name="event-printer",
        daemon=True,
    )
    pump.start()
    program = ProgramRun(
        source,
        tracker,
        OwnLoopDriver(tracker, speed, debug or None),
        speed=speed,
        stopping=stopping,
    )
    tracker.log(f"▶ {source.filename}")
    try:
        outcome = program.execute()
    finally:
        program.stopping.set()
        done.set()
        pump.join()
    report_outcome(tracker, outcome)
    _flush(tracker, result, sink, detector)
    result.outcome = outcome
    return result


def _pump(
    tracker: Tracker,
    run: DemoRun,
    sink: EventSink | None,
    done: threading.Event,
    detector: MistakeDetector,
) -> None:
    while not done.wait(0.02):
        _flush(tracker, run, sink, detector)


def _flush(
    tracker: Tracker,
    run: DemoRun,
    sink: EventSink | None,
    detector: MistakeDetector | None = None,
) -> None:
    """Hand the new events on, each batch followed by the mistakes it reveals."""
    events = tracker.buffer.drain()
    if detector is not None:
        events.extend(detector.feed(events))
    for event in events:
        run.events.append(event)
        if sink is not None:
            sink(event)


__all__ = ["DemoRun", "EventSink", "run_headless", "run_program_headless"]
