"""Recordings: a run's events as JSON lines, written while it runs and read back whole.

The first line says what the file is and which versions wrote it::

    {"format": "asyncio-lab-recording", "version": 1, "asyncio_lab": "0.1.0",
     "python": "3.13.0", "program": "sleep-gather", "host": "threaded"}

Every other line is one event exactly as ``asyncio-lab run --json`` prints it
(:func:`~asyncio_lab.core.formatting.to_json`), except that ``t`` keeps every digit.
:func:`from_json` turns such an object back into an equal event.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LabEvent,
    LogEvent,
    LogLevel,
    PrimitiveEvent,
    ProgressEvent,
    TaskEvent,
    TaskState,
    WaitEvent,
)
from asyncio_lab.core.formatting import to_json

FORMAT = "asyncio-lab-recording"
VERSION = 1
MAX_LINE = 1_000_000  # characters: a longer line is not one of ours


class RecordingError(Exception):
    """A file that is not a recording we can read; ``str()`` is one line for a person."""


@dataclass(frozen=True, slots=True)
class Recording:
    header: dict[str, Any]
    events: list[LabEvent] = field(default_factory=list)

    @property
    def program(self) -> str | None:
        value = self.header.get("program")
        return value if isinstance(value, str) else None


def app_version() -> str:
    try:
        return metadata.version("asyncio-lab")
    except metadata.PackageNotFoundError:
        return "unknown"


def header(program: str | None = None, host: str | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "asyncio_lab": app_version(),
        "python": platform.python_version(),
        "program": program,
        "host": host,
    }


def event_line(event: LabEvent) -> str:
    record = to_json(event)
    record["t"] = event.t  # every digit: the event read back is the event written
    return json.dumps(record, ensure_ascii=False)


class RecordingWriter:
    """Writes the header at once, then each event as it comes (``asyncio-lab run --record``)."""

    def __init__(self, stream: IO[str], program: str | None = None, host: str | None = None):
        self._stream = stream
        stream.write(json.dumps(header(program, host), ensure_ascii=False) + "\n")

    def write(self, event: LabEvent) -> None:
        self._stream.write(event_line(event) + "\n")


def write_recording(
    path: str | Path,
    events: Iterable[LabEvent],
    program: str | None = None,
    host: str | None = None,
) -> None:
    """Write a whole recording; OSError if the file cannot be written."""
    with open(path, "w", encoding="utf-8") as stream:
        writer = RecordingWriter(stream, program, host)
        for event in events:
            writer.write(event)


def read_recording(path: str | Path) -> Recording:
    """Read a recording back; RecordingError (one line) for anything else."""
    name = Path(path).name
    try:
        with open(path, encoding="utf-8") as stream:
            return _read(stream, name)
    except FileNotFoundError:
        raise RecordingError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise RecordingError(f"{path} is a folder, not a recording") from None
    except UnicodeDecodeError:
        raise RecordingError(f"{name} is not a recording: it is not UTF-8 text") from None
    except OSError as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read(stream: IO[str], name: str) -> Recording:
    first = stream.readline(MAX_LINE)
    try:
        head = json.loads(first) if first.strip() else None
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise RecordingError(
            f"{name} is not an asyncio-lab recording (its first line should say "
            f'"format": "{FORMAT}")'
        )
    version = head.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise RecordingError(
            f"{name} is a recording of format version {version}; this asyncio-lab "
            f"({app_version()}) reads version {VERSION}"
        )
    events: list[LabEvent] = []
    for number, line in enumerate(stream, start=2):
        if not line.strip():
            continue
        try:
            events.append(from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise RecordingError(f"{name}, line {number}: not an event ({_why(exc)})") from None
    return Recording(head, events)


def _why(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"no {exc.args[0]!r}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def from_json(record: Any) -> LabEvent:
    """The event :func:`to_json` (or a recording line) describes; ValueError/KeyError if not."""
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object")
    kind = record["kind"]
    t = _number(record["t"])
    thread = _text(record["thread"])
    if kind == "task":
        return TaskEvent(
            t,
            int(record["task_id"]),
            _maybe_text(record.get("name")),
            TaskState(record["state"]),
            thread,
            _maybe_text(record.get("awaiting")),
            _maybe_int(record.get("line")),
            _maybe_text(record.get("outcome")),
            _maybe_text(record.get("coro")),
            _maybe_int(record.get("parent_id")),
            tuple(int(i) for i in record.get("awaited_ids", ())),
        )
    if kind == "handoff":
        return HandoffEvent(
            t,
            _text(record["source_thread"]),
            _text(record["target_thread"]),
            HandoffKind(record["handoff"]),
            _text(record["subject"]),
            _maybe_int(record.get("task_id")),
        )
    if kind == "progress":
        return ProgressEvent(t, thread, _text(record["label"]), int(record["done"]),
                             int(record["total"]))  # fmt: skip
    if kind == "primitive":
        return PrimitiveEvent(
            t,
            thread,
            _text(record["primitive"]),
            _text(record["primitive_kind"]),
            _text(record["primitive_state"]),
            tuple(_text(h) for h in record["holders"]),
            tuple(_text(w) for w in record["waiters"]),
        )
    if kind == "wait":
        timeout = record.get("timeout")
        return WaitEvent(
            t,
            thread,
            _text(record["mode"]),
            None if timeout is None else _number(timeout),
            _number(record["elapsed"]),
            tuple(int(i) for i in record["done_ids"]),
            tuple(int(i) for i in record["pending_ids"]),
            tuple(_text(n) for n in record["done"]),
            tuple(_text(n) for n in record["pending"]),
        )
    level = LogLevel.INFO if kind == "log" else LogLevel(kind)
    return LogEvent(t, thread, _text(record["message"]), level, _maybe_text(record.get("task")))


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _maybe_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value
