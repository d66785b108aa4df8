"""A hidden timeline folds nothing while events arrive, and catches up when it is shown: at
once after a little, in chunks (the window answering meanwhile, a note saying so) after a storm."""

from __future__ import annotations

import pytest

from asyncio_lab.core import playground as pg
from asyncio_lab.core.events import TaskState
from asyncio_lab.gui import timeline_page
from tests import window_driver as drive
from tests.gui_helpers import submit_storm, wait_for_state

pytestmark = pytest.mark.gui


def test_a_hidden_timeline_catches_up_when_shown(window, qtbot):
    page = window.timeline_page
    window.center_tabs.setCurrentIndex(0)
    assert not page.isVisible()
    drive.launch(window, 0.05, pg.Outcome.RETURN, count=3)
    for name in ("job-1", "job-2", "job-3"):
        wait_for_state(qtbot, window, name, TaskState.DONE)
    assert not page.view.timeline.bars  # nothing folded while hidden
    window.center_tabs.setCurrentWidget(page)
    labels = {bar.label for bar in page.view.timeline.bars.values()}
    assert {"job-1", "job-2", "job-3"} <= labels
    jobs = [bar for bar in page.view.timeline.bars.values() if bar.label.startswith("job-")]
    assert all(bar.end is not None for bar in jobs)


def test_after_a_storm_it_catches_up_in_chunks_and_says_so(window, qtbot, monkeypatch):
    monkeypatch.setattr(timeline_page, "CATCH_UP_CHUNK", 2_000)
    page, session = window.timeline_page, window.session
    window.center_tabs.setCurrentIndex(0)

    handle = submit_storm(window, 3_000)
    qtbot.waitUntil(lambda: handle.ended and session.book.live_count() == 0, timeout=60_000)
    window.center_tabs.setCurrentWidget(page)
    assert page.view.note() is not None and "Catching up" in page.view.note()
    qtbot.waitUntil(lambda: page.view.note() is None, timeout=30_000)
    assert len(page.view.timeline.bars) == len(session.book)  # every task, exactly
    assert page.view.timeline.live_tasks == 0


def test_events_the_store_forgets_are_folded_first_so_no_task_goes_missing(window, qtbot):
    page, session = window.timeline_page, window.session
    store = session.replay.live_store
    store.max_events, store._drop_chunk = 3_000, 1_000  # a small bound, as an hour-long run has
    window.center_tabs.setCurrentIndex(0)

    handle = submit_storm(window, 2_000)
    qtbot.waitUntil(lambda: handle.ended and session.book.live_count() == 0, timeout=60_000)
    assert store.first > 0  # older events were dropped while the timeline was hidden
    window.center_tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.view.note() is None, timeout=30_000)
    assert len(page.view.timeline.bars) == len(session.book)
    assert page.view.timeline.live_tasks == 0
