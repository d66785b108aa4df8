"""Write a run as Chrome trace-event JSON, which Perfetto and chrome://tracing open.

The format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
One track (``tid``) per thread, named by ``thread_name`` metadata. A task's running steps are
complete slices (``X``) on the thread that ran them; its whole life, with the time it spent
suspended nested inside, is an async slice (``b``/``e``) of its own. to_thread jobs are slices on
their worker's track, and every hand-off is a flow arrow (``s`` -> ``f`` with ``bp: "e"``)
between two tiny slices the arrow binds to.
"""

from __future__ import annotations

import json
from typing import Any

from asyncio_lab.core.events import LabEvent, LogEvent, TaskState
from asyncio_lab.core.timeline import JobBar, TaskBar, Timeline

PID = 1
US = 1_000_000  # trace timestamps are microseconds
HANDOFF_DUR_US = 0.0  # the slices flow arrows bind to: instants, so they never overlap a step


def trace_events(events: list[LabEvent]) -> list[dict[str, Any]]:
    """The ``traceEvents`` array for ``events``."""
    timeline = Timeline()
    timeline.add(events)
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
    for event in events:
        if isinstance(event, LogEvent):
            out.append(
                {
                    "ph": "i",
                    "s": "t",
                    "name": _first_line(event.message),
                    "cat": f"log.{event.level.value}",
                    "pid": PID,
                    "tid": tids[event.thread],
                    "ts": event.t * US,
                    "args": {"message": event.message, "task": event.task_name},
                }
            )
    out.sort(key=lambda e: (e.get("ts", -1.0), e["ph"] != "M"))
    return out


def write_trace(events: list[LabEvent], path: str) -> None:
    """Write ``events`` to ``path`` as a JSON object trace (``{"traceEvents": [...]}``)."""
    document = {
        "traceEvents": trace_events(events),
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
