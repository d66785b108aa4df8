"""The log pane: every event as one line, with time since start and thread.

A storm of tasks would bury the log (and the GUI thread) in 100,000s of "created" and "done"
lines, so the lines gathered for one flush (ten a second at most) show their first
:data:`TASK_LINES_PER_BATCH` task lines and fold the rest into one counted line that says so;
messages, hand-offs and warnings are never folded. Long lines wrap, so a warning's "Fix:" is
readable, and the pane follows new lines while it is scrolled to the end.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QWidget

from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel, TaskEvent, TaskState
from asyncio_lab.core.formatting import format_line

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession

MAX_LINES = 5000
FLUSH_MS = 100  # lines reach the pane at most ten times a second, however many batches come
TASK_LINES_PER_BATCH = 40  # past this, a flush's task lines are counted, not written
_MARK = {LogLevel.WARNING: "⚠ ", LogLevel.ERROR: "✖ ", LogLevel.RESULT: "→ "}
_WORDS = {TaskState.PENDING: "created", TaskState.RUNNING: "ran a step",
          TaskState.SUSPENDED: "suspended", TaskState.DONE: "done",
          TaskState.CANCELLED: "cancelled", TaskState.FAILED: "failed"}  # fmt: skip
_STEPS = (TaskState.RUNNING, TaskState.SUSPENDED)


class LogView(QPlainTextEdit):
    """Read-only, bounded, appended in batches. Step events can be hidden (they are many)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logView")
        self.setAccessibleName("Event log")
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.show_steps = False  # running/suspended events: off by default, they flood
        self.folded = 0  # task lines counted instead of written, this session
        self._pending: list[str] = []
        self._folding: Counter[TaskState] = Counter()
        self._budget = TASK_LINES_PER_BATCH
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self.flush)
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
        lines = self._pending
        add = lines.append
        folded = self._folding
        steps = self.show_steps
        for event in events:
            if type(event) is TaskEvent:
                state = event.state
                if not steps and state in _STEPS:
                    continue
                if self._budget <= 0:
                    folded[state] += 1
                    continue
                self._budget -= 1
                add(format_line(event))
            else:
                mark = _MARK.get(event.level, "") if isinstance(event, LogEvent) else ""
                add(mark + format_line(event))
        if (lines or folded) and not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        """Write what was gathered since the last flush (and the count of what was folded)."""
        self._flush_timer.stop()
        lines, folded = self._pending, self._folding
        self._pending, self._folding = [], Counter()
        self._budget = TASK_LINES_PER_BATCH
        if folded:
            total = sum(folded.values())
            self.folded += total
            parts = ", ".join(f"{n:,} {_WORDS[s]}" for s, n in folded.items())
            lines.append(
                f"… {total:,} more task lines folded ({parts}); the task table lists every task"
            )
        if lines:
            bar = self.verticalScrollBar()
            following = bar.value() >= bar.maximum() - 2
            self.appendPlainText("\n".join(lines))
            if following:
                bar.setValue(bar.maximum())

    def toPlainText(self) -> str:  # noqa: N802
        """The pane's text, with whatever is waiting for the next flush written first."""
        self.flush()
        return super().toPlainText()
