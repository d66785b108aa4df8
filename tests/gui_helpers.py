"""Reading the window the way a person does: the task table's cells, states as shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from asyncio_lab.core.events import TaskState
from asyncio_lab.gui.task_model import Column


def row(window, name: str) -> dict[Column, str] | None:
    """The cells of the newest task table row named ``name``, as the table shows them."""
    window.session.bridge.drain()
    model = window.session.tasks

    def cell(r: int, column: Column) -> str:
        return str(model.data(model.index(r, column), Qt.ItemDataRole.DisplayRole))

    named = [r for r in range(model.rowCount()) if cell(r, Column.NAME) == name]
    if not named:
        return None
    newest = max(named, key=lambda r: int(cell(r, Column.ID)))
    return {column: cell(newest, column) for column in Column}


def state_of(window, name: str) -> TaskState | None:
    """The state the table's State cell names (it reads "<glyph> <state>")."""
    cells = row(window, name)
    return None if cells is None else TaskState(cells[Column.STATE].split(" ", 1)[1])


def wait_for_state(qtbot, window, name: str, *states: TaskState, timeout: int = 10_000) -> None:
    def check() -> None:
        assert state_of(window, name) in states

    qtbot.waitUntil(check, timeout=timeout)
