"""A to_thread job that never returns: switching hosts waits a bounded time, and closing the
app exits at once with one line saying what was left behind. No hung process, no Qt abort."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from asyncio_lab.core import left_behind

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("host", ["integrated", "threaded"])
@pytest.mark.parametrize("how", ["close", "switch"])
def test_a_job_that_never_returns_does_not_hold_the_app(host, how):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tests.apps.stuck_app", host, how],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    took = time.monotonic() - started
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])  # not 134, not killed
    assert "CLOSING" in done.stdout
    if how == "switch":
        switched = float(done.stdout.split("SWITCHED ")[1].split()[0])
        assert switched < 3.0  # a bounded wait, not for ever
    lines = [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]
    assert len(lines) == 1, done.stderr
    assert "left 1 blocked thread(s) running" in lines[0] and "to_thread" in lines[0]
    assert took < 30


def test_threads_that_ended_are_not_reported():
    assert left_behind.still_running(grace=0.1) == []
    gate = threading.Event()
    worker = threading.Thread(target=gate.wait, name="blocked-one")
    worker.start()
    try:
        assert left_behind.still_running(grace=0.05) == ["blocked-one"]
        alive = [True]
        left_behind.leave_behind(("a QThread worker",), lambda: alive[0])
        assert left_behind.still_running(grace=0.05) == ["blocked-one", "a QThread worker"]
        alive[0] = False
    finally:
        gate.set()
        worker.join()
    assert left_behind.still_running(grace=0.1) == []
    line = left_behind.describe(["asyncio_0"])
    assert "\n" not in line and "asyncio_0" in line
