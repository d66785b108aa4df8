"""Replay in the real window, on both hosts: scrub a lesson's run, step over a cancellation,
see the await graph at a moment, go Live, save the run and reopen it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from asyncio_lab.core.events import TaskEvent, TaskState
from asyncio_lab.core.task_book import TaskBook
from asyncio_lab.gui.await_graph_view import TASK_ID_ROLE
from asyncio_lab.gui.task_model import Column
from tests import window_driver as drive
from tests.gui_helpers import row, state_of

LESSON = "tasks.cancel"


def _run_lesson(qtbot, window) -> list:
    drive.run_demo(window, LESSON, {"work": "3", "cancel_after": "0.3"}, speed=2.0)
    qtbot.waitUntil(lambda: window.session.demos.running is None, timeout=15_000)
    window.session.bridge.drain()
    return list(window.session.replay.store.events())


def _table(window) -> dict[int, dict[Column, str]]:
    """Every row of the task table as shown, by task id."""
    model = window.session.tasks
    rows = {}
    for r in range(model.rowCount()):
        cells = {c: str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)) for c in Column}
        rows[int(cells[Column.ID])] = cells
    return rows


def _expected(events, position: int) -> TaskBook:
    """The live task book's fold of the first ``position`` events: what the table must show."""
    book = TaskBook()
    book.apply(events[:position])
    return book


def _shown_state(cells: dict[Column, str]) -> TaskState:
    return TaskState(cells[Column.STATE].split(" ", 1)[1])


def _task_id(events, name: str) -> int:
    return next(e.task_id for e in events if isinstance(e, TaskEvent) and e.name == name)


def _cancel_index(events, task_id: int) -> int:
    return next(
        i for i, e in enumerate(events)
        if isinstance(e, TaskEvent) and e.task_id == task_id and e.state is TaskState.CANCELLED
    )  # fmt: skip


def test_scrub_to_the_middle_shows_each_task_as_it_was(qtbot, window):
    events = _run_lesson(qtbot, window)
    slider = window.replay_bar.slider
    middle = len(events) // 2
    slider.setValue(middle)  # as a drag would
    assert window.replay_bar.banner.isVisible()
    assert "past" in window.replay_bar.banner.text()
    shown = _table(window)
    expected = _expected(events, middle)
    assert set(shown) == {r.task_id for r in expected.records}
    for record in expected.records:
        cells = shown[record.task_id]
        assert _shown_state(cells) is record.state, record.name
        assert cells[Column.AWAITING] == record.waiting_on
        assert cells[Column.RAN_ON] == (record.last_thread if record.steps else "—")
    # The timeline's cursor is at that moment, and the log marks its event (or the one before).
    assert window.timeline_page.view.cursorTime() == events[middle - 1].t
    marked = window.log_view.current_event_index()
    assert marked is not None and marked <= middle - 1
    # ←/→ on the focused slider step one event.
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_Left)
    assert window.session.replay.position == middle - 1
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert window.session.replay.position == middle


def test_stepping_back_over_a_cancellation_shows_the_task_suspended_again(qtbot, window):
    events = _run_lesson(qtbot, window)
    job = _task_id(events, "long-job")
    cancelled_at = _cancel_index(events, job)
    window.replay_bar.slider.setValue(cancelled_at + 1)  # just after the cancellation
    assert _shown_state(_table(window)[job]) is TaskState.CANCELLED
    seen = []
    for _ in range(20):
        drive.click(window, "replayStepBack")
        seen.append(_shown_state(_table(window)[job]))
        if seen[-1] is TaskState.SUSPENDED:
            break
    assert seen[-1] is TaskState.SUSPENDED, seen
    assert TaskState.RUNNING in seen  # the step in which it met CancelledError
    assert "sleep" in _table(window)[job][Column.AWAITING]
    drive.click(window, "replayStepForward")
    assert window.session.replay.position == cancelled_at + 1 - len(seen) + 1


def test_the_await_graph_shows_who_awaits_whom_and_selects_on_click(qtbot, window):
    events = _run_lesson(qtbot, window)
    job = _task_id(events, "long-job")
    main = next(e.task_id for e in events if isinstance(e, TaskEvent) and job in e.awaited_ids)
    awaiting = next(
        i for i, e in enumerate(events) if isinstance(e, TaskEvent) and job in e.awaited_ids
    )
    window.center_tabs.setCurrentWidget(window.await_graph)
    window.replay_bar.slider.setValue(awaiting + 1)
    graph = window.await_graph
    assert (main, job) in graph.edges
    (job_item,) = graph.items_of(job)
    assert job_item.parent() is not None and job_item.parent().data(0, TASK_ID_ROLE) == main
    assert window.session.host.thread_name in job_item.text(1)  # the thread it last ran on
    rect = graph.tree.visualItemRect(job_item)
    QTest.mouseClick(graph.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.task_table.selected_task_ids() == [job]


def test_live_returns_to_the_present_while_the_loop_ran_on(qtbot, window):
    events = _run_lesson(qtbot, window)
    window.replay_bar.slider.setValue(len(events) // 3)
    drive.launch(window, seconds=0.05)  # the loop keeps running while we look back
    qtbot.waitUntil(lambda: window.session.replay.live_store.count > len(events) + 2)
    assert window.session.tasks.looking_back
    drive.click(window, "replayLive")
    assert not window.replay_bar.banner.isVisible()
    assert not window.session.tasks.looking_back
    qtbot.waitUntil(lambda: row(window, "job-1") is not None)
    assert state_of(window, "long-job") is TaskState.CANCELLED


def test_a_saved_recording_reopens_and_shows_the_same(qtbot, window, tmp_path):
    events = _run_lesson(qtbot, window)
    path = tmp_path / "run.jsonl"
    assert window.recordings.save_to(str(path))
    middle = len(events) // 2
    window.replay_bar.slider.setValue(middle)
    before = _table(window)
    drive.click(window, "replayLive")
    assert window.recordings.open_path(str(path))
    assert window.replay_bar.banner.isVisible() and "run.jsonl" in window.replay_bar.banner.text()
    assert window.session.replay.store.count == len(events)
    window.replay_bar.slider.setValue(middle)
    after = _table(window)
    for cells in (*before.values(), *after.values()):
        cells.pop(Column.ELAPSED)  # the same moment, but measured on two clocks
    assert after == before
    drive.click(window, "replayLive")  # closes the recording
    assert window.session.replay.recording is None and window.session.replay.is_live


def test_a_bad_recording_is_a_status_line_and_changes_nothing(qtbot, window, tmp_path):
    path = tmp_path / "foreign.json"
    path.write_text('{"traceEvents": []}\n', encoding="utf-8")
    messages = []
    window.session.statusMessage.connect(lambda text, _ms: messages.append(text))
    assert not window.recordings.open_path(str(path))
    assert window.session.replay.is_live and window.session.replay.recording is None
    assert messages and "not an asyncio-lab recording" in messages[-1]
    assert "\n" not in messages[-1]


def test_the_bar_says_when_older_history_was_dropped(qtbot, window):
    from asyncio_lab.core.event_store import EventStore

    replay = window.session.replay
    replay.live_store = EventStore(max_events=10, drop_chunk=4)  # a small bound, to reach it
    assert not window.replay_bar.dropped.isVisible()
    _run_lesson(qtbot, window)
    store = replay.live_store
    assert store.first > 0 and len(store) <= 10
    assert window.replay_bar.dropped.isVisible()
    assert f"{store.first:,}" in window.replay_bar.dropped.text()
    window.replay_bar.slider.setValue(0)  # as far back as is held
    assert replay.position == store.first
    assert window.session.tasks.rowCount() >= 1  # tasks from the dropped part still show


def test_focusing_a_task_in_the_past_marks_the_line_it_was_at_then(qtbot, window):
    events = _run_lesson(qtbot, window)
    job = _task_id(events, "long-job")
    first_wait = next(
        i for i, e in enumerate(events)
        if isinstance(e, TaskEvent) and e.state is TaskState.SUSPENDED and e.task_id != job
        and e.line is not None
    )  # fmt: skip
    main, line_then = events[first_wait].task_id, events[first_wait].line
    last_line = [
        e.line for e in events
        if isinstance(e, TaskEvent) and e.task_id == main and e.line is not None
    ][-1]  # fmt: skip
    assert last_line != line_then  # main waited elsewhere later: live and past differ
    window.center_tabs.setCurrentWidget(window.await_graph)
    window.replay_bar.slider.setValue(first_wait + 1)
    graph = window.await_graph
    (item,) = graph.items_of(main)
    rect = graph.tree.visualItemRect(item)
    QTest.mouseClick(graph.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert set(window.lesson_view.code.marked) == {line_then}
