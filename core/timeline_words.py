"""What the timeline says in words and numbers: a bar's tooltip, the axis' ticks."""

from __future__ import annotations

import math

from asyncio_lab.core.events import TaskState
from asyncio_lab.core.timeline import JobBar, Span


def describe_span(span: Span, now: float, owner: str | None = None) -> list[str]:
    """What a tooltip says about a bar: who, where, what it waits for, how time was spent.

    ``owner`` names the task a job bar works for, as the task's own bar is labelled."""
    if isinstance(span, JobBar):
        state = "returned" if span.end is not None else "still running"
        took = format_duration((span.end if span.end is not None else now) - span.start)
        task = f"task #{span.task_id}" if owner is None else f"{owner} (task #{span.task_id})"
        return [
            f"job {span.what}() on {span.lane}",
            f"handed over by {span.caller} for {task}"
            if span.task_id is not None
            else f"handed over by {span.caller}",
            f"{state} after {took}",
        ]
    lines = [f"{span.label}  (task #{span.task_id})", f"state: {span.state.value}",
             f"thread: {span.lane}"]  # fmt: skip
    if span.awaiting:
        lines.append(f"awaiting: {span.awaiting}")
    if span.line is not None:
        lines.append(f"line: {span.line}")
    if span.outcome:
        lines.append(f"outcome: {span.outcome}")
    run = format_duration(span.time_in(TaskState.RUNNING, now))
    wait = format_duration(span.time_in(TaskState.SUSPENDED, now))
    lines.append(f"running {run}, suspended {wait}")
    return lines


def axis_ticks(t0: float, t1: float, min_gap: float) -> list[tuple[float, str]]:
    """Round times between ``t0`` and ``t1`` at least ``min_gap`` seconds apart, with labels."""
    step = nice_step(min_gap)
    first = math.floor(t0 / step)
    count = max(0, int((t1 - first * step) / step) + 1)
    return [((first + i) * step, format_tick((first + i) * step, step)) for i in range(count)]


def nice_step(seconds: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``seconds``."""
    exp = 10.0 ** math.floor(math.log10(max(seconds, 1e-9)))
    return next(m * exp for m in (1, 2, 5, 10) if m * exp >= seconds)


def format_tick(t: float, step: float) -> str:
    if step >= 1:
        return f"{t:.0f} s"
    if step >= 0.001:
        digits = max(0, -math.floor(math.log10(step)))
        return f"{t * 1000:.0f} ms" if t < 1 else f"{t:.{digits}f} s"
    return f"{t * 1e6:.0f} µs"


def format_duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
