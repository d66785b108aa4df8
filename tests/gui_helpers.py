"""Reading the window the way a person does: rows by task name, states as shown."""

from __future__ import annotations

from asyncio_lab.core.events import TaskState
from asyncio_lab.core.task_book import TaskRecord


def record(window, name: str) -> TaskRecord | None:
    window.session.bridge.drain()
    return window.session.book.by_name(name)


def state_of(window, name: str) -> TaskState | None:
    found = record(window, name)
    return None if found is None else found.state


def wait_for_state(qtbot, window, name: str, *states: TaskState, timeout: int = 10_000) -> None:
    def check() -> None:
        assert state_of(window, name) in states

    qtbot.waitUntil(check, timeout=timeout)
