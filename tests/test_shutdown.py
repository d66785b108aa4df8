"""Leaving with work in flight: quick, exit code 0, no asyncio or Qt complaints, nothing left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPLAINTS = (
    "Task was destroyed but it is pending",
    "Event loop is closed",
    "was never awaited",
    "Exception ignored",
    "Traceback",
    "QThread: Destroyed while thread is still running",
    "exception was never retrieved",
    "Fatal Python error",
)


def _start(host: str, how: str, mark: str = "") -> subprocess.Popen[str]:
    # children inherit the environment, so the mark finds any process the app left behind
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDEVMODE="1", LAB_TEST_MARK=mark)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.apps.busy_app", host, how],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _assert_clean(proc: subprocess.Popen[str], stderr: str) -> None:
    assert proc.returncode == 0, stderr
    for complaint in COMPLAINTS:
        assert complaint not in stderr, stderr


@pytest.mark.parametrize("host", ["integrated", "threaded"])
def test_closing_the_window_with_work_in_flight_exits_cleanly(host):
    mark = f"close-{host}-{uuid.uuid4()}"
    proc = _start(host, "close", mark)
    stdout, stderr = proc.communicate(timeout=30)
    exited = time.monotonic()
    _assert_clean(proc, stderr)
    closing = [line for line in stdout.splitlines() if line.startswith("CLOSING ")]
    assert closing, stdout
    close_seconds = exited - float(closing[0].split()[1])
    assert close_seconds < 3, f"closing took {close_seconds:.1f} s"
    assert _processes_marked(mark) == [], "child processes outlived the app"


def _processes_marked(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if f"LAB_TEST_MARK={mark}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("host", ["integrated", "threaded"])
def test_ctrl_c_in_the_terminal_quits_the_same_way(host):
    proc = _start(host, "sigint")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "READY", proc.stderr.read() if proc.stderr else ""
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=10)
        quit_seconds = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    _assert_clean(proc, stderr)
    assert quit_seconds < 3, f"quitting took {quit_seconds:.1f} s"
