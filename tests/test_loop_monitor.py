"""Each host owns the watch on its loop (lag probe and stall watcher); the meters only read it."""

from __future__ import annotations

import threading
import time

import pytest

from asyncio_lab.core.host import HostKind
from asyncio_lab.core.limits import BLOCK_THRESHOLD, LAG_INTERVAL
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.threaded_host import ThreadedHost


def watchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "stall-watcher"]


def test_a_monitor_uses_the_lab_s_one_interval_and_threshold():
    monitor = LoopMonitor()
    assert monitor.probe.interval == LAG_INTERVAL and monitor.threshold == BLOCK_THRESHOLD
    assert not monitor.running


def test_the_threaded_host_probes_its_loop_from_start_to_shutdown():
    stalls = []
    host = ThreadedHost(monitor=LoopMonitor(interval=0.01, threshold=0.1))
    host.monitor.add_stall_listener(stalls.append)
    assert not host.monitor.running
    host.start()
    try:
        assert host.monitor.running and watchers()
        host.call_soon(time.sleep, 0.3)
        deadline = time.monotonic() + 5
        while not stalls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert stalls and host.monitor.last_stall is not None
        assert host.monitor.last_stall[1] is stalls[0]
    finally:
        host.shutdown()
    assert not host.monitor.running and not watchers()


@pytest.mark.gui
def test_the_integrated_host_probes_its_loop_from_start_to_shutdown(qtbot):
    from asyncio_lab.gui.integrated_host import IntegratedHost

    host = IntegratedHost(monitor=LoopMonitor(interval=0.01))
    host.start()
    try:
        assert host.monitor.running and watchers()
        qtbot.waitUntil(lambda: len(host.monitor.probe.samples) >= 3, timeout=5000)
    finally:
        host.shutdown()
    assert not host.monitor.running and not watchers()


@pytest.mark.gui
def test_the_window_s_meters_read_the_current_host_s_monitor(window):
    from tests import window_driver as drive

    meters = window.timeline_page.meters
    first = window.session.host
    assert meters.monitor is first.monitor and first.monitor.running
    other = HostKind.INTEGRATED if first.kind is HostKind.THREADED else HostKind.THREADED
    drive.pick_host(window, other)  # no live tasks: no question asked
    second = window.session.host
    assert second is not first and not first.monitor.running  # the old host stopped its own
    assert meters.monitor is second.monitor and second.monitor.running
