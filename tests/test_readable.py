"""Readable on any theme, and nothing stale or cut: colours, errors, rows, job bars."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from asyncio_lab.core import playground as pg
from asyncio_lab.core.events import TaskState
from asyncio_lab.gui.task_model import Column
from tests import window_driver as drive
from tests.gui_helpers import wait_for_state

GUI = Path(__file__).resolve().parent.parent / "gui"
COLOUR_HOMES = {"state_style.py", "themed.py", "replay_style.py"}  # light/dark pairs live here


def test_no_colour_is_hard_coded_outside_its_homes():
    literal = re.compile(r"""["']#[0-9a-fA-F]{3,8}["']|GlobalColor\.(gray|white|black)""")
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(GUI.glob("*.py"))
        if path.name not in COLOUR_HOMES
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert not found, "\n".join(found)


def _dark() -> QPalette:
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e0e0e0"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e0e0e0"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#e0e0e0"),
    ):
        dark.setColor(role, QColor(colour))
    return dark


def test_meters_and_timeline_follow_a_dark_palette(qtbot, window):
    window.setPalette(_dark())
    window.center_tabs.setCurrentWidget(window.timeline_page)
    drive.launch(window, 0.05, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-1", TaskState.DONE)
    for widget in (window.timeline_page.meters.lagMeter.sparkline, window.timeline_page.view):
        image = widget.grab().toImage()
        y = image.height() - 1  # the background: the most common colour along the bottom row
        row = [image.pixelColor(x, y).lightness() for x in range(0, image.width(), 4)]
        background = max(set(row), key=row.count)
        assert background < 100, (type(widget).__name__, background)


def test_a_refusal_goes_once_the_field_reads_well(qtbot, window):
    panel = window.panel
    drive.set_field(panel.duration, "abc")
    drive.click(window, "launchButton")
    assert "Not launched" in panel.message.text()
    drive.set_field(panel.duration, "0.01")
    assert panel.message.text() == ""


def test_the_worker_is_readable_and_new_rows_come_into_view(qtbot, window):
    drive.launch(window, 30, pg.Outcome.RETURN, count=40)
    drive.run_to_thread(window, 3)  # long enough to be seen at work on a loaded machine
    wait_for_state(qtbot, window, "to_thread-41", TaskState.SUSPENDED)
    table, model = window.task_table, window.session.tasks
    names = [model.index(r, Column.NAME).data() for r in range(model.rowCount())]
    worker = model.index(names.index("to_thread-41"), Column.AWAITING)
    qtbot.waitUntil(lambda: "⇢ job on" in str(worker.data(Qt.ItemDataRole.ToolTipRole)))
    assert "⇢ job on" in worker.data(Qt.ItemDataRole.DisplayRole)
    text_width = table.fontMetrics().horizontalAdvance(worker.data()) + 12
    assert table.columnWidth(Column.AWAITING) >= text_width  # not cut to "… ⇢ job …"
    last = model.index(model.rowCount() - 1, Column.NAME)
    qtbot.waitUntil(lambda: table.visualRect(last).bottom() <= table.viewport().height())
    assert table.visualRect(last).top() >= 0
    drive.click(window, "cancelAllButton")
    wait_for_state(qtbot, window, "job-1", TaskState.CANCELLED)
