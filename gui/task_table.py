"""The Tasks table: a view of the session's task model that keeps its selection in the session."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from asyncio_lab.gui.session import LabSession
from asyncio_lab.gui.task_model import TASK_ID_ROLE, Column

ELAPSED_REFRESH_MS = 250
_WIDTHS = (
    (Column.ID, 40),
    (Column.NAME, 115),
    (Column.STATE, 125),
    (Column.CREATED_ON, 95),
    (Column.RAN_ON, 100),
    (Column.ELAPSED, 65),
    (Column.AWAITING, 290),  # "to_thread() ⇢ job on QThread-worker-123" whole
)


class TaskTable(QTableView):
    """Sorts by header click (the model sorts itself), selects whole rows, several at once.

    Bound to a session it shows ``session.tasks``, tells the session what is selected, selects
    the task the session focuses, and repaints the live rows' elapsed time four times a second.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskTable")
        self.setAccessibleName("Tasks")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._session: LabSession | None = None
        self._following = True
        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(ELAPSED_REFRESH_MS)

    def bind(self, session: LabSession) -> None:
        self._session = session
        model = session.tasks
        self.setModel(model)
        self.setSortingEnabled(True)
        self.sortByColumn(Column.ID, Qt.SortOrder.AscendingOrder)
        for column, width in _WIDTHS:
            self.setColumnWidth(column, width)
        self.selectionModel().selectionChanged.connect(self._on_selection_changed)
        model.modelReset.connect(self._publish_selection)  # a reset clears it without a signal
        session.taskFocused.connect(self._on_task_focused)
        session.replay.momentChanged.connect(model.show_moment)  # replay: the rows as they were
        session.closing.connect(self._elapsed_timer.stop)
        self._elapsed_timer.timeout.connect(model.refresh_elapsed)
        self._elapsed_timer.start()
        model.rowsAboutToBeInserted.connect(self._note_following)
        model.rowsInserted.connect(self._follow_new_rows)

    def _note_following(self) -> None:
        bar = self.verticalScrollBar()
        self._following = bar.value() >= bar.maximum()  # at the bottom: new rows come into view

    def _follow_new_rows(self) -> None:
        if self._following:
            self.scrollToBottom()

    def selected_task_ids(self) -> list[int]:
        rows = self.selectionModel().selectedRows()
        return sorted({int(index.data(TASK_ID_ROLE)) for index in rows})

    def select_tasks(self, task_ids: list[int]) -> None:
        """Select the rows of these tasks (as a click would)."""
        model = self.model()
        selection = self.selectionModel()
        wanted = set(task_ids)
        chosen = QItemSelection()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(TASK_ID_ROLE) in wanted:
                chosen.select(index, index)
        selection.select(
            chosen,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._publish_selection()

    def _publish_selection(self) -> None:
        if self._session is not None:
            self._session.select_tasks(self.selected_task_ids())

    def _on_task_focused(self, task_id: int) -> None:
        self.select_tasks([task_id])
