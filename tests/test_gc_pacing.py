"""The cycle collector's full walks wait while a storm is delivered, and nothing is left
uncollected: young cycles go each batch, old ones when the storm is over."""

from __future__ import annotations

import gc
import weakref

import pytest

from asyncio_lab.core.gc_pacing import CollectorPacing
from tests.gui_helpers import submit_storm


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_a_storm_pauses_automatic_collection_and_the_end_restores_it(collector_on):
    pacing = CollectorPacing()
    pacing.busy()
    assert not gc.isenabled() and pacing.paused
    pacing.busy()
    assert not gc.isenabled()
    pacing.idle(now=True)
    assert gc.isenabled() and not pacing.paused


def test_young_cycles_are_collected_during_the_storm(collector_on):
    pacing = CollectorPacing()
    pacing.busy()
    cycle = weakref.ref(Node())
    assert cycle() is not None  # automatic collection is off: nothing freed it yet
    pacing.busy()  # the next batch collects the young generations
    assert cycle() is None
    pacing.idle(now=True)


def test_a_long_storm_still_gets_a_full_collection_every_defer_period(collector_on):
    now = [0.0]
    pacing = CollectorPacing(defer_s=10.0, clock=lambda: now[0])
    pacing.busy()
    old = Node()
    gc.collect(1)  # … old enough to sit in the oldest generation
    gc.collect(1)
    cycle = weakref.ref(old)
    del old
    now[0] = 5.0
    pacing.busy()
    assert pacing.full_collections == 0 and cycle() is not None  # young collections only
    now[0] = 10.5
    pacing.busy()
    assert pacing.full_collections == 1 and cycle() is None
    pacing.idle(now=True)


def test_the_storm_ends_only_after_a_quiet_while(collector_on):
    now = [0.0]
    pacing = CollectorPacing(quiet_s=0.5, clock=lambda: now[0])
    pacing.busy()
    now[0] = 0.2
    pacing.idle()  # one small batch between busy ones: still the storm
    assert pacing.paused and not gc.isenabled()
    pacing.busy()
    now[0] = 0.8
    pacing.idle()  # quiet for 0.6 s now: over
    assert not pacing.paused and gc.isenabled()


def test_a_collector_someone_else_switched_off_is_left_alone(collector_on):
    gc.disable()
    pacing = CollectorPacing()
    pacing.busy()
    pacing.idle(now=True)
    assert not gc.isenabled() and not pacing.paused


def test_the_window_paces_the_collector_through_a_storm_and_restores_it(window, qtbot):
    assert gc.isenabled()
    session = window.session
    seen_paused: list[bool] = []
    session.eventsArrived.connect(
        lambda _events: seen_paused.append(session.bridge.collector.paused)
    )

    handle = submit_storm(window, 30_000)
    qtbot.waitUntil(lambda: handle.ended and session.book.live_count() == 0, timeout=120_000)
    assert any(seen_paused)  # the storm was delivered with full collections waiting
    # and the collector is back on once it is over (a quiet half second later)
    qtbot.waitUntil(lambda: gc.isenabled() and not session.bridge.collector.paused, timeout=5_000)
