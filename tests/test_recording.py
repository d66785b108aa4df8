"""Recordings: written by `run --record`, read back into equal events; bad files told in a line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LogEvent,
    LogLevel,
    PrimitiveEvent,
    ProgressEvent,
    TaskEvent,
    TaskState,
    WaitEvent,
)
from asyncio_lab.core.formatting import to_json
from asyncio_lab.core.recording import (
    FORMAT,
    RecordingError,
    event_line,
    from_json,
    read_recording,
    write_recording,
)

COMMAND = Path(sys.executable).with_name("asyncio-lab")
DEMO = "coroutines.sequential-vs-tasks"

EVERY_KIND = [
    TaskEvent(0.1, 1, None, TaskState.PENDING, "MainThread", coro_name="main", parent_id=None),
    TaskEvent(0.2, 2, "job", TaskState.SUSPENDED, "loop", "sleep()", 7, None, "job", 1, (3, 4)),
    TaskEvent(0.3, 2, "job", TaskState.FAILED, "loop", outcome="ValueError: x"),
    LogEvent(0.4, "loop", "hello", LogLevel.PRINT, "job"),
    LogEvent(0.5, "loop", "note"),
    LogEvent(0.5, "loop", "careful", LogLevel.WARNING),
    HandoffEvent(0.6, "loop", "asyncio_0", HandoffKind.JOB_START, "blocking", 2),
    HandoffEvent(0.6, "GUI", "loop", HandoffKind.SUBMIT, "main"),
    ProgressEvent(0.7, "loop", "rows", 3, 10),
    PrimitiveEvent(0.8, "loop", "lock", "Lock", "locked", ("a",), ("b", "c")),
    WaitEvent(0.9, "loop", "FIRST_COMPLETED", 2.0, 1.0, (1,), (2, 3), ("A",), ("B", "C")),
    WaitEvent(1.0 / 3, "loop", "ALL_COMPLETED", None, 0.25),
]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: type(e).__name__)
def test_every_kind_of_event_reads_back_equal(event):
    assert from_json(json.loads(event_line(event))) == event
    # What --json prints reads back too (its time rounded to the microsecond).
    assert from_json(to_json(event)).t == pytest.approx(event.t, abs=1e-6)


def test_a_written_recording_reads_back_the_same_events(tmp_path):
    path = tmp_path / "run.jsonl"
    write_recording(path, EVERY_KIND, program="some.lesson", host="threaded")
    recording = read_recording(path)
    assert recording.events == EVERY_KIND
    assert recording.program == "some.lesson"
    assert recording.header["format"] == FORMAT and recording.header["python"]


def test_run_record_writes_what_json_prints_after_a_version_line(tmp_path):
    path = tmp_path / "out.jsonl"
    out = cli("run", DEMO, "--param", "first=0.05", "--param", "second=0.05", "--json",
              "--record", str(path))  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = path.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    assert head["format"] == FORMAT and head["program"] == DEMO and head["asyncio_lab"]
    printed = [json.loads(line) for line in out.stdout.splitlines()]
    recorded = [json.loads(line) for line in lines[1:]]
    assert len(recorded) == len(printed)
    for shown, kept in zip(printed, recorded, strict=True):
        assert shown == kept | {"t": round(kept["t"], 6)}
    events = read_recording(path).events
    assert [e.t for e in events] == [r["t"] for r in recorded]
    assert any(isinstance(e, TaskEvent) and e.state is TaskState.DONE for e in events)


BAD_FILES = {
    "empty.jsonl": b"",
    "text.jsonl": b"hello world\n",
    "foreign.json": b'{"traceEvents": []}\n',
    "binary.jsonl": b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe",
    "future.jsonl": json.dumps({"format": FORMAT, "version": 99}).encode() + b"\n",
    "badline.jsonl": json.dumps({"format": FORMAT, "version": 1}).encode()
    + b'\n{"kind": "task", "t": 0.1}\n',
    "notjson.jsonl": json.dumps({"format": FORMAT, "version": 1}).encode() + b"\n{oops\n",
    "badstate.jsonl": json.dumps({"format": FORMAT, "version": 1}).encode()
    + b'\n{"kind": "task", "t": 0.1, "thread": "x", "task_id": 1, "state": "asleep"}\n',
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_corrupt_or_foreign_file_is_one_line_of_explanation(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(RecordingError) as caught:
        read_recording(path)
    message = str(caught.value)
    assert "\n" not in message and name in message


def test_missing_files_and_folders_are_told_too(tmp_path):
    for path in (tmp_path / "nope.jsonl", tmp_path):
        with pytest.raises(RecordingError) as caught:
            read_recording(path)
        assert "\n" not in str(caught.value)


def test_open_refuses_a_bad_file_with_one_line_and_exit_2(tmp_path):
    path = tmp_path / "foreign.json"
    path.write_bytes(BAD_FILES["foreign.json"])
    out = cli("open", str(path))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "not an asyncio-lab recording" in out.stderr
    assert "Traceback" not in out.stderr
