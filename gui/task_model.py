"""The inspector's table: a thin Qt adapter over core's TaskBook, updated in batches."""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer

from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.moment import Moment, TaskSnap
from asyncio_lab.core.task_book import TaskBook, TaskRecord
from asyncio_lab.gui.state_style import style_of

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
STORM_BATCH = 500  # a batch this big is shown at the next publishing tick, not at once
PUBLISH_MS = 100

_Index = QModelIndex | QPersistentModelIndex
_Row = TaskRecord | TaskSnap


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


_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_ROLES = frozenset({_DISPLAY, _DECORATION, Qt.ItemDataRole.ToolTipRole, TASK_ID_ROLE})
_COLUMN_OF = tuple(Column)
_COLUMNS = len(Column)


class TaskTableModel(QAbstractTableModel):
    """Sorts itself (no QSortFilterProxyModel): a proxy placed each new row by binary search,
    about ten data() calls a row, which made 100,000 tasks cost seconds. Rows are kept in a
    view order; clicking a header sorts once, and new rows join at the end — in the default
    order (ID ascending) that is exactly where they belong."""

    def __init__(self, now: Callable[[], float], parent: Any = None) -> None:
        super().__init__(parent)
        self.book = TaskBook()
        self._clock = now
        self._order: list[int] = []  # view row -> book row
        self._identity = True  # the view order is the book's (creation) order
        self._shown = 0  # rows announced to Qt: the book may hold more, until published
        self._changed_lo, self._changed_hi = sys.maxsize, -1  # book rows changed, unpublished
        self._publish_timer = QTimer(self)
        self._publish_timer.setSingleShot(True)
        self._publish_timer.setInterval(PUBLISH_MS)
        self._publish_timer.timeout.connect(self.publish)
        # Looking back (replay): the tasks as of that moment, shown instead of the book's.
        self._past: Sequence[TaskSnap] | None = None
        self._past_rows: Sequence[TaskSnap] = ()  # the moment's rows in creation order
        self._past_t = 0.0
        self._sorted_by: tuple[Column, Qt.SortOrder] | None = None

    def show_moment(self, moment: Moment | None) -> None:
        """Show the tasks as of ``moment`` (replay), or the live book again (``None``)."""
        self.beginResetModel()
        if moment is None:
            self._past, self._past_rows = None, ()
            self._extend_order()
        else:
            # The moment's rows, read as the view asks for them (a jump costs what is shown);
            # another order than creation's has to look at every row once.
            self._past = self._past_rows = moment.tasks.by_row()
            self._past_t = moment.t
            if self._sorted_by is not None:
                self._past = self._sorted_past(*self._sorted_by)
        self.endResetModel()

    @property
    def looking_back(self) -> bool:
        return self._past is not None

    def _extend_order(self) -> None:
        total = len(self.book)
        self._order.extend(range(self._shown, total))
        self._shown = total

    # Updates, in batches ------------------------------------------------------------------
    def apply_events(self, events: list[LabEvent]) -> None:
        """Fold a batch into the book at once (counts stay exact); tell Qt now, or for a storm's
        batch at the next publishing tick, so the table repaints ten times a second at most."""
        first_new = len(self.book)
        appended, changed = self.book.apply(events)
        if self._past is not None:  # the book keeps up; the rows shown are the past's
            return
        if changed:
            self._changed_lo = min(self._changed_lo, min(changed))
            self._changed_hi = max(self._changed_hi, max(changed))
        if appended or changed:
            if len(events) < STORM_BATCH and not self._publish_timer.isActive():
                self.publish()
            elif not self._publish_timer.isActive():
                self._publish_timer.start()
        assert first_new + appended == len(self.book)

    def publish(self) -> None:
        """Announce the rows the book gained and repaint the rows that changed since last time.

        Qt's rule: announce new rows before they exist *for Qt*. The book folds first (one pass
        over the batch); rowCount reports the announced rows only, so announcing afterwards
        keeps the rule without a second pass to count the new tasks.
        """
        self._publish_timer.stop()
        if self._past is not None:
            return  # shown again, whole, when the learner returns to the present
        before, total = self._shown, len(self.book)
        if total > before:
            self.beginInsertRows(QModelIndex(), before, total - 1)
            self._order.extend(range(before, total))
            self._shown = total
            self.endInsertRows()
        lo, hi = self._changed_lo, min(self._changed_hi, before - 1)
        self._changed_lo, self._changed_hi = sys.maxsize, -1
        if lo <= hi:
            first, last = (lo, hi) if self._identity else (0, before - 1)
            self.dataChanged.emit(self.index(first, 0), self.index(last, _COLUMNS - 1))

    def refresh_elapsed(self) -> None:
        """Live rows' elapsed time moves on its own; one signal repaints what is visible."""
        rows = self.rowCount()
        if rows and self._past is None:
            column = Column.ELAPSED
            self.dataChanged.emit(self.index(0, column), self.index(rows - 1, column))

    def clear_finished(self) -> int:
        self.publish()
        self.beginResetModel()
        dropped = self.book.clear_finished()
        self._order = list(range(len(self.book)))
        self._shown = len(self.book)
        self._identity = True
        self.endResetModel()
        return dropped

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        key = Column(column)
        self._sorted_by = (key, order)
        if self._past is not None:
            self._sort_live(key, order)
            self._past = self._sorted_past(key, order)
            self.layoutChanged.emit()
            return
        new_order = self._sort_live(key, order)
        where = {book_row: view_row for view_row, book_row in enumerate(new_order)}
        old_indexes = self.persistentIndexList()
        new_indexes = [self.index(where[old_order[i.row()]], i.column()) for i in old_indexes]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    def _sorted_past(self, key: Column, order: Qt.SortOrder) -> Sequence[TaskSnap]:
        if key is Column.ID and order == Qt.SortOrder.AscendingOrder:
            return self._past_rows
        return sorted(
            self._past_rows,
            key=lambda r: self._sort_key(r, key),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def _sort_live(self, key: Column, order: Qt.SortOrder) -> list[int]:
        records = self.book.records
        self._order = sorted(
            self._order,
            key=lambda i: self._sort_key(records[i], key),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._identity = key is Column.ID and order == Qt.SortOrder.AscendingOrder
        return self._order

    # The model interface ----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid():
            return 0
        return self._shown if self._past is None else len(self._past)

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
        if role not in _ROLES or not index.isValid():
            return None  # most roles a view asks for: answered before any other work
        row = index.row()
        record: _Row
        if self._past is not None:
            if not 0 <= row < len(self._past):
                return None
            record = self._past[row]
        elif 0 <= row < self._shown:
            record = self.book.records[self._order[row]]
        else:
            return None
        column = _COLUMN_OF[index.column()]
        if role == _DISPLAY:
            return self._display(record, column)
        if role == TASK_ID_ROLE:
            return record.task_id
        if column is Column.STATE:
            style = style_of(record.state)
            if role == _DECORATION:
                return style.qcolor
            return style.tip
        if column is Column.OUTCOME:
            return record.outcome
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.AWAITING:
            return record.waiting_on or None  # whole, where the column cuts it
        return None

    def _now(self) -> float:
        return self._past_t if self._past is not None else self._clock()

    def _display(self, record: _Row, column: Column) -> Any:
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

    def _sort_key(self, record: _Row, column: Column) -> Any:
        if column is Column.ID:
            return record.task_id
        if column is Column.ELAPSED:
            return record.elapsed(self._now())
        return str(self._display(record, column))
