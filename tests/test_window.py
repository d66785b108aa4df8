"""The real window on both hosts: what a person clicks and what they then see."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton

from asyncio_lab.core import playground as pg
from asyncio_lab.core.events import TaskState
from asyncio_lab.core.host import HostKind
from asyncio_lab.gui.task_model import Column
from tests import window_driver as drive
from tests.gui_helpers import list_rows, row, state_of, wait_for_state


def click(qtbot, window, object_name: str) -> None:
    button = window.findChild(QPushButton, object_name)
    assert button is not None, object_name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_field(window, field, text: str) -> None:
    field.editor.setText(text)


def test_controls_have_stable_names(window):
    from PySide6.QtWidgets import QWidget

    for name in (
        "hostSelector",
        "launchButton",
        "launchManyButton",
        "cancelButton",
        "cancelAllButton",
        "timeoutButton",
        "toThreadButton",
        "waitButton",
        "taskTable",
        "doneList",
        "pendingList",
        "logView",
    ):
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() or name in ("hostSelector",), name


def test_status_bar_names_host_and_loop_thread(window):
    status = window.findChild(QLabel, "hostStatus").text()
    host = window.session.host
    assert host.kind.value in status
    assert host.thread_name in status
    if host.kind is HostKind.THREADED:
        assert host.thread_name == "asyncio-loop"
    else:
        assert host.thread_name == "MainThread"


def test_launch_goes_pending_then_done(qtbot, window):
    set_field(window, window.panel.duration, "0.3")
    click(qtbot, window, "launchButton")
    qtbot.waitUntil(lambda: row(window, "job-1") is not None, timeout=5000)
    assert state_of(window, "job-1") in (TaskState.PENDING, TaskState.RUNNING, TaskState.SUSPENDED)
    wait_for_state(qtbot, window, "job-1", TaskState.SUSPENDED, TaskState.DONE)
    wait_for_state(qtbot, window, "job-1", TaskState.DONE)
    cells = row(window, "job-1")
    assert cells[Column.OUTCOME].startswith("'slept")
    assert cells[Column.RAN_ON] == window.session.host.thread_name


def test_a_task_that_raises_shows_failed_and_the_app_goes_on(qtbot, window):
    window.panel.outcome.setCurrentIndex(list(pg.Outcome).index(pg.Outcome.RAISE))
    set_field(window, window.panel.duration, "0.05")
    click(qtbot, window, "launchButton")
    wait_for_state(qtbot, window, "job-1", TaskState.FAILED)
    assert "JobFailed" in row(window, "job-1")[Column.OUTCOME]
    qtbot.waitUntil(lambda: "JobFailed" in window.log_view.toPlainText(), timeout=3000)
    # still alive: another task runs to completion
    drive.launch(window, 0.05, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-2", TaskState.DONE)


def test_cancel_selected_marks_cancelled(qtbot, window):
    drive.launch(window, 30, pg.Outcome.RETURN, count=3)
    qtbot.waitUntil(lambda: state_of(window, "job-3") is TaskState.SUSPENDED, timeout=5000)
    drive.select_tasks(window, [int(row(window, "job-2")[Column.ID])])
    click(qtbot, window, "cancelButton")
    wait_for_state(qtbot, window, "job-2", TaskState.CANCELLED)
    assert state_of(window, "job-1") is TaskState.SUSPENDED
    click(qtbot, window, "cancelAllButton")
    wait_for_state(qtbot, window, "job-1", TaskState.CANCELLED)
    wait_for_state(qtbot, window, "job-3", TaskState.CANCELLED)


def test_cancel_with_nothing_selected_says_so(qtbot, window):
    click(qtbot, window, "cancelButton")
    assert "Select the tasks to cancel" in window.statusBar().currentMessage()


@pytest.mark.parametrize("style", list(pg.TimeoutStyle))
def test_timeout_ends_in_timeout_error(qtbot, window, style):
    drive.launch_with_timeout(window, 5.0, 0.2, style)
    wait_for_state(qtbot, window, "timeout-1", TaskState.FAILED)
    assert row(window, "timeout-1")[Column.OUTCOME].startswith("TimeoutError")


def test_to_thread_runs_on_a_worker_thread(qtbot, window):
    set_field(window, window.panel.blocking, "0.2")
    click(qtbot, window, "toThreadButton")
    wait_for_state(qtbot, window, "to_thread-1", TaskState.DONE)
    outcome = row(window, "to_thread-1")[Column.OUTCOME]
    worker = outcome.strip("'").removeprefix("ran on ")
    loop_thread = window.session.host.thread_name
    assert worker and worker != loop_thread
    expected = "QThread-worker" if window.session.kind is HostKind.INTEGRATED else "asyncio_"
    assert worker.startswith(expected)


def test_wait_first_completed_splits_done_and_pending_which_run_on(qtbot, window):
    window.panel.wait_mode.setCurrentIndex(list(pg.WaitMode).index(pg.WaitMode.FIRST_COMPLETED))
    set_field(window, window.panel.wait_timeout, "0")
    window.panel.wait_scope.setCurrentIndex(window.panel.wait_scope.findData(pg.WaitScope.FRESH))
    click(qtbot, window, "waitButton")
    qtbot.waitUntil(lambda: window.wait_panel.done_list.count() == 1, timeout=5000)
    # The result arrives after the events it names: every listed task shows its state at once.
    assert [t.split(" — ")[0][2:] for t in list_rows(window.wait_panel.done_list)] == ["wait-A"]
    pending = list_rows(window.wait_panel.pending_list)
    assert [t.split(" — ")[0][2:] for t in pending] == ["wait-B", "wait-C"]
    assert all("still pending (suspended)" in t for t in pending)
    assert "FIRST_COMPLETED" in window.wait_panel.caption.text()
    assert "no timeout" in window.wait_panel.caption.text()
    # The seed's point: pending tasks were not cancelled; they finish later.
    wait_for_state(qtbot, window, "wait-C", TaskState.DONE)
    pending_list = window.wait_panel.pending_list
    qtbot.waitUntil(lambda: all("after wait returned" in t for t in list_rows(pending_list)))
    assert [t.split(" — ")[1] for t in list_rows(pending_list)] == [
        "was pending; failed after wait returned",  # B raises: FIRST_EXCEPTION would stop there
        "was pending; done after wait returned",
    ]


def test_wait_with_timeout_over_live_tasks(qtbot, window):
    drive.launch(window, 0.1, pg.Outcome.RETURN)
    drive.launch(window, 30, pg.Outcome.RETURN)
    qtbot.waitUntil(lambda: state_of(window, "job-2") is TaskState.SUSPENDED, timeout=5000)
    drive.run_wait(window, pg.WaitMode.ALL_COMPLETED, 0.5, pg.WaitScope.LIVE)
    qtbot.waitUntil(lambda: window.wait_panel.pending_list.count() == 1, timeout=5000)
    assert "job-2" in list_rows(window.wait_panel.pending_list)[0]
    assert "job-1" in list_rows(window.wait_panel.done_list)[0]
    assert state_of(window, "job-2") is TaskState.SUSPENDED  # a timeout cancels nothing


def test_wait_over_the_selected_tasks(qtbot, window):
    drive.run_wait(window, pg.WaitMode.ALL_COMPLETED, None, pg.WaitScope.SELECTED)
    assert "Select the tasks to wait for" in window.statusBar().currentMessage()
    drive.launch(window, 0.05, pg.Outcome.RETURN)
    drive.launch(window, 30, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-1", TaskState.DONE)
    wait_for_state(qtbot, window, "job-2", TaskState.SUSPENDED)
    drive.select_tasks(window, [int(row(window, "job-1")[Column.ID])])
    drive.run_wait(window, pg.WaitMode.ALL_COMPLETED, None, pg.WaitScope.SELECTED)
    # a failed wait says why in the status bar
    qtbot.waitUntil(lambda: "no live task" in window.statusBar().currentMessage(), timeout=5000)
    drive.select_tasks(window, [int(row(window, n)[Column.ID]) for n in ("job-1", "job-2")])
    drive.run_wait(window, pg.WaitMode.FIRST_COMPLETED, 0.2, pg.WaitScope.SELECTED)
    qtbot.waitUntil(lambda: window.wait_panel.pending_list.count() == 1, timeout=5000)
    assert "job-2" in list_rows(window.wait_panel.pending_list)[0]
    assert window.wait_panel.done_list.count() == 0  # job-1 had ended: only job-2 was waited on


def test_bad_input_is_refused_with_a_message(qtbot, window):
    set_field(window, window.panel.duration, "-1")
    field_error = window.panel.duration.error_text()
    assert "out of range" in field_error and "0 to 3600" in field_error
    click(qtbot, window, "launchButton")
    message = window.panel.message.text()
    assert message.startswith("Not launched") and "duration" in message
    set_field(window, window.panel.count, "100000")
    set_field(window, window.panel.duration, "1")
    click(qtbot, window, "launchManyButton")
    assert "10000" in window.panel.message.text().replace(",", "")
    window.session.bridge.drain()
    assert len(window.session.book) == 0  # nothing was launched
    assert window.panel.duration.editor.text() == "1"  # nothing the user typed was lost
    assert isinstance(window.panel.count.editor, QLineEdit)
    assert window.panel.count.editor.text() == "100000"


def test_launch_many_creates_n_tasks(qtbot, window):
    set_field(window, window.panel.count, "50")
    set_field(window, window.panel.duration, "0.2")
    click(qtbot, window, "launchManyButton")

    def all_done() -> None:
        window.session.bridge.drain()
        jobs = [r for r in window.session.book.records if r.name.startswith("job-")]
        assert len(jobs) == 50 and all(r.state is TaskState.DONE for r in jobs)

    qtbot.waitUntil(all_done, timeout=10_000)
    assert window.findChild(QLabel, "taskStatus").text() == "0 live / 51 tasks"  # + launcher
    click(qtbot, window, "clearFinishedButton")
    assert window.task_table.model().rowCount() == 0


def test_switching_host_asks_first_then_cancels_and_restarts(qtbot, window):
    drive.launch(window, 30, pg.Outcome.RETURN)
    qtbot.waitUntil(lambda: state_of(window, "job-1") is TaskState.SUSPENDED, timeout=5000)
    before = window.session.kind
    other = HostKind.THREADED if before is HostKind.INTEGRATED else HostKind.INTEGRATED
    drive.pick_host(window, other)
    dialog = window.findChild(QMessageBox, "switchHostDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert window.session.kind is before
    assert window.host_selector.currentData() is before
    drive.pick_host(window, other)
    dialog = window.findChild(QMessageBox, "switchHostDialog")
    qtbot.mouseClick(dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert window.session.kind is other
    wait_for_state(qtbot, window, "job-1", TaskState.CANCELLED)
    assert other.value in window.findChild(QLabel, "hostStatus").text()
    assert other.value in window.windowTitle()
    drive.launch(window, 0.05, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-2", TaskState.DONE)
    assert row(window, "job-2")[Column.RAN_ON] == window.session.host.thread_name


def test_the_log_can_show_every_step(qtbot, window):
    from PySide6.QtWidgets import QCheckBox

    window.findChild(QCheckBox, "logStepsToggle").setChecked(True)
    drive.launch(window, 0.05, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-1", TaskState.DONE)
    qtbot.waitUntil(lambda: "job-1: done" in window.log_view.toPlainText(), timeout=3000)
    log = window.log_view.toPlainText()
    assert "job-1: running" in log and "job-1: suspended, awaiting sleep()" in log
