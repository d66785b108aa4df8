"""A task goes by one name everywhere the learner reads it: the log, the table, the timeline."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from asyncio_lab.core import playground as pg
from asyncio_lab.core.events import TaskState
from asyncio_lab.gui.task_model import Column
from tests import window_driver as drive
from tests.gui_helpers import wait_for_state


def _table_names(window) -> set[str]:
    model = window.session.tasks
    return {
        str(model.data(model.index(r, Column.NAME), Qt.ItemDataRole.DisplayRole))
        for r in range(model.rowCount())
    }


def test_the_log_calls_each_task_what_the_table_calls_it(qtbot, window):
    drive.launch(window, 0.05, pg.Outcome.RETURN, count=3)  # asyncio.create_task(name=...)
    window.console_panel.input._submit("await asyncio.gather(asyncio.sleep(0.01))")
    for name in ("job-1", "job-2", "job-3"):
        wait_for_state(qtbot, window, name, TaskState.DONE)
    qtbot.waitUntil(lambda: "console-1: " in window.log_view.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: "console-1: done" in window.log_view.toPlainText(), timeout=5000)
    log = window.log_view.toPlainText()
    assert not re.search(r"#\d+ \w+\(\)", log), log  # never the provisional "#4 sample_job()"
    for name in ("job-1", "job-2", "job-3"):
        assert f"{name}: created sample_job()" in log
    named_in_log = set(re.findall(r"\] ([\w-]+): (?:created|done|cancelled|failed)", log))
    assert named_in_log <= _table_names(window)
    unnamed = re.search(r"(Task-\d+): created sleep\(\)", log)  # the task gather makes
    assert unnamed is not None, log
    assert f"{unnamed[1]}: done" in log
    window.center_tabs.setCurrentWidget(window.timeline_page)  # a hidden timeline draws nothing
    bars = {bar.label for bar in window.timeline_page.view.timeline.bars.values()}
    assert {"job-1", "job-2", "job-3", unnamed[1]} <= bars
