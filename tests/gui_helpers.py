"""Reading the window the way a person does: the task table's cells, states as shown; and
a storm of trivial tasks, submitted to the session (no widget makes one that big)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

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


def list_rows(widget: QListWidget) -> list[str]:
    """The text of each row of a list widget, top to bottom, as shown."""
    return [widget.item(i).text() for i in range(widget.count())]


def submit_storm(window, n: int):
    """Run ``n`` trivial tasks in one TaskGroup on the window's loop; returns the WorkHandle."""

    async def nothing() -> None:
        pass

    async def storm() -> None:
        async with asyncio.TaskGroup() as tg:
            for _ in range(n):
                tg.create_task(nothing())

    handle = window.session.submit(storm(), "storm")
    assert handle is not None
    return handle
