"""The inspector's table: a thin Qt adapter over core's TaskBook, updated in batches."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.task_book import TaskBook, TaskRecord
from asyncio_lab.gui.state_style import style_of

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    ID = 0
    NAME = 1
    STATE = 2
    CREATED_ON = 3
    RAN_ON = 4
    ELAPSED = 5
    AWAITING = 6
    OUTCOME = 7


HEADERS = {
    Column.ID: "ID",
    Column.NAME: "Name",
    Column.STATE: "State",
    Column.CREATED_ON: "Created on",
    Column.RAN_ON: "Last ran on",
    Column.ELAPSED: "Elapsed",
    Column.AWAITING: "Awaiting",
    Column.OUTCOME: "Result / exception",
}

HEADER_TIPS = {
    Column.CREATED_ON: "the thread that called create_task",
    Column.RAN_ON: "the thread that ran the task's latest step",
    Column.AWAITING: "what a suspended task waits for, and the line it is parked at",
}


class TaskTableModel(QAbstractTableModel):
    """Sorts itself (no QSortFilterProxyModel): a proxy placed each new row by binary search,
    about ten data() calls a row, which made 100,000 tasks cost seconds. Rows are kept in a
    view order; clicking a header sorts once, and new rows join at the end — in the default
    order (ID ascending) that is exactly where they belong."""

    def __init__(self, now: Callable[[], float], parent: Any = None) -> None:
        super().__init__(parent)
        self.book = TaskBook()
        self._now = now
        self._order: list[int] = []  # view row -> book row
        self._identity = True  # the view order is the book's (creation) order

    # Updates, in batches ------------------------------------------------------------------
    def apply_events(self, events: list[LabEvent]) -> None:
        # Qt's rule: announce new rows before they exist (proxies map rows in that callback).
        before = len(self.book)
        coming = self.book.count_new(events)
        if coming:
            self.beginInsertRows(QModelIndex(), before, before + coming - 1)
        appended, changed = self.book.apply(events)
        if coming:
            self._order.extend(range(before, before + appended))
            self.endInsertRows()
        assert appended == coming, (appended, coming)
        if changed:
            first, last = (min(changed), max(changed)) if self._identity else (0, before - 1)
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def refresh_elapsed(self) -> None:
        """Live rows' elapsed time moves on its own; one signal repaints what is visible."""
        rows = len(self.book)
        if rows:
            column = Column.ELAPSED
            self.dataChanged.emit(self.index(0, column), self.index(rows - 1, column))

    def clear_finished(self) -> int:
        self.beginResetModel()
        dropped = self.book.clear_finished()
        self._order = list(range(len(self.book)))
        self._identity = True
        self.endResetModel()
        return dropped

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        key = Column(column)
        records = self.book.records
        new_order = sorted(
            old_order,
            key=lambda i: self._sort_key(records[i], key),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._order = new_order
        self._identity = key is Column.ID and order == Qt.SortOrder.AscendingOrder
        where = {book_row: view_row for view_row, book_row in enumerate(new_order)}
        old_indexes = self.persistentIndexList()
        new_indexes = [self.index(where[old_order[i.row()]], i.column()) for i in old_indexes]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    # The model interface ----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.book)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(Column(section))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.book):
            return None
        record = self.book.records[self._order[index.row()]]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == TASK_ID_ROLE:
            return record.task_id
        if column is Column.STATE:
            style = style_of(record.state)
            if role == Qt.ItemDataRole.DecorationRole:
                return style.qcolor
            if role == Qt.ItemDataRole.ToolTipRole:
                return style.tip
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.OUTCOME:
            return record.outcome
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.AWAITING:
            return record.waiting_on or None  # whole, where the column cuts it
        return None

    def _display(self, record: TaskRecord, column: Column) -> Any:
        if column is Column.ID:
            return record.task_id
        if column is Column.NAME:
            return record.name
        if column is Column.STATE:
            return f"{style_of(record.state).glyph} {record.state.value}"
        if column is Column.CREATED_ON:
            return record.created_thread
        if column is Column.RAN_ON:
            return record.last_thread if record.steps else "—"
        if column is Column.ELAPSED:
            return f"{record.elapsed(self._now()):.2f} s"
        if column is Column.AWAITING:
            return record.waiting_on
        return record.outcome or ""

    def _sort_key(self, record: TaskRecord, column: Column) -> Any:
        if column is Column.ID:
            return record.task_id
        if column is Column.ELAPSED:
            return record.elapsed(self._now())
        return str(self._display(record, column))
