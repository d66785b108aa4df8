"""The bridge cuts its batches to what the views take in a frame: a storm delivered to slow
views (the Timeline shown, or the GIL shared with a busy loop thread) never holds the GUI
thread for a whole 2,000-event batch per step (issue 13: frame gaps during a storm)."""

from __future__ import annotations

import time

from asyncio_lab.core.tracker import Tracker
from asyncio_lab.gui import bridge as bridge_module
from asyncio_lab.gui.bridge import EventBridge

EVENTS = 6_000
VIEW_SECONDS_PER_EVENT = 100e-6  # a view this slow takes 25 ms for 250 events


def test_batches_shrink_to_what_the_views_take_in_a_frame(qtbot):
    tracker = Tracker()
    for n in range(EVENTS):
        tracker.log(f"event {n}")
    bridge = EventBridge(tracker)
    sizes: list[int] = []

    def slow_view(events: list[object]) -> None:
        sizes.append(len(events))
        time.sleep(len(events) * VIEW_SECONDS_PER_EVENT)

    bridge.eventsArrived.connect(slow_view)
    try:
        qtbot.waitUntil(lambda: sum(sizes) == EVENTS, timeout=30_000)
    finally:
        bridge.stop()
    assert sizes[0] == bridge_module.TICK_CHUNK  # nothing known about the views yet
    fits = bridge_module.TICK_BUDGET_S / VIEW_SECONDS_PER_EVENT
    assert max(sizes[1:]) <= 2 * fits < bridge_module.TICK_CHUNK
    assert min(sizes[1:-1]) >= bridge_module.SMALLEST_CHUNK
