"""Driving the window the way a person does: set the fields, pick from the lists, click.

Nothing here calls into the session: every action goes through the real widgets, so a test
of the window tests what a click does. Reading the window is in ``gui_helpers``.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QPushButton

from asyncio_lab.core import playground as pg
from asyncio_lab.core.host import HostKind
from asyncio_lab.gui.main_window import MainWindow
from asyncio_lab.gui.param_fields import ParamField
from asyncio_lab.gui.playground_panel import WaitScope
from asyncio_lab.gui.task_model import TASK_ID_ROLE


def click(window: MainWindow, object_name: str) -> None:
    button = window.findChild(QPushButton, object_name)
    assert button is not None, object_name
    assert button.isEnabled(), f"{object_name} is disabled"
    button.click()


def set_field(field: ParamField, text: str) -> None:
    field.set_text(text)


def choose(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def _fill_job(window: MainWindow, seconds: float, outcome: pg.Outcome) -> None:
    set_field(window.panel.duration, f"{seconds:g}")
    choose(window.panel.outcome, outcome)


def launch(
    window: MainWindow, seconds: float, outcome: pg.Outcome = pg.Outcome.RETURN, count: int = 1
) -> None:
    """Launch task (one) or Launch N (several), with this duration and outcome."""
    _fill_job(window, seconds, outcome)
    if count == 1:
        click(window, "launchButton")
    else:
        set_field(window.panel.count, str(count))
        click(window, "launchManyButton")


def launch_with_timeout(
    window: MainWindow, seconds: float, limit: float, style: pg.TimeoutStyle
) -> None:
    _fill_job(window, seconds, pg.Outcome.RETURN)
    set_field(window.panel.limit, f"{limit:g}")
    choose(window.panel.timeout_style, style)
    click(window, "timeoutButton")


def run_to_thread(window: MainWindow, seconds: float) -> None:
    set_field(window.panel.blocking, f"{seconds:g}")
    click(window, "toThreadButton")


def run_wait(
    window: MainWindow, mode: pg.WaitMode, timeout: float | None, scope: WaitScope
) -> None:
    """Pick return_when, the timeout (0: none) and the tasks, then click asyncio.wait."""
    choose(window.panel.wait_mode, mode)
    set_field(window.panel.wait_timeout, "0" if timeout is None else f"{timeout:g}")
    choose(window.panel.wait_scope, scope)
    click(window, "waitButton")


def select_tasks(window: MainWindow, task_ids: list[int]) -> None:
    """Select these tasks' rows, as Ctrl+clicks on them would."""
    table = window.task_table
    model = table.model()
    selection = table.selectionModel()
    selection.clearSelection()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(TASK_ID_ROLE) in task_ids:
            selection.select(
                index,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def pick_host(window: MainWindow, kind: HostKind) -> None:
    """Open the toolbar's host list and choose ``kind`` (choosing the current one again counts)."""
    box = window.host_selector
    box.showPopup()
    view = box.view()
    view.setCurrentIndex(box.model().index(box.findData(kind), 0))
    QTest.keyClick(view, Qt.Key.Key_Return)


def run_demo(
    window: MainWindow, demo_id: str, params: dict[str, str] | None = None, speed: float = 1.0
) -> None:
    """Select ``demo_id`` in the browser, set its fields and speed, press Run."""
    panel = window.demo_panel
    panel.select(demo_id)
    for name, text in (params or {}).items():
        panel.fields[name].set_text(text)
    choose(panel.speed, speed)
    click(window, "runDemoButton")


def stop_demo(window: MainWindow) -> None:
    click(window, "stopDemoButton")


def stop_half_way(qtbot, window: MainWindow, demo_id: str, after_ms: int, speed: float) -> str:
    """Run ``demo_id``, press Stop ``after_ms`` later (if it still runs), wait until it has
    stopped and cleaned up; returns what the demo panel then says."""
    demos = window.session.demos
    run_demo(window, demo_id, speed=speed)
    assert demos.running is not None, window.demo_panel.message.text()
    qtbot.wait(after_ms)
    if demos.running is not None:
        stop_demo(window)
    qtbot.waitUntil(lambda: demos.running is None, timeout=15_000)
    return window.demo_panel.message.text()
