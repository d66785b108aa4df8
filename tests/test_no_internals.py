"""Nothing of the lab's machinery on screen: no raw reprs, no internal rows, no line numbers
into files the learner never sees."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from asyncio_lab.core import playground as pg
from asyncio_lab.core.events import TaskState
from asyncio_lab.core.host import HostKind
from asyncio_lab.gui.task_model import Column
from tests import window_driver as drive
from tests.gui_helpers import list_rows, row, wait_for_state


def test_no_shutdown_row_after_a_host_switch(qtbot, window):
    drive.launch(window, 30, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-1", TaskState.SUSPENDED)
    other = HostKind.THREADED if window.session.kind is HostKind.INTEGRATED else HostKind.INTEGRATED
    drive.pick_host(window, other)
    dialog = window.findChild(QMessageBox, "switchHostDialog")
    qtbot.mouseClick(dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_for_state(qtbot, window, "job-1", TaskState.CANCELLED)
    drive.launch(window, 0.01, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-2", TaskState.DONE)
    assert row(window, "shutdown") is None
    assert "shutdown:" not in window.log_view.toPlainText()
    assert "_drain" not in window.log_view.toPlainText()


def test_lines_are_shown_only_in_the_learners_code(qtbot, window):
    drive.launch(window, 30, pg.Outcome.RETURN)  # parked in the lab's own playground.py
    wait_for_state(qtbot, window, "job-1", TaskState.SUSPENDED)
    assert row(window, "job-1")[Column.AWAITING] == "sleep()"
    console = window.console_panel.input
    console._submit("async def g():\n    x = 1\n    await asyncio.sleep(30)\n")
    console._submit("t = asyncio.create_task(g(), name='typed')")
    wait_for_state(qtbot, window, "typed", TaskState.SUSPENDED)
    assert row(window, "typed")[Column.AWAITING] == "sleep() @ line 3"
    assert "(line" not in "\n".join(
        ln for ln in window.log_view.toPlainText().splitlines() if "job-1" in ln
    )
    drive.click(window, "cancelAllButton")
    wait_for_state(qtbot, window, "typed", TaskState.CANCELLED)


def test_a_wait_result_reads_as_the_two_sets(qtbot, window):
    drive.run_wait(window, pg.WaitMode.FIRST_COMPLETED, None, pg.WaitScope.FRESH)
    qtbot.waitUntil(lambda: "returned" in window.wait_panel.caption.text(), timeout=5000)
    wait_for_state(qtbot, window, "wait-1", TaskState.DONE)
    outcome = row(window, "wait-1")[Column.OUTCOME]
    assert outcome == "done={wait-A}, pending={wait-B, wait-C}", outcome
    assert "WaitResult(" not in window.log_view.toPlainText()


def _wait_fresh(qtbot, window, mode: pg.WaitMode) -> tuple[list[str], list[str]]:
    drive.run_wait(window, mode, None, pg.WaitScope.FRESH)
    caption = window.wait_panel.caption
    assert "is waiting" in caption.text()  # said at once, while the wait is in progress
    qtbot.waitUntil(lambda: "returned after" in caption.text(), timeout=8000)
    names = [
        [t.split(" — ")[0][2:] for t in list_rows(box)]
        for box in (window.wait_panel.done_list, window.wait_panel.pending_list)
    ]
    return names[0], names[1]


def test_the_default_batch_tells_first_exception_from_all_completed(qtbot, window):
    done, pending = _wait_fresh(qtbot, window, pg.WaitMode.FIRST_EXCEPTION)
    assert (done, pending) == (["wait-A", "wait-B"], ["wait-C"])
    assert "was pending; done after wait returned" not in "".join(
        list_rows(window.wait_panel.pending_list)
    )
    wait_for_state(qtbot, window, "wait-C", TaskState.DONE)
    qtbot.waitUntil(
        lambda: "done after wait returned" in list_rows(window.wait_panel.pending_list)[0]
    )
    done, pending = _wait_fresh(qtbot, window, pg.WaitMode.ALL_COMPLETED)
    assert (done, pending) == (["wait-A", "wait-B", "wait-C"], [])
