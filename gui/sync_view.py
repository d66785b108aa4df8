"""Every synchronisation primitive a demo shows: its state, who holds it, who waits — live."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from asyncio_lab.core.events import LabEvent, PrimitiveEvent, TaskState
from asyncio_lab.core.moment import Moment
from asyncio_lab.gui.state_style import style_of
from asyncio_lab.gui.themed import tint

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession

HEADERS = ("Primitive", "Kind", "State", "Held by", "Waiting (in order)")
_HOLDING = style_of(TaskState.RUNNING).qcolor
_WAITING = style_of(TaskState.SUSPENDED).qcolor


class SyncView(QWidget):
    """One row per primitive label, updated from PrimitiveEvents (the latest state wins)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncView")
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("syncTable")
        self.table.setAccessibleName("Synchronisation primitives")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hint = QLabel(
            "Run a lesson from chapter 4 (Synchronisation), or a program of your own: each "
            "asyncio lock, event, condition, "
            "semaphore, barrier and queue it uses appears here with who holds it and who "
            "waits on it, as it happens. Slow the demo down to watch the hand-overs.",
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        self._rows: dict[str, int] = {}
        self._live: dict[str, PrimitiveEvent] = {}  # this run's latest, kept while looking back
        self._looking_back = False

    def bind(self, session: LabSession) -> None:
        """Follow the primitives in the event stream; start afresh with each demo run."""
        session.eventsArrived.connect(self.add_events)
        session.demos.runningChanged.connect(self._on_running_changed)
        session.replay.momentChanged.connect(self.show_moment)

    def show_moment(self, moment: Moment | None) -> None:
        """Holders and waiters as of ``moment`` (replay), or this run's live ones (``None``)."""
        self._looking_back = moment is not None
        self._show_all(self._live.values() if moment is None else moment.primitives.values())

    def _show_all(self, events: Iterable[PrimitiveEvent]) -> None:
        self.table.setRowCount(0)
        self._rows.clear()
        for event in events:
            self._show(event)

    def _on_running_changed(self, running: bool) -> None:
        if running:
            self.clear()

    def clear(self) -> None:
        self._live.clear()
        if not self._looking_back:
            self._show_all(())

    def add_events(self, events: list[LabEvent]) -> None:
        latest: dict[str, PrimitiveEvent] = {}
        for event in events:
            if isinstance(event, PrimitiveEvent):
                latest[event.label] = event
        self._live.update(latest)
        if self._looking_back:
            return
        for event in latest.values():
            self._show(event)

    def _show(self, event: PrimitiveEvent) -> None:
        row = self._rows.get(event.label)
        if row is None:
            row = self._rows[event.label] = self.table.rowCount()
            self.table.insertRow(row)
        cells = (
            event.label,
            event.kind,
            event.state,
            ", ".join(event.holders) or "—",
            " ← ".join(event.waiters) or "—",
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 3 and event.holders:
                item.setBackground(tint(_HOLDING, self.table.palette()))
            if column == 4 and event.waiters:
                item.setBackground(tint(_WAITING, self.table.palette()))
            self.table.setItem(row, column, item)
