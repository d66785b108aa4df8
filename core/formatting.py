"""One way to turn an event into a line of text or a JSON object, for every view."""

from __future__ import annotations

from typing import Any

from asyncio_lab.core.events import (
    HandoffEvent,
    LabEvent,
    LogEvent,
    LogLevel,
    PrimitiveEvent,
    ProgressEvent,
    TaskEvent,
    TaskState,
    WaitEvent,
)


def event_kind(event: LabEvent) -> str:
    """``task``, ``handoff``, ``progress``, ``log``, ``result``, ``warning`` or ``error``."""
    if isinstance(event, TaskEvent):
        return "task"
    if isinstance(event, HandoffEvent):
        return "handoff"
    if isinstance(event, ProgressEvent):
        return "progress"
    if isinstance(event, PrimitiveEvent):
        return "primitive"
    if isinstance(event, WaitEvent):
        return "wait"
    return event.level.value if event.level is not LogLevel.INFO else "log"


def event_message(event: LabEvent) -> str:
    if isinstance(event, TaskEvent):
        return _task_message(event)
    if isinstance(event, HandoffEvent):
        return f"{event.source_thread} → {event.target_thread}: {event.what}"
    if isinstance(event, ProgressEvent):
        return f"{event.label}: {event.done:,} / {event.total:,}"
    if isinstance(event, PrimitiveEvent):
        held = ", ".join(event.holders) or "nobody"
        waits = f"; waiting: {', '.join(event.waiters)}" if event.waiters else ""
        return f"{event.kind} {event.label}: {event.state}; held by {held}{waits}"
    if isinstance(event, WaitEvent):
        return (
            f"asyncio.wait({event.mode}) returned: done {', '.join(event.done) or '—'}; "
            f"pending {', '.join(event.pending) or '—'}"
        )
    return event.message


def _task_message(event: TaskEvent) -> str:
    state = event.state
    if state is TaskState.PENDING:
        return f"created {event.coro_name or 'task'}()"
    if state is TaskState.SUSPENDED:
        where = f" (line {event.line})" if event.line else ""
        return f"suspended, awaiting {event.awaiting}{where}"
    if state is TaskState.DONE:
        return f"done → {event.outcome}"
    if state is TaskState.FAILED:
        return f"failed: {event.outcome}"
    if state is TaskState.CANCELLED:
        return "cancelled"
    return "running"


def event_task(event: LabEvent) -> str | None:
    if isinstance(event, TaskEvent):
        return event.label
    if isinstance(event, LogEvent):
        return event.task_name
    return None


def format_line(event: LabEvent) -> str:
    """``+  1.234s [thread] task: message`` — the same line in the log pane and the terminal."""
    task = event_task(event)
    who = f"{task}: " if task else ""
    return f"+{event.t:8.3f}s [{_thread(event)}] {who}{event_message(event)}"


def to_json(event: LabEvent) -> dict[str, Any]:
    """The event as one JSON object; :func:`asyncio_lab.core.recording.from_json` reads it
    back into an equal event (the fields past ``message`` are there for that)."""
    record: dict[str, Any] = {
        "t": round(event.t, 6),
        "thread": _thread(event),
        "kind": event_kind(event),
        "task": event_task(event),
        "message": event_message(event),
    }
    if isinstance(event, TaskEvent):
        record["state"] = event.state.value
        record["task_id"] = event.task_id
        if event.awaiting is not None:
            record["awaiting"] = event.awaiting
        if event.line is not None:
            record["line"] = event.line
        if event.outcome is not None:
            record["outcome"] = event.outcome
        record["name"] = event.name
        if event.coro_name is not None:
            record["coro"] = event.coro_name
        if event.parent_id is not None:
            record["parent_id"] = event.parent_id
        if event.awaited_ids:
            record["awaited_ids"] = list(event.awaited_ids)
    elif isinstance(event, PrimitiveEvent):
        record["primitive"] = event.label
        record["primitive_kind"] = event.kind
        record["primitive_state"] = event.state
        record["holders"] = list(event.holders)
        record["waiters"] = list(event.waiters)
    elif isinstance(event, ProgressEvent):
        record["label"] = event.label
        record["done"] = event.done
        record["total"] = event.total
    elif isinstance(event, WaitEvent):
        record["mode"] = event.mode
        record["timeout"] = event.timeout
        record["elapsed"] = round(event.elapsed, 6)
        record["done_ids"] = list(event.done_ids)
        record["pending_ids"] = list(event.pending_ids)
        record["done"] = list(event.done)
        record["pending"] = list(event.pending)
    elif isinstance(event, HandoffEvent):
        record["handoff"] = event.kind.value
        record["subject"] = event.subject
        record["source_thread"] = event.source_thread
        record["target_thread"] = event.target_thread
        record["task_id"] = event.task_id
    return record


def _thread(event: LabEvent) -> str:
    return event.source_thread if isinstance(event, HandoffEvent) else event.thread
