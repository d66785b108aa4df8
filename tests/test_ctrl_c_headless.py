"""Ctrl+C on ``asyncio-lab run``: one line, exit 130, at once, even with to_thread jobs blocked
(issue 14, item 5). A real SIGINT goes to a real child process."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from tests.test_cli import COMMAND

# Three to_thread jobs that block 15 s (3 s at speed 0.2): waiting for them is what Ctrl+C
# must not do.
SLOW_JOBS = ("threads.to-thread-many", "--param", "b=3", "--param", "c=3", "--speed", "0.2")
JOBS_LAST = 15.0  # seconds the longest job would block


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs POSIX signals")
@pytest.mark.parametrize("output", [(), ("--json",)])
def test_ctrl_c_stops_the_run_at_once_in_one_line(output: tuple[str, ...]) -> None:
    proc = subprocess.Popen(
        [str(COMMAND), "run", *SLOW_JOBS, *output],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    started = 0
    for line in proc.stdout:  # wait until all three jobs block in their threads
        started += "start blocking_io" in line
        if started == 3:
            break
    assert started == 3
    pressed = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    took = time.monotonic() - pressed
    assert proc.returncode == 130, stderr
    assert stderr.splitlines() == ["asyncio-lab: to_thread_many.py was stopped"], stderr
    assert took < JOBS_LAST / 5, f"Ctrl+C took {took:.1f} s"
