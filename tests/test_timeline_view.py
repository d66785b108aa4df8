"""The timeline widget and the responsiveness meters, offscreen."""

from __future__ import annotations

import asyncio
import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskEvent, TaskState
from asyncio_lab.core.limits import BLOCK_THRESHOLD, LAG_INTERVAL
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.mistakes import MistakeDetector
from asyncio_lab.core.program.on_host import ProgramHandle
from asyncio_lab.core.runner import run_headless
from asyncio_lab.core.threaded_host import ThreadedHost
from asyncio_lab.core.timeline import TaskBar
from asyncio_lab.gui.meters import ResponsivenessMeters
from asyncio_lab.gui.state_style import JOB_STYLE
from asyncio_lab.gui.timeline_paint import stack_lanes
from asyncio_lab.gui.timeline_view import TimelineView

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def fix_run():
    run = run_headless("interplay.to-thread-fix", {"block": 0.3, "tick": 0.05})
    assert run.ok, run.outcome
    return run


@pytest.fixture
def view(qtbot, fix_run):
    v = TimelineView()
    v.resize(1000, 300)
    qtbot.addWidget(v)
    v.show()
    v.setHostThreads("MainThread", "MainThread")
    v.addEvents(list(fix_run.events))
    v.fitAll()
    return v


def centre_of(view: TimelineView, span) -> QPointF:
    """Where a bar is drawn, for clicking and hovering."""
    box = view._layout()[span.lane]
    end = span.end if span.end is not None else view.now()
    x = (view._x(span.start) + view._x(end)) / 2
    return QPointF(x, box.row_y(span.row) + box.row_h / 2)


def test_renders_a_real_run_with_the_job_on_a_worker_lane(view, tmp_path):
    assert view.lane_order()[0] == "MainThread" and len(view.lane_order()) == 2
    image = view.grab().toImage()
    assert view.grab().save("/tmp/timeline.png")
    (job,) = [j for j in view.timeline.jobs if j.what == "nap"]
    point = centre_of(view, job).toPoint()
    assert image.pixelColor(point) == QColor(JOB_STYLE.colour)
    assert view.exportPng(str(tmp_path / "t.png")) and (tmp_path / "t.png").stat().st_size > 1000
    view.exportTrace(str(tmp_path / "t.json"))
    assert '"thread_name"' in (tmp_path / "t.json").read_text(encoding="utf-8")


def test_hover_explains_the_bar_and_click_emits_the_task_id(view, qtbot):
    sleepy = next(b for b in view.timeline.bars.values() if b.label == "sleepy")
    point = centre_of(view, sleepy)
    assert view.spanAt(point) is sleepy
    text = view.describe(sleepy)
    for needed in ("sleepy", "done", "thread: MainThread", "running", "suspended"):
        assert needed in text
    with qtbot.waitSignal(view.taskClicked) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert clicked.args == [sleepy.task_id]
    qtbot.mouseMove(view, point.toPoint())  # hovering shows the tooltip without raising


def test_a_suspended_task_tooltip_says_what_it_awaits(qtbot):
    v = TimelineView()
    qtbot.addWidget(v)
    v.addEvents(
        [
            TaskEvent(0.0, 1, "waiter", TaskState.PENDING, "loop"),
            TaskEvent(0.1, 1, "waiter", TaskState.RUNNING, "loop"),
            TaskEvent(
                0.2, 1, "waiter", TaskState.SUSPENDED, "loop", awaiting="Event.wait()", line=9
            ),
        ]
    )
    text = v.describe(v.timeline.bars[1])
    assert "awaiting: Event.wait()" in text and "line: 9" in text and "suspended" in text


def test_wheel_zooms_and_drag_pans_and_stops_following(view, qtbot):
    t0, t1 = view.visibleRange()
    view.setFollowLive(False)
    wheel = QWheelEvent(
        QPointF(600, 100), QPointF(view.mapToGlobal(QPoint(600, 100))), QPoint(0, 0),
        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view, wheel)
    z0, z1 = view.visibleRange()
    assert (z1 - z0) < (t1 - t0) / 1.4  # two notches in: 1.25² narrower
    assert z0 < view._t_at(600) < z1  # zoomed around the cursor
    view.setFollowLive(True)
    with qtbot.waitSignal(view.followLiveChanged) as changed:
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(500, 100))
        qtbot.mouseMove(view, QPoint(300, 100))
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(300, 100))
    assert changed.args == [False] and not view.followLive()
    p0, _ = view.visibleRange()
    assert p0 > z0  # dragged left: later times came into view


def test_follow_live_keeps_the_newest_events_in_view(qtbot):
    v = TimelineView()
    v.resize(800, 200)
    qtbot.addWidget(v)
    v.setVisibleRange(0.0, 1.0)
    v.addEvents([TaskEvent(5.0, 1, "late", TaskState.PENDING, "loop")])
    t0, t1 = v.visibleRange()
    assert t0 <= 5.0 <= t1 and t1 - t0 == pytest.approx(1.0)


def test_pause_freezes_the_picture_while_events_keep_accumulating(view, fix_run):
    view.setFollowLive(False)
    before = view.grab().toImage()
    view.setPaused(True)
    later = [
        TaskEvent(view.now() + 0.01, 999, "newcomer", TaskState.PENDING, "MainThread"),
        TaskEvent(view.now() + 0.02, 999, "newcomer", TaskState.RUNNING, "MainThread"),
    ]
    view.addEvents(later)
    assert 999 in view.timeline.bars  # the data grew ...
    view.resize(view.width(), view.height())
    view.repaint()
    paused = view.grab().toImage()
    assert view.spanAt(centre_of(view, view.timeline.bars[999])) is None  # ... the picture not
    assert paused.size() == before.size()
    view.setPaused(False)
    view.fitAll()
    assert view.spanAt(centre_of(view, view.timeline.bars[999])) is view.timeline.bars[999]


def test_clear_empties_the_view(view):
    view.clear()
    assert view.lane_order() == [] and view.timeline.bars == {}
    view.grab()  # paints an empty timeline without error


def threaded_run_events(demo_id: str, **params) -> list:
    host = ThreadedHost()
    host.start()
    try:
        demo = catalogue.get(demo_id)
        handle = ProgramHandle(demo.program(demo.resolve(params)), host).start()
        outcome = handle.outcome.result(timeout=20)
        assert outcome.ok, outcome
        events = host.tracker.buffer.drain()
    finally:
        host.shutdown()
    return events


def test_threaded_host_gets_separate_gui_loop_and_worker_lanes(qtbot):
    events = threaded_run_events("interplay.to-thread-fix", block=0.3, tick=0.05)
    events += MistakeDetector().feed(events)
    v = TimelineView()
    v.resize(1000, 320)
    qtbot.addWidget(v)
    v.setHostThreads("MainThread", "asyncio-loop")
    v.addEvents(events)
    v.fitAll()
    lanes = v.lane_order()
    # the loop's thread, the worker running the nap, and the program's own top level (which
    # handed main to the loop); the GUI thread did nothing here, so it has no lane
    assert lanes[0] == "asyncio-loop" and "program-main" in lanes and len(lanes) == 3
    (job,) = [j for j in v.timeline.jobs if j.what == "nap"]
    assert job.lane not in ("asyncio-loop", "program-main", "MainThread")
    bars = [b for b in v.timeline.bars.values() if isinstance(b, TaskBar)]
    assert {b.lane for b in bars} == {"asyncio-loop"}
    assert v.grab().save("/tmp/timeline-threaded.png")


def test_ten_thousand_tasks_repaint_about_as_fast_as_two_hundred(qtbot):
    def events(n: int) -> list:
        out = []
        for i in range(1, n + 1):
            t = i * 0.001
            out += [
                TaskEvent(t, i, f"t{i}", TaskState.PENDING, "loop"),
                TaskEvent(t, i, f"t{i}", TaskState.RUNNING, "loop"),
                TaskEvent(t + 0.0004, i, f"t{i}", TaskState.SUSPENDED, "loop"),
                TaskEvent(t + 0.02, i, f"t{i}", TaskState.RUNNING, "loop"),
                TaskEvent(t + 0.0205, i, f"t{i}", TaskState.DONE, "loop"),
            ]
        return sorted(out, key=lambda e: e.t)

    def paint_time(n: int) -> float:
        v = TimelineView()
        v.resize(1000, 400)
        qtbot.addWidget(v)
        v.setFollowLive(False)
        v.addEvents(events(n))
        v.setVisibleRange(0.05, 0.2)  # the same window: ~150 tasks either way
        v.grab()
        start = time.perf_counter()
        for _ in range(5):
            v.grab()
        return time.perf_counter() - start

    small, big = paint_time(200), paint_time(10_000)
    assert big < small * 5 + 0.05


def test_meters_show_a_blocked_loop_and_a_blocked_gui(qtbot):
    stalls = []
    meters = ResponsivenessMeters(threshold=0.15)
    qtbot.addWidget(meters)
    meters.show()
    host = ThreadedHost(monitor=LoopMonitor(interval=0.02, threshold=0.15))
    host.monitor.add_stall_listener(stalls.append)
    host.start()  # the host starts its monitor; the meters only read it
    try:
        meters.attachMonitor(host.monitor)
        assert meters.lagMeter.threshold == 0.15 and "every 20 ms" in meters.lagMeter.toolTip()
        qtbot.waitUntil(lambda: len(meters.monitor.probe.samples) >= 3, timeout=5000)
        meters.refresh()
        assert not meters.lagMeter.exceeded and not meters.frameMeter.exceeded
        # the loop thread blocks; the GUI thread stays live and sees the lag grow meanwhile
        host.call_soon(time.sleep, 0.5)
        qtbot.waitUntil(lambda: meters.lagMeter.exceeded, timeout=5000)
        assert not meters.frameMeter.exceeded
        assert "ms" in meters.lagMeter.number.text()
        qtbot.waitUntil(lambda: len(stalls) == 1, timeout=5000)  # the watcher looked, once
        assert stalls[0].lag > 0.15 and stalls[0].task_id is None  # a plain callback blocked
    finally:
        host.shutdown()
    assert not host.monitor.running and not host.monitor.watcher._thread  # shutdown stopped it
    # now the GUI thread itself blocks: the next frame comes late
    time.sleep(0.4)
    qtbot.waitUntil(lambda: meters.frameMeter.exceeded, timeout=5000)
    meters.stop()


def test_the_lag_probe_runs_on_a_loop_on_the_gui_thread_too(qtbot):
    """The integrated host's case: the probe is started from the loop's own thread."""
    meters = ResponsivenessMeters()
    qtbot.addWidget(meters)
    monitor = LoopMonitor(interval=0.02)

    async def main() -> int:
        monitor.start(asyncio.get_running_loop())
        meters.attachMonitor(monitor)
        await asyncio.sleep(0.15)
        return len(meters.monitor.probe.samples)

    try:
        assert asyncio.run(main()) >= 3
    finally:
        monitor.stop()
        meters.stop()


def test_the_meters_tooltips_name_the_lab_s_own_interval():
    meters = ResponsivenessMeters()
    assert f"every {LAG_INTERVAL * 1000:.0f} ms" in meters.lagMeter.toolTip()
    assert meters.lagMeter.threshold == meters.frameMeter.threshold == BLOCK_THRESHOLD
    meters.refresh()  # no host yet: nothing to read, nothing breaks
    meters.stop()


def test_a_mistake_warning_is_pinned_on_its_lane_and_explains_itself(qtbot):
    # the headless runner already feeds its batches to the mistake detector, so the warning
    # is in the run's events, a batch after the step it is about
    run = run_headless("interplay.blocking-sleep", {"block": 0.4, "tick": 0.05})
    v = TimelineView()
    v.resize(1000, 300)
    qtbot.addWidget(v)
    v.addEvents(list(run.events))
    v.fitAll()
    (marker,) = [m for m in v.timeline.markers if "Blocked the loop" in m.message]
    box = v._layout()[marker.lane]
    found = v.markerAt(QPointF(v._x(marker.t), box.top + 4))
    assert found is marker and "sleepy" in found.message and "Fix:" in found.message


def test_lanes_share_the_height_and_keep_room_for_titles_when_they_can():
    roomy = stack_lanes([("loop", 2), ("worker", 1)], top=20, bottom=400)
    assert [b.height >= 34 for b in roomy.values()] == [True, True]
    assert roomy["loop"].top < roomy["worker"].top
    assert roomy["loop"].row_y(0) < roomy["loop"].row_y(1) < roomy["worker"].top
    crowded = stack_lanes([(f"w{i}", 3) for i in range(12)], top=20, bottom=300)
    last = crowded["w11"]
    assert last.top + last.height <= 300 + 1e-6  # everything still fits, rows got thinner
    assert last.row_h < roomy["loop"].row_h


def test_the_toolbar_actions_stay_in_step_with_the_view(view):
    view.setFollowLive(True)
    assert view.followAction.isChecked()
    view.fitAction.trigger()  # looking at everything means no longer following
    assert not view.followLive() and not view.followAction.isChecked()
    view.pauseAction.setChecked(True)
    assert view.isPaused()
    view.setPaused(False)
    assert not view.pauseAction.isChecked()


def test_in_the_window_a_blocked_loop_shows_on_every_instrument(window, qtbot):
    from tests import window_driver as drive

    session = window.session
    timeline, meters = window.timeline_page.view, window.timeline_page.meters
    window.center_tabs.setCurrentWidget(window.timeline_page)
    integrated = session.kind.value == "integrated"
    with qtbot.waitSignal(session.demos.finished, timeout=20_000):
        drive.run_demo(window, "interplay.blocking-sleep", {"block": "0.5", "tick": "0.05"})

    def warned() -> None:
        session.bridge.drain()
        texts = [m.message for m in timeline.timeline.markers]
        assert any("Blocked the loop" in t and "'sleepy'" in t for t in texts), texts

    qtbot.waitUntil(warned, timeout=5000)
    (mistake,) = [m for m in session.mistakes.found if m.kind == "blocked the loop"]
    assert "time.sleep(" in mistake.message  # the stall watcher saw the line
    meters.refresh()
    assert "stuck in 'sleepy' at line" in meters.lagMeter.detail.text()
    lanes = timeline.lane_order()
    assert lanes[0] == ("MainThread" if integrated else "asyncio-loop")
    lag = max(meters.monitor.probe.values())
    frames = max(gap for _, gap in meters.frame_probe.samples)
    assert lag > 0.3
    if integrated:
        assert frames > 0.3  # the window froze with the loop
    else:
        assert frames < lag  # the window stayed live while the loop stalled


def test_clicking_a_bar_selects_its_task_in_the_table(window, qtbot):
    from asyncio_lab.core import playground as pg
    from asyncio_lab.gui.task_model import Column
    from tests import window_driver as drive
    from tests.gui_helpers import row, wait_for_state

    drive.launch(window, 30, pg.Outcome.RETURN, count=2)
    wait_for_state(qtbot, window, "job-2", TaskState.SUSPENDED)
    task_id = int(row(window, "job-2")[Column.ID])
    view = window.timeline_page.view
    window.center_tabs.setCurrentWidget(window.timeline_page)
    view.setPaused(True)
    view.fitAll()
    point = centre_of(view, view.timeline.bars[task_id]).toPoint()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point)
    assert window.task_table.selected_task_ids() == [task_id]
    assert window.session.selected_task_ids == [task_id]
