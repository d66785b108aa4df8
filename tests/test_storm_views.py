"""The views that summarise a storm say so, and the log stays readable and follows.

Driven through the real window on both hosts: events come from the tracker (a storm of tasks,
warnings logged the way the mistake detector logs them), and what is asserted is what the pane
shows: its lines, where it is scrolled, how a long line is laid out.
"""

from __future__ import annotations

import asyncio

import pytest

from asyncio_lab.core.events import LogLevel
from tests.gui_helpers import submit_storm

FIX = "Fix: await asyncio.sleep() or move the blocking call to a thread with asyncio.to_thread"


def _storm(window, n: int) -> None:
    submit_storm(window, n)


def _lines(window) -> list[str]:
    return window.log_view.toPlainText().splitlines()


def test_a_storm_is_folded_into_one_counted_line(qtbot, window):
    _storm(window, 3000)
    book = window.session.book
    qtbot.waitUntil(lambda: len(book) >= 3001 and not book.live_count(), timeout=30_000)
    qtbot.waitUntil(lambda: any("more task lines folded" in line for line in _lines(window)))
    lines = _lines(window)
    assert len(lines) < 600, "a storm's 6,000 task lines are summarised, not written"
    folded = [line for line in lines if "more task lines folded" in line]
    assert all("the task table lists every task" in line for line in folded)
    counted = sum(int(line.split()[1].replace(",", "")) for line in folded)
    written = sum(1 for line in lines if " created" in line or " done" in line)
    assert counted + written >= 2 * 3000, "every created and done line is written or counted"


def test_a_long_warning_wraps_so_its_fix_is_readable(qtbot, window):
    log = window.log_view
    message = "Blocking call in task 'worker': time.sleep(1) held the loop " * 4 + FIX
    window.session.tracker.log(message, LogLevel.WARNING)
    qtbot.waitUntil(lambda: FIX in log.toPlainText())
    block = log.document().lastBlock()
    while block.isValid() and FIX not in block.text():
        block = block.previous()
    assert block.layout().lineCount() > 1, "the warning is wrapped onto several lines"
    assert log.horizontalScrollBar().maximum() == 0, "nothing to scroll sideways to"
    cursor = log.textCursor()
    cursor.setPosition(block.position() + block.text().index("Fix:"))
    assert log.cursorRect(cursor).right() < log.viewport().width()


def test_the_log_keeps_following_after_a_line_wider_than_the_pane(qtbot, window):
    log = window.log_view
    tracker = window.session.tracker
    for i in range(60):
        tracker.log(f"line {i}")
    qtbot.waitUntil(lambda: "line 59" in log.toPlainText())
    bar = log.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0)
    tracker.log("x" * 3000, LogLevel.WARNING)  # far wider than the pane
    qtbot.waitUntil(lambda: "x" * 3000 in log.toPlainText())
    for i in range(60, 120):
        tracker.log(f"line {i}")
    qtbot.waitUntil(lambda: "line 119" in log.toPlainText())
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    last = log.cursorForPosition(log.viewport().rect().bottomLeft()).block().text()
    assert "line 11" in last, f"the newest lines are in view, not {last!r}"
    log.verticalScrollBar().setValue(0)  # scrolled up by hand: new lines do not pull it down
    tracker.log("line 120")
    qtbot.waitUntil(lambda: "line 120" in log.toPlainText())
    assert bar.value() == 0


def test_the_timeline_says_when_it_draws_a_density_instead_of_bars(qtbot, window):
    view = window.timeline_page.view
    window.center_tabs.setCurrentWidget(window.timeline_page)
    view.grab()
    assert "density" not in view.accessibleDescription()
    _storm(window, 20_000)
    qtbot.waitUntil(lambda: len(window.session.book) >= 20_001, timeout=60_000)
    qtbot.waitUntil(lambda: not window.session.book.live_count(), timeout=60_000)
    view.fitAll()

    def says_density() -> None:
        view.grab()
        assert "tasks too dense for bars: drawn as density" in view.accessibleDescription()

    qtbot.waitUntil(says_density)


def test_a_trace_is_written_off_the_gui_thread_and_the_status_bar_says_so(
    qtbot, window, tmp_path, monkeypatch
):
    import json
    import threading

    from asyncio_lab.gui import trace_job

    writers: list[str] = []
    write = trace_job.write_trace

    def watched(events, path):
        writers.append(threading.current_thread().name)
        write(events, path)

    monkeypatch.setattr(trace_job, "write_trace", watched)
    _storm(window, 200)
    qtbot.waitUntil(lambda: len(window.session.book) >= 201, timeout=30_000)
    page = window.timeline_page
    path = tmp_path / "run.json"
    page.export_trace_action.trigger()
    page._dialog.selectFile(str(path))
    page._dialog.accept()
    status = window.statusBar()
    qtbot.waitUntil(
        lambda: status.currentMessage().startswith("Exported the timeline to"), timeout=30_000
    )
    assert str(path) in status.currentMessage() and "201 tasks" in status.currentMessage()
    assert writers == ["trace-export"], "built and written by a worker thread"
    assert json.loads(path.read_text(encoding="utf-8"))["traceEvents"]

    page.export("trace", str(tmp_path / "no-such-folder" / "run.json"))
    qtbot.waitUntil(lambda: status.currentMessage().startswith("Export failed"))
    assert "no-such-folder" in status.currentMessage()


def test_switching_hosts_with_thousands_of_live_tasks_abandons_none(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from asyncio_lab.core.host import HostKind
    from tests import window_driver as drive

    n = 20_000
    ended = [0]

    async def sleeper() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            ended[0] += 1

    async def sleepers() -> None:
        async with asyncio.TaskGroup() as tg:
            for i in range(n):
                tg.create_task(sleeper())
                if i % 1000 == 999:
                    await asyncio.sleep(0)

    book = window.session.book
    window.session.submit(sleepers(), "sleepers")
    qtbot.waitUntil(lambda: book.live_count() > n, timeout=60_000)
    other = HostKind.THREADED if window.session.kind is HostKind.INTEGRATED else HostKind.INTEGRATED
    drive.pick_host(window, other)
    dialog = window.findChild(QMessageBox, "switchHostDialog")
    qtbot.mouseClick(dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert window.session.kind is other
    assert ended[0] == n, f"{n - ended[0]:,} tasks were abandoned, never cancelled to the end"
    qtbot.waitUntil(lambda: book.live_count() == 0, timeout=60_000)  # every row says so


def test_the_window_keeps_the_gui_threads_wait_for_the_gil_short(window):
    """Each call Qt makes into Python waits for the GIL; with the threaded host's loop busy,
    Python's 5 ms default made a table repaint take most of a second."""
    import sys

    from asyncio_lab.gui.app import GIL_SWITCH_INTERVAL_S

    assert GIL_SWITCH_INTERVAL_S <= 0.001
    assert sys.getswitchinterval() == GIL_SWITCH_INTERVAL_S


def test_during_a_storm_a_waiting_thread_gets_the_gil_sooner_and_after_it_as_before(qtbot, window):
    """Each cell the table paints is a question to Python that waits for the GIL once: while a
    storm is delivered, the wait is cut to STORM_SWITCH_INTERVAL_S; then it is the window's."""
    import sys

    from asyncio_lab.gui.app import GIL_SWITCH_INTERVAL_S
    from asyncio_lab.gui.bridge import STORM_SWITCH_INTERVAL_S

    session = window.session
    seen: list[float] = []
    session.eventsArrived.connect(lambda _events: seen.append(sys.getswitchinterval()))
    handle = submit_storm(window, 30_000)
    qtbot.waitUntil(lambda: handle.ended and session.book.live_count() == 0, timeout=120_000)
    assert min(seen) == pytest.approx(STORM_SWITCH_INTERVAL_S)
    qtbot.waitUntil(
        lambda: sys.getswitchinterval() == pytest.approx(GIL_SWITCH_INTERVAL_S), timeout=5_000
    )
