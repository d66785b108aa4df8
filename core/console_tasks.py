"""The tasks the console's entries made, and the loop errors about them: what ``python -m
asyncio`` prints under its prompt ("Task exception was never retrieved"...) the console shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel, TaskEvent


class ConsoleTasks:
    """A fold over the lab's events: each console entry is a task named ``<prefix>N``; the
    tasks it (or a task it made) created are the console's too."""

    def __init__(self, prefix: str = "console-") -> None:
        self._prefix = prefix
        self._ids: set[int] = set()
        self._names: set[str] = set()

    def feed(self, events: Iterable[LabEvent]) -> list[str]:
        """Take in a batch; return the loop errors in it that concern the console's tasks."""
        errors: list[str] = []
        for event in events:
            if isinstance(event, TaskEvent):
                self._see(event)
            elif (
                isinstance(event, LogEvent)
                and event.level is LogLevel.ERROR
                and event.task_name is not None
                and event.task_name in self._names
                and not event.task_name.startswith(self._prefix)  # an entry says its own
            ):
                errors.append(f"{event.message} (task {event.task_name})")
        return errors

    def _see(self, event: TaskEvent) -> None:
        mine = event.task_id in self._ids
        if not mine and (
            (event.name or "").startswith(self._prefix) or event.parent_id in self._ids
        ):
            self._ids.add(event.task_id)
            mine = True
        if mine and event.name:
            self._names.add(event.name)
