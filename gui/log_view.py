"""The log pane: every event as one line, with time since start and thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QWidget

from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel, TaskEvent, TaskState
from asyncio_lab.core.formatting import format_line

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession

MAX_LINES = 5000
_MARK = {LogLevel.WARNING: "⚠ ", LogLevel.ERROR: "✖ ", LogLevel.RESULT: "→ "}


class LogView(QPlainTextEdit):
    """Read-only, bounded, appended in batches. Step events can be hidden (they are many)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logView")
        self.setAccessibleName("Event log")
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.show_steps = False  # running/suspended events: off by default, they flood
        # The window puts the switch where it likes (a toolbar); it stays this view's.
        self.steps_toggle = QCheckBox("Log every step", self)
        self.steps_toggle.setObjectName("logStepsToggle")
        self.steps_toggle.setToolTip(
            "Also log each running/suspended step, not only creation and the end"
        )
        self.steps_toggle.toggled.connect(self.set_show_steps)

    def bind(self, session: LabSession) -> None:
        session.eventsArrived.connect(self.add_events)

    def set_show_steps(self, show: bool) -> None:
        """From now on, also log running/suspended steps (or stop logging them)."""
        self.show_steps = show

    def add_events(self, events: list[LabEvent]) -> None:
        lines = [self._line(e) for e in events if self._wanted(e)]
        if lines:
            self.appendPlainText("\n".join(lines))

    def _wanted(self, event: LabEvent) -> bool:
        if isinstance(event, TaskEvent):
            return self.show_steps or event.state.is_final or event.state is TaskState.PENDING
        return True

    def _line(self, event: LabEvent) -> str:
        mark = _MARK.get(event.level, "") if isinstance(event, LogEvent) else ""
        return mark + format_line(event)
