"""The §3–§6 demos leave nothing behind: no child process, no socket, no thread.

Checked after a normal run and after a run stopped half-way with the window's Stop button (the
demo's task is cancelled, then every task it started). Children and sockets are read from /proc,
so these checks run where /proc exists (Linux); the catalogue checks run everywhere.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.params import Param
from asyncio_lab.core.runner import run_headless
from tests import window_driver as drive

STREAMS = [
    "streams.echo-server",
    "streams.serve-forever",
    "streams.unix-echo",
    "streams.socketpair",
    "streams.http-head",
    "streams.reading",
    "streams.backpressure",
]
SYNC = [
    "sync.lock",
    "sync.event",
    "sync.condition",
    "sync.semaphore",
    "sync.bounded-semaphore",
    "sync.barrier",
    "sync.queue",
    "sync.threading-lock",
]
SUBPROCESS = [
    "subprocess.exec",
    "subprocess.shell-quoting",
    "subprocess.streaming",
    "subprocess.interactive",
    "subprocess.several-at-once",
    "subprocess.failures",
    "subprocess.kill-on-stop",
]
LOOP = ["loop.callbacks", "loop.future", "loop.protocol-echo", "loop.runner-factory"]
OURS = STREAMS + SYNC + SUBPROCESS + LOOP

# Still running 0.25 s into a run at speed 1, so cancelling really stops them half-way.
LONG_RUNNING = {
    "streams.echo-server",
    "streams.serve-forever",
    "streams.backpressure",
    "sync.lock",
    "sync.semaphore",
    "sync.barrier",
    "sync.queue",
    "sync.threading-lock",
    "subprocess.streaming",
    "subprocess.several-at-once",
    "subprocess.kill-on-stop",
    "loop.future",
}

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="needs /proc to list children and sockets"
)


# What the process owns --------------------------------------------------------------------
def child_pids() -> set[int]:
    """Every process whose parent is us, zombies included (a zombie is a child not reaped)."""
    me, children = os.getpid(), set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # it ended while we looked
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name may contain spaces
        if ppid == me:
            children.add(int(entry))
    return children


def socket_inodes() -> set[str]:
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def listening_inodes() -> set[str]:
    """Inodes of TCP sockets in LISTEN state (0A), ours or anyone's."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A":
                found.add(fields[9])
    return found


def threads() -> set[int]:
    return {t.ident for t in threading.enumerate() if t.ident is not None}


def snapshot() -> tuple[set[int], set[str], set[int]]:
    return child_pids(), socket_inodes(), threads()


def assert_nothing_left(before: tuple[set[int], set[str], set[int]], what: str) -> None:
    """Poll for a moment: a reaped child's watcher thread may take a few ms to end."""
    kids0, socks0, threads0 = before
    deadline = time.monotonic() + 5
    while True:
        gc.collect()  # unclosed transports warn now, inside this test
        kids, socks, live = snapshot()
        extra = (kids - kids0, socks - socks0, live - threads0)
        if not any(extra) or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not extra[0], f"{what}: child process(es) left: {extra[0]}"
    assert not extra[1] & listening_inodes(), f"{what}: a listening socket was left"
    assert not extra[1], f"{what}: socket(s) left open: {extra[1]}"
    names = [t.name for t in threading.enumerate() if t.ident in extra[2]]
    assert not extra[2], f"{what}: thread(s) left: {names}"


# The catalogue ------------------------------------------------------------------------------
# (That every demo is explained, bounded and tested is test_catalogue's job, for all of them.)
def test_every_demo_of_chapters_3_to_6_is_listed_here() -> None:
    chapters_3_to_6 = {
        d.id for d in catalogue.all_demos() if d.chapter.split(".")[0] in {"3", "4", "5", "6"}
    }
    assert set(OURS) == chapters_3_to_6


def numeric_params(demo_id: str) -> list[Param]:
    return [p for p in catalogue.get(demo_id).params if p.kind in (int, float)]


@pytest.mark.parametrize("end", ["minimum", "maximum"])
@pytest.mark.parametrize("demo_id", [i for i in OURS if numeric_params(i)])
def test_demo_runs_at_the_bounds_of_its_parameters(demo_id: str, end: str) -> None:
    values = {p.name: p.kind(getattr(p, end)) for p in numeric_params(demo_id)}
    result = run_headless(demo_id, values, speed=20)
    assert result.ok, result.outcome


# After a normal run ------------------------------------------------------------------------
@needs_proc
@pytest.mark.parametrize("demo_id", OURS)
def test_nothing_left_after_a_full_run(demo_id: str) -> None:
    before = snapshot()
    result = run_headless(demo_id, speed=10, debug=True)
    assert result.ok, result.outcome
    assert_nothing_left(before, demo_id)


# After a run stopped half-way ---------------------------------------------------------------
def loop_pool_threads() -> set[int]:
    """The loop's executor workers: they stay, idle, until the host shuts down (the window
    fixture checks on close that they end then)."""
    return {
        t.ident
        for t in threading.enumerate()
        if t.ident is not None
        and (t.name.startswith("asyncio_") or isinstance(t, threading._DummyThread))
    }


@needs_proc
@pytest.mark.parametrize("window", ["threaded"], indirect=True)
@pytest.mark.parametrize("demo_id", OURS)
def test_nothing_left_after_a_run_stopped_half_way(qtbot, window, demo_id: str) -> None:
    """Run in the window and stopped with its Stop button, 0.25 s in at speed 1."""
    before = snapshot()
    said = drive.stop_half_way(qtbot, window, demo_id, after_ms=250, speed=1.0)
    if demo_id in LONG_RUNNING:
        assert said == f"{demo_id} stopped.", f"{demo_id} was not stopped: {said}"
    kids0, socks0, threads0 = before
    assert_nothing_left((kids0, socks0, threads0 | loop_pool_threads()), f"{demo_id} (stopped)")
