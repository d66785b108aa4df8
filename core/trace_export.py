"""Write a run as Chrome trace-event JSON, which Perfetto and chrome://tracing open.

The format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
One track (``tid``) per thread, named by ``thread_name`` metadata. A task's running steps are
complete slices (``X``) on the thread that ran them; its whole life, with the time it spent
suspended nested inside, is an async slice (``b``/``e``) of its own. to_thread jobs are slices on
their worker's track, and every hand-off is a flow arrow (``s`` -> ``f`` with ``bp: "e"``)
between two tiny slices the arrow binds to.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, NamedTuple

from asyncio_lab.core.events import LabEvent, LogEvent, TaskState
from asyncio_lab.core.timeline import JobBar, TaskBar, Timeline


class _Note(NamedTuple):
    t: float
    thread: str
    message: str
    level: str
    task_name: str | None


PID = 1
US = 1_000_000  # trace timestamps are microseconds
HANDOFF_DUR_US = 0.0  # the slices flow arrows bind to: instants, so they never overlap a step


def trace_events(events: list[LabEvent]) -> list[dict[str, Any]]:
    """The ``traceEvents`` array for ``events`` (every log line becomes an instant event)."""
    timeline = Timeline()
    timeline.add(events)
    logs = [_Note(e.t, e.thread, e.message, e.level.value, e.task_name) for e in events
            if isinstance(e, LogEvent)]  # fmt: skip
    return timeline_trace(timeline, logs)


def timeline_trace(timeline: Timeline, logs: list[_Note] | None = None) -> list[dict[str, Any]]:
    """The ``traceEvents`` array for a timeline; without ``logs``, its warnings are the notes."""
    if logs is None:
        logs = [_Note(m.t, m.lane, m.message, m.level.value, m.task_name) for m in timeline.markers]
    for note in logs:
        timeline.lane(note.thread)  # a thread that only talked still gets its track
    end = timeline.end_time
    tids = {name: i for i, name in enumerate(timeline.lanes, start=1)}
    out: list[dict[str, Any]] = [
        {"ph": "M", "name": "process_name", "pid": PID, "tid": 0, "args": {"name": "asyncio-lab"}}
    ]
    for name, tid in tids.items():
        out.append(
            {"ph": "M", "name": "thread_name", "pid": PID, "tid": tid, "args": {"name": name}}
        )
        out.append(
            {
                "ph": "M",
                "name": "thread_sort_index",
                "pid": PID,
                "tid": tid,
                "args": {"sort_index": tid},
            }
        )
    for bar in timeline.bars.values():
        out.extend(_task_slices(bar, tids[bar.lane], end))
    for job in timeline.jobs:
        out.append(_job_slice(job, tids[job.lane], end))
    for flow_id, arrow in enumerate(timeline.arrows, start=1):
        ts = arrow.t * US
        args = {"what": arrow.what, "task_id": arrow.task_id}
        for tid, ph in ((tids[arrow.source], "s"), (tids[arrow.target], "f")):
            out.append(
                {
                    "ph": "X",
                    "name": f"hand-off: {arrow.what}",
                    "cat": "handoff",
                    "pid": PID,
                    "tid": tid,
                    "ts": ts,
                    "dur": HANDOFF_DUR_US,
                    "args": args,
                }
            )
            flow = {
                "ph": ph,
                "name": "hand-off",
                "cat": "handoff",
                "id": flow_id,
                "pid": PID,
                "tid": tid,
                "ts": ts,
            }
            if ph == "f":
                flow["bp"] = "e"  # bind to the slice enclosing ts on the target thread
            out.append(flow)
    for note in logs:
        out.append(
            {
                "ph": "i",
                "s": "t",
                "name": _first_line(note.message),
                "cat": f"log.{note.level}",
                "pid": PID,
                "tid": tids[note.thread],
                "ts": note.t * US,
                "args": {"message": note.message, "task": note.task_name},
            }
        )
    out.sort(key=lambda e: (e.get("ts", -1.0), e["ph"] != "M"))
    return out


def write_trace(events: list[LabEvent], path: str) -> None:
    """Write ``events`` to ``path`` as a JSON object trace (``{"traceEvents": [...]}``)."""
    _write(trace_events(events), path)


def write_timeline_trace(timeline: Timeline, path: str) -> None:
    """Write what a timeline holds (the window keeps no raw events) to ``path``."""
    _write(timeline_trace(timeline), path)


def cannot_write(path: str) -> str | None:
    """Why nothing can be written to ``path``, in one line; None if it can. Checked by writing:
    the file is opened for appending (and removed again if this made it)."""
    if not path.strip():
        return "no file name given"
    target = Path(path)
    if target.is_dir():
        return f"{path} is a folder, not a file"
    existed = target.exists()
    try:
        with open(target, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    if not existed:
        with contextlib.suppress(OSError):
            target.unlink()
    return None


def _write(trace: list[dict[str, Any]], path: str) -> None:
    document = {
        "traceEvents": trace,
        "displayTimeUnit": "ms",
        "otherData": {"generator": "asyncio-lab"},
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False)


def _task_slices(bar: TaskBar, tid: int, end: float) -> list[dict[str, Any]]:
    final = bar.state.value if bar.end is not None else f"{bar.state.value} (still live)"
    life_args = {
        "task_id": bar.task_id,
        "coro": bar.coro_name,
        "final": final,
        "outcome": bar.outcome,
        "thread": bar.lane,
    }
    cat = "task"
    life_id = f"task-{bar.task_id}"
    out: list[dict[str, Any]] = [
        {
            "ph": "b",
            "name": bar.label,
            "cat": cat,
            "id": life_id,
            "pid": PID,
            "tid": tid,
            "ts": bar.start * US,
            "args": life_args,
        },
    ]
    for seg in bar.segments:
        seg_end = seg.end if seg.end is not None else (bar.end if bar.end is not None else end)
        if seg.state is TaskState.RUNNING:
            out.append(
                {
                    "ph": "X",
                    "name": bar.label,
                    "cat": "step",
                    "pid": PID,
                    "tid": tid,
                    "ts": seg.start * US,
                    "dur": max(0.0, seg_end - seg.start) * US,
                    "args": {"task_id": bar.task_id},
                }
            )
        elif seg.state is TaskState.SUSPENDED:
            name = f"await {seg.awaiting}" if seg.awaiting else "suspended"
            args = {"line": seg.line, "awaiting": seg.awaiting}
            out.append(
                {
                    "ph": "b",
                    "name": name,
                    "cat": cat,
                    "id": life_id,
                    "pid": PID,
                    "tid": tid,
                    "ts": seg.start * US,
                    "args": args,
                }
            )
            out.append(
                {
                    "ph": "e",
                    "name": name,
                    "cat": cat,
                    "id": life_id,
                    "pid": PID,
                    "tid": tid,
                    "ts": seg_end * US,
                }
            )
    out.append(
        {
            "ph": "e",
            "name": bar.label,
            "cat": cat,
            "id": life_id,
            "pid": PID,
            "tid": tid,
            "ts": (bar.end if bar.end is not None else end) * US,
        }
    )
    return out


def _job_slice(job: JobBar, tid: int, end: float) -> dict[str, Any]:
    job_end = job.end if job.end is not None else end
    return {
        "ph": "X",
        "name": job.what,
        "cat": "job",
        "pid": PID,
        "tid": tid,
        "ts": job.start * US,
        "dur": max(0.0, job_end - job.start) * US,
        "args": {"task_id": job.task_id, "from": job.caller, "returned": job.end is not None},
    }


def _first_line(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 80 else line[:79] + "…"
