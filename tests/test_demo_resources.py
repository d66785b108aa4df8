"""The §3–§6 demos leave nothing behind: no child process, no socket, no thread.

Checked after a normal run and after a run stopped half-way (the Stop button's path: the demo's
task is cancelled, then every leftover task). Children and sockets are read from /proc, so these
checks run where /proc exists (Linux); the catalogue checks run everywhere.
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import threading
import time
from pathlib import Path

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.host import cancel_everything
from asyncio_lab.core.params import Param
from asyncio_lab.core.runner import run_demo, run_headless
from asyncio_lab.core.tracker import Tracker
from tests.demo_helpers import stop_half_way

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
def test_every_demo_of_chapters_3_to_6_is_listed_here() -> None:
    ids = {d.id for d in catalogue.all_demos()}
    assert set(OURS) <= ids
    chapters = {d.id: d.chapter.split(".")[0] for d in catalogue.all_demos()}
    assert {chapters[i] for i in OURS} == {"3", "4", "5", "6"}


def test_every_demo_id_appears_quoted_in_a_demo_test_file() -> None:
    text = "".join(p.read_text() for p in Path(__file__).parent.glob("test_demos_*.py"))
    quoted = set(re.findall(r'"([a-z0-9-]+\.[a-z0-9-]+)"', text))
    assert set(OURS) - quoted == set()


@pytest.mark.parametrize("demo_id", OURS)
def test_demo_is_described_and_bounded(demo_id: str) -> None:
    demo = catalogue.get(demo_id)
    assert demo.title and len(demo.explanation) > 200
    assert all(p.is_bounded for p in demo.params)
    assert "async def" in demo.source


def numeric_params(demo_id: str) -> list[Param]:
    return [p for p in catalogue.get(demo_id).params if p.kind in (int, float)]


@pytest.mark.parametrize("end", ["minimum", "maximum"])
@pytest.mark.parametrize("demo_id", [i for i in OURS if numeric_params(i)])
def test_demo_runs_at_the_bounds_of_its_parameters(demo_id: str, end: str) -> None:
    values = {p.name: p.kind(getattr(p, end)) for p in numeric_params(demo_id)}
    result = run_headless(demo_id, values, speed=20)
    assert result.error is None, result.error


# After a normal run ------------------------------------------------------------------------
@needs_proc
@pytest.mark.parametrize("demo_id", OURS)
def test_nothing_left_after_a_full_run(demo_id: str) -> None:
    before = snapshot()
    result = run_headless(demo_id, speed=10, debug=True)
    assert result.error is None, result.error
    assert_nothing_left(before, demo_id)


# After a run stopped half-way ---------------------------------------------------------------
async def run_then_cancel(demo_id: str, after: float) -> bool:
    """Start the demo as the window does, cancel it after ``after`` s; True if it was stopped."""
    demo = catalogue.get(demo_id)
    tracker = Tracker()
    ctx = DemoContext(tracker, speed=1.0)
    tracker.install(asyncio.get_running_loop())
    task = asyncio.create_task(run_demo(demo, demo.resolve({}), ctx), name="demo")
    try:
        await asyncio.sleep(after)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return task.cancelled()
    finally:
        await cancel_everything(exclude=asyncio.current_task())
        tracker.uninstall()
        ctx.stopping.set()


@needs_proc
@pytest.mark.parametrize("demo_id", OURS)
def test_nothing_left_after_a_run_stopped_half_way(demo_id: str) -> None:
    before = snapshot()
    if catalogue.get(demo_id).is_program:
        stopped, errors = stop_half_way(demo_id, 0.25)
        assert errors == []
    else:
        stopped = asyncio.run(run_then_cancel(demo_id, 0.25), debug=True)
    if demo_id in LONG_RUNNING:
        assert stopped, f"{demo_id} finished before it could be stopped"
    assert_nothing_left(before, f"{demo_id} (stopped)")
