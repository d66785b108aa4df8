"""The inspector's model passes Qt's own model checks and reads as a person expects."""

from __future__ import annotations

from asyncio_lab.core.events import HandoffEvent, HandoffKind, TaskEvent, TaskState
from asyncio_lab.gui.task_model import Column, TaskTableModel


def _events():
    yield TaskEvent(0.0, 1, None, TaskState.PENDING, "MainThread", coro_name="job")
    yield TaskEvent(0.1, 1, "job-1", TaskState.RUNNING, "loop")
    yield TaskEvent(0.2, 1, "job-1", TaskState.SUSPENDED, "loop", awaiting="to_thread()", line=7)
    yield HandoffEvent(0.3, "loop", "asyncio_0", HandoffKind.JOB_START, "blocking_sleep", 1)
    yield TaskEvent(0.4, 2, None, TaskState.PENDING, "loop", coro_name="other")


def test_model_passes_qtmodeltester(qtmodeltester):
    model = TaskTableModel(lambda: 1.0)
    qtmodeltester.check(model)  # watching from the start: every insert is checked as it happens
    events = list(_events())
    model.apply_events(events[:2])
    model.apply_events(events[2:])
    model.apply_events([TaskEvent(0.5, 1, "job-1", TaskState.DONE, "loop", outcome="42")])
    model.apply_events(
        [
            TaskEvent(0.6, 3, None, TaskState.PENDING, "loop", coro_name="third"),
            TaskEvent(0.7, 2, "other", TaskState.RUNNING, "loop"),
            TaskEvent(0.7, 4, None, TaskState.PENDING, "loop", coro_name="fourth"),
        ]
    )
    assert model.rowCount() == 4
    model.clear_finished()
    assert model.rowCount() == 3
    assert model.book.live_count() == 3


def test_rows_show_name_state_threads_and_what_is_awaited():
    model = TaskTableModel(lambda: 1.0)
    model.apply_events(list(_events()))
    assert model.rowCount() == 2

    def text(row: int, column: Column) -> str:
        return str(model.data(model.index(row, column)))

    assert text(0, Column.NAME) == "job-1"
    assert text(0, Column.STATE).endswith("suspended")
    assert text(0, Column.CREATED_ON) == "MainThread"
    assert text(0, Column.RAN_ON) == "loop"
    assert "to_thread() @ line 7" in text(0, Column.AWAITING)
    assert "asyncio_0" in text(0, Column.AWAITING)
    assert text(1, Column.NAME) == "#2 other()"
    assert text(1, Column.RAN_ON) == "—"
    model.apply_events([TaskEvent(0.9, 1, "job-1", TaskState.DONE, "loop", outcome="42")])
    assert text(0, Column.OUTCOME) == "42"
    assert text(0, Column.ELAPSED) == "0.90 s"


def test_sorting_reorders_rows_and_new_rows_still_arrive(qtmodeltester):
    from PySide6.QtCore import Qt

    model = TaskTableModel(lambda: 1.0)
    qtmodeltester.check(model)
    model.apply_events(
        [TaskEvent(0.1 * i, i, f"job-{i}", TaskState.PENDING, "loop") for i in (1, 2, 3)]
    )
    model.apply_events([TaskEvent(0.5, 2, "job-2", TaskState.DONE, "loop", outcome="2")])
    keep = model.index(1, 0)  # job-2
    from PySide6.QtCore import QPersistentModelIndex

    persistent = QPersistentModelIndex(keep)
    model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    names = [model.data(model.index(r, Column.NAME)) for r in range(3)]
    assert names == ["job-3", "job-2", "job-1"]
    assert model.data(model.index(persistent.row(), Column.NAME)) == "job-2"  # selection follows
    model.apply_events([TaskEvent(0.6, 1, "job-1", TaskState.DONE, "loop", outcome="1")])
    assert model.data(model.index(2, Column.OUTCOME)) == "1"  # updates land on the right row
    model.apply_events([TaskEvent(0.7, 4, "job-4", TaskState.PENDING, "loop")])
    assert model.data(model.index(3, Column.NAME)) == "job-4"
    model.sort(Column.ID, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, Column.ID)) for r in range(4)] == [1, 2, 3, 4]
