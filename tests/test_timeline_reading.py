"""Reading the timeline: titles never clipped, earlier runs cleared, Fit last run, a legend that
names the outcome colours, job bars that name their task, hover while following live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolButton, QToolTip

from asyncio_lab.core import playground as pg
from asyncio_lab.core.events import HandoffEvent, HandoffKind, TaskEvent, TaskState
from asyncio_lab.gui.state_style import style_of
from asyncio_lab.gui.timeline_page import TimelinePage
from asyncio_lab.gui.timeline_paint import AXIS_H, HEADER_W
from asyncio_lab.gui.timeline_view import TimelineView
from tests import window_driver as drive
from tests.gui_helpers import wait_for_state

pytestmark = pytest.mark.gui

P, R, S, D = TaskState.PENDING, TaskState.RUNNING, TaskState.SUSPENDED, TaskState.DONE


def task(t: float, task_id: int, name: str, state: TaskState, thread: str = "loop") -> TaskEvent:
    return TaskEvent(t, task_id, name, state, thread)


def jobs_on_workers(count: int, t: float = 0.0) -> list[HandoffEvent | TaskEvent]:
    """``count`` tasks, each handing one to_thread job to its own worker thread."""
    events: list[HandoffEvent | TaskEvent] = []
    for i in range(count):
        events += [task(t, i + 1, f"fetch-{i}", P), task(t, i + 1, f"fetch-{i}", R)]
        events.append(
            HandoffEvent(t, "loop", f"worker_{i}", HandoffKind.JOB_START, "download", i + 1)
        )
        events.append(task(t, i + 1, f"fetch-{i}", S))
    return events


def press(page: TimelinePage, text: str) -> None:
    """Click the toolbar button that shows ``text``, as a person would."""
    buttons = [b for b in page.findChildren(QToolButton) if b.text() == text]
    assert buttons, f"no toolbar button {text!r}"
    buttons[0].click()


def test_twenty_worker_lanes_keep_readable_titles_and_scroll(qtbot):
    page = TimelinePage()
    qtbot.addWidget(page)
    page.resize(1000, 420)
    page.show()
    view = page.view
    view.setHostThreads("MainThread", "loop")
    view.addEvents(jobs_on_workers(20))
    qtbot.waitUntil(lambda: page.lanes_scroll.verticalScrollBar().maximum() > 0)
    line = view.fontMetrics().height()
    boxes = view._layout()
    assert len(boxes) == 21
    assert all(box.height >= line for box in boxes.values())  # a whole line for each title
    tops = sorted(box.top for box in boxes.values())
    assert all(b - a >= line for a, b in zip(tops, tops[1:], strict=False))  # none overlap
    last = boxes["worker_19"]
    assert last.top + last.height <= view.height()  # the last lane is on the (scrolled) view
    # Hovering a title says it in full, whatever had to be shortened to fit.
    tip = view.tooltipAt(QPointF(20, boxes["worker_7"].centre))
    assert "worker_7  (1)" in tip and "worker thread" in tip


def test_with_few_lanes_titles_take_two_lines_and_nothing_scrolls(qtbot):
    page = TimelinePage()
    qtbot.addWidget(page)
    page.resize(1000, 420)
    page.show()
    page.view.setHostThreads("MainThread", "loop")
    page.view.addEvents(jobs_on_workers(2))
    line = page.view.fontMetrics().height()
    assert all(box.height >= 2 * line for box in page.view._layout().values())
    assert page.lanes_scroll.verticalScrollBar().maximum() == 0


def test_a_job_bar_names_the_task_it_works_for(qtbot):
    view = TimelineView()
    qtbot.addWidget(view)
    view.addEvents(jobs_on_workers(1))
    (job,) = view.timeline.jobs
    text = view.describe(job)
    assert "for fetch-0 (task #1)" in text and "download()" in text


def test_the_legend_shows_and_explains_the_outcome_colours(qtbot):
    view = TimelineView()
    view.resize(800, 300)
    qtbot.addWidget(view)
    view.show()
    image = view.grab().toImage()
    swatches = {image.pixelColor(x, 19 + 6).name() for x in range(4, HEADER_W - 4)}
    for state in (TaskState.DONE, TaskState.CANCELLED, TaskState.FAILED):
        assert QColor(style_of(state).colour).name() in swatches, state
    tip = view.tooltipAt(QPointF(20, AXIS_H / 2))
    for words in ("green: returned", "purple: cancelled", "red: raised", "pale", "job"):
        assert words in tip


def test_fit_last_run_shows_the_latest_run_and_not_the_ones_before(qtbot):
    view = TimelineView()
    view.resize(900, 300)
    qtbot.addWidget(view)
    first = [task(0.0, 1, "old", P), task(0.1, 1, "old", R), task(1.0, 1, "old", D)]
    second = [task(10.0, 2, "new", P), task(10.1, 2, "new", R), task(12.0, 2, "new", D)]
    view.addEvents(first + second)
    view.fitAction.trigger()
    t0, t1 = view.visibleRange()
    assert 9.0 < t0 <= 10.0 and 12.0 <= t1 < 13.0
    assert not view.followLive()
    view.fitAllAction.trigger()
    assert view.visibleRange()[0] == 0.0


def test_a_program_run_starts_a_run_even_while_other_tasks_live(qtbot):
    view = TimelineView()
    qtbot.addWidget(view)
    view.addEvents([task(0.0, 1, "forever", P), task(0.1, 1, "forever", S)])
    view.addEvents([HandoffEvent(5.0, "program", "loop", HandoffKind.PROGRAM_RUN, "main", 2)])
    assert view.timeline.run_start == 5.0


def test_clear_finished_keeps_live_tasks_and_the_host_lanes(qtbot):
    page = TimelinePage()
    qtbot.addWidget(page)
    page.resize(900, 400)
    view = page.view
    view.setHostThreads("MainThread", "loop")
    view.addEvents([task(0.0, 1, "old", P), task(0.2, 1, "old", R), task(0.5, 1, "old", D)])
    view.addEvents([task(0.7, 7, "alive", P), task(0.8, 7, "alive", S)])
    view.addEvents([HandoffEvent(0.9, "loop", "w", HandoffKind.JOB_START, "nap", 7)])
    press(page, "Clear finished")
    assert set(view.timeline.bars) == {7}
    assert view.timeline.live_tasks == 1 and [j.what for j in view.timeline.jobs] == ["nap"]
    assert view.lane_order()[0] == "MainThread"  # pinned host lanes stay, even if empty
    assert "loop" in view.lane_order() and "w" in view.lane_order()
    # The live task still ends on its bar after the clear.
    view.addEvents([task(1.5, 7, "alive", D)])
    assert view.timeline.bars[7].end == 1.5 and view.timeline.live_tasks == 0


def test_hover_follows_the_bars_that_scroll_under_a_still_pointer(qtbot):
    clock = [1.0]
    view = TimelineView()
    view.resize(800, 200)
    qtbot.addWidget(view)
    view.show()
    view.setClock(lambda: clock[0])
    view.setVisibleRange(0.0, 1.0)
    view.addEvents([task(0.0, 1, "first", P), task(0.0, 1, "first", R), task(1.0, 1, "first", D)])
    view.addEvents([task(1.0, 2, "second", P), task(1.0, 2, "second", R)])
    assert view.followLive()
    box = view._layout()["loop"]
    spot = QPointF(view._x(0.7), box.row_y(0) + box.row_h / 2)
    qtbot.mouseMove(view, spot.toPoint())
    qtbot.waitUntil(lambda: "first" in QToolTip.text())
    clock[0] = 1.6  # the view scrolls on; "second" now lies under the pointer
    qtbot.waitUntil(lambda: "second" in QToolTip.text(), timeout=3_000)


def test_in_the_window_clear_finished_drops_an_earlier_run(window, qtbot):
    drive.launch(window, 0.05, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-1", TaskState.DONE)
    drive.launch(window, 30, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-2", TaskState.SUSPENDED)
    page = window.timeline_page
    window.center_tabs.setCurrentWidget(page)
    press(page, "Clear finished")
    labels = {bar.label for bar in page.view.timeline.bars.values()}
    assert "job-2" in labels and "job-1" not in labels
