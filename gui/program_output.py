"""What the running program printed, line by line, with the task and thread that printed it."""

from __future__ import annotations

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel, TaskState
from asyncio_lab.gui.state_style import style_of

MAX_LINES = 5_000  # beyond this the oldest lines go, and the first row says so


class ProgramOutput(QTreeWidget):
    """Three columns: the line as printed, the task that printed it, its thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programOutput")
        self.setAccessibleName("What the program printed")
        self.setHeaderLabels(["Printed", "Task", "Thread"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._dropped = 0

    def add_events(self, events: list[LabEvent]) -> None:
        rows = [
            QTreeWidgetItem([e.message, e.task_name or "—", e.thread])
            for e in events
            if isinstance(e, LogEvent) and e.level is LogLevel.PRINT
        ]
        if not rows:
            return
        self.addTopLevelItems(rows)
        overflow = self.topLevelItemCount() - MAX_LINES
        if overflow > 0:
            for _ in range(overflow):
                self.takeTopLevelItem(0)
            self._dropped += overflow
            self.setHeaderLabels([f"Printed (the first {self._dropped:,} lines scrolled away)"])
        self.scrollToBottom()

    def add_error(self, text: str) -> None:
        """The learner's traceback, in the error colour, under what was printed."""
        brush = QBrush(style_of(TaskState.FAILED).qcolor)
        for line in text.splitlines():
            item = QTreeWidgetItem([line, "", ""])
            item.setForeground(0, brush)
            self.addTopLevelItem(item)
        self.scrollToBottom()

    def lines(self) -> list[str]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]

    def clear_output(self) -> None:
        self.clear()
        self._dropped = 0
        self.setHeaderLabels(["Printed", "Task", "Thread"])
