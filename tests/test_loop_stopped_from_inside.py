"""``loop.stop()`` typed into the console, then a host switch: nothing is lost or left pending.

The tasks that were running when the loop stopped are cancelled by the switch, like any
others (their rows end), none is destroyed pending, and choosing the same host again starts
a fresh loop (issue 14, item 3).
"""

from __future__ import annotations

import gc
import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from asyncio_lab.core import playground as pg
from asyncio_lab.core.events import TaskState
from asyncio_lab.core.host import HostKind
from tests import window_driver as drive
from tests.gui_helpers import row, state_of, wait_for_state


def stop_the_loop_from_the_console(qtbot, window) -> None:
    window.console_panel.input._submit("asyncio.get_running_loop().stop()")
    qtbot.waitUntil(lambda: not window.session.host.is_running, timeout=5000)


def answer_switch(qtbot, window, button: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: window.host_selector.dialog is not None, timeout=3000)
    dialog = window.host_selector.dialog
    qtbot.mouseClick(dialog.button(button), Qt.MouseButton.LeftButton)


def destroyed_pending(caplog: pytest.LogCaptureFixture) -> list[str]:
    gc.collect()
    said = [r.getMessage() for r in caplog.records]
    return [m for m in said if "destroyed but it is pending" in m]


@pytest.mark.parametrize("other", list(HostKind))
def test_a_switch_after_loop_stop_cancels_what_was_running(
    qtbot, window, other: HostKind, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="asyncio")
    drive.launch(window, 1.0, pg.Outcome.FOREVER, count=3)
    for n in (1, 2, 3):
        wait_for_state(qtbot, window, f"job-{n}", TaskState.SUSPENDED)
    stop_the_loop_from_the_console(qtbot, window)

    drive.pick_host(window, other)  # the same host again, or the other one
    answer_switch(qtbot, window, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: window.session.host is not None and window.session.host.is_running)
    for n in (1, 2, 3):
        wait_for_state(qtbot, window, f"job-{n}", TaskState.CANCELLED)
    assert window.session.kind is other
    assert not destroyed_pending(caplog)
    assert row(window, "shutdown") is None  # the lab's own task, never shown

    drive.launch(window, 0.05, pg.Outcome.RETURN)  # the fresh loop runs work
    wait_for_state(qtbot, window, "job-4", TaskState.DONE)
    assert state_of(window, "job-1") is TaskState.CANCELLED
