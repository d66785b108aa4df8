"""Run one demo on a plain asyncio loop, without a screen, and collect what happened."""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asyncio_lab.core import catalogue
from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel
from asyncio_lab.core.host import cancel_everything
from asyncio_lab.core.mistakes import MistakeDetector
from asyncio_lab.core.program.clock import check_speed
from asyncio_lab.core.program.drivers import OwnLoopDriver
from asyncio_lab.core.program.run import ProgramOutcome, ProgramRun, report_outcome
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.core.task_tree import tracked_descendants
from asyncio_lab.core.tracker import Tracker

EventSink = Callable[[LabEvent], None]


@dataclass
class DemoRun:
    """What a headless run produced."""

    demo: Demo | None  # None for a learner's own script
    events: list[LabEvent] = field(default_factory=list)
    result: Any = None
    error: BaseException | None = None
    skipped: str | None = None  # why the demo could not run here (e.g. Python too old)
    checkpoints: list[str] = field(default_factory=list)
    outcome: ProgramOutcome | None = None  # how a program lesson (or script) ended

    @property
    def ok(self) -> bool:
        if self.outcome is not None:
            return self.outcome.ok
        return self.error is None

    @property
    def printed(self) -> list[str]:
        """The lines the program printed, in order."""
        return [
            e.message for e in self.events if isinstance(e, LogEvent) and e.level is LogLevel.PRINT
        ]


async def run_demo(demo: Demo, values: dict[str, Any], ctx: DemoContext) -> Any:
    """Run ``demo`` as a task named after it on the running loop; log its result or error.

    Shared by the headless runner and the window. A failure is reported, then re-raised.
    """
    return await _finish(demo, _start(demo, values, ctx), ctx)


def _start(demo: Demo, values: dict[str, Any], ctx: DemoContext) -> asyncio.Task[Any]:
    ctx.tracker.log(f"▶ {demo.id}: {demo.title}")
    if demo.run is None:
        raise ValueError(f"{demo.id} is a program: run it with ProgramRun")
    return asyncio.create_task(demo.run(ctx, **values), name=demo.id)


async def _finish(demo: Demo, task: asyncio.Task[Any], ctx: DemoContext) -> Any:
    tracker = ctx.tracker
    try:
        result = await task
    except asyncio.CancelledError:
        tracker.log(f"■ {demo.id} stopped", LogLevel.WARNING)
        raise
    except Exception as exc:
        tracker.log(
            f"✖ {demo.id} raised {type(exc).__name__}: {exc}\n{_short_traceback(exc)}",
            LogLevel.ERROR,
        )
        raise
    if result is not None:
        tracker.log(f"{demo.id} returned {result!r}", LogLevel.RESULT)
    tracker.log(f"✔ {demo.id} finished")
    return result


def run_headless(
    demo_id: str,
    params: dict[str, Any] | None = None,
    *,
    speed: float = 1.0,
    sink: EventSink | None = None,
    debug: bool = False,
) -> DemoRun:
    """Run a demo on a fresh ``asyncio.run`` loop; stream events to ``sink`` as they happen.

    Raises :class:`catalogue.UnknownDemo` or ValueError for a bad id or parameter, before
    anything runs.
    """
    demo = catalogue.get(demo_id)
    values = demo.resolve(params or {})
    check_speed(speed)
    if demo.is_program:
        reason = demo.unavailable_reason
        if reason is not None:
            tracker = Tracker()
            run = DemoRun(demo, skipped=reason)
            tracker.log(f"{demo.id} skipped: {reason}", LogLevel.WARNING)
            _flush(tracker, run, sink)
            return run
        return run_program_headless(
            demo.program(values), speed=speed, sink=sink, debug=debug, run=DemoRun(demo)
        )
    tracker = Tracker()
    ctx = DemoContext(tracker, speed=speed)
    run = DemoRun(demo)
    reason = demo.unavailable_reason
    if reason is not None:
        tracker.log(f"{demo.id} skipped: {reason}", LogLevel.WARNING)
        run.skipped = reason
        _flush(tracker, run, sink)
        return run

    done = threading.Event()
    detector = MistakeDetector(now=tracker.now)
    pump = threading.Thread(
        target=_pump, args=(tracker, run, sink, done, detector), name="event-printer", daemon=True
    )
    pump.start()

    async def main() -> Any:
        tracker.install(asyncio.get_running_loop())
        try:
            return await run_demo(demo, values, ctx)
        finally:
            leftover = await cancel_everything(exclude=asyncio.current_task())
            if leftover:
                tracker.log(
                    f"{demo.id} left {leftover} task(s) running; they were cancelled",
                    LogLevel.WARNING,
                )
            tracker.uninstall()

    try:
        run.result = asyncio.run(main(), debug=debug)
    except Exception as exc:
        run.error = exc
    finally:
        ctx.stopping.set()
        done.set()
        pump.join()
        _flush(tracker, run, sink, detector)
        run.checkpoints = list(ctx.checkpoints)
    return run


def run_program_headless(
    source: ProgramSource,
    *,
    speed: float = 1.0,
    sink: EventSink | None = None,
    debug: bool = False,
    run: DemoRun | None = None,
) -> DemoRun:
    """Run a plain program on this thread, as ``python`` would, with the lab's eyes on it.

    Its ``asyncio.run`` gets a tracked loop at ``speed``; events stream to ``sink`` as they
    happen. How it ended is ``run.outcome``; it never raises for what the program does.
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
    program = ProgramRun(source, tracker, OwnLoopDriver(tracker, speed, debug or None), speed=speed)
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


def _short_traceback(exc: BaseException) -> str:
    lines = traceback.format_exception(exc)
    return "".join(lines[-6:]).rstrip()


async def run_demo_contained(demo: Demo, values: dict[str, Any], ctx: DemoContext) -> Any:
    """:func:`run_demo`, then cancel every task the demo started and left running.

    The window uses this so that Stop, or a demo that forgets a task, leaves nothing behind on
    a loop that keeps living after the demo. "Started by the demo" means descended from this
    task or the demo's own (the tracker records each task's parent), so other work on the loop
    is left alone.
    """
    me = asyncio.current_task()
    task = _start(demo, values, ctx)
    try:
        return await _finish(demo, task, ctx)
    finally:
        roots = [task] if me is None else [me, task]
        leftover = [t for t in tracked_descendants(*roots) if not t.done()]
        for child in leftover:
            child.cancel()
        if leftover:
            await asyncio.gather(*leftover, return_exceptions=True)
            ctx.tracker.log(
                f"{demo.id} left {len(leftover)} task(s) running; they were cancelled",
                LogLevel.WARNING,
            )
