"""The buttons that launch, cancel and time out tasks, run to_thread jobs and call wait."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asyncio_lab.core import playground as pg
from asyncio_lab.gui.param_fields import ParamField
from asyncio_lab.gui.themed import show_as_error

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession


def _enum_combo(values: type[enum.Enum], name: str, parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName(name)
    for member in values:
        box.addItem(member.value if isinstance(member.value, str) else member.name, member)
    return box


def _button(text: str, name: str, shortcut: str, tip: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    button.setShortcut(QKeySequence(shortcut))
    button.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
    return button


class PlaygroundPanel(QWidget):
    """Collects checked inputs and asks for actions; it never touches the loop itself."""

    launchRequested = Signal(float, object, int)  # seconds, Outcome, count
    timeoutRequested = Signal(float, object, float, object)  # seconds, Outcome, limit, style
    toThreadRequested = Signal(float)
    waitRequested = Signal(object, object, object)  # WaitMode, timeout or None, WaitScope
    cancelSelectedRequested = Signal()
    cancelAllRequested = Signal()
    clearFinishedRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playgroundPanel")
        layout = QVBoxLayout(self)

        self.duration = ParamField(pg.DURATION, self)
        self.outcome = _enum_combo(pg.Outcome, "outcomeSelector", self)
        self.count = ParamField(pg.BATCH, self)
        self.launch_button = _button(
            "&Launch task", "launchButton", "Ctrl+N", "create_task(job(duration))", self
        )
        self.launch_many_button = _button(
            "Launch &N", "launchManyButton", "Ctrl+Shift+N", "launch N tasks at once", self
        )
        tasks = QGroupBox("Tasks", self)
        form = QFormLayout(tasks)
        form.addRow("Duration (s)", self.duration)
        form.addRow("Then", self.outcome)
        form.addRow("N", self.count)
        form.addRow(_row(self.launch_button, self.launch_many_button))
        layout.addWidget(tasks)

        self.limit = ParamField(pg.LIMIT, self)
        self.timeout_style = _enum_combo(pg.TimeoutStyle, "timeoutStyleSelector", self)
        self.timeout_button = _button(
            "Launch under &timeout",
            "timeoutButton",
            "Ctrl+T",
            "run a task of the chosen duration under a time limit",
            self,
        )
        timeouts = QGroupBox("Timeout", self)
        form = QFormLayout(timeouts)
        form.addRow("Limit (s)", self.limit)
        form.addRow("With", self.timeout_style)
        form.addRow(self.timeout_button)
        layout.addWidget(timeouts)

        self.blocking = ParamField(pg.BLOCKING, self)
        self.to_thread_button = _button(
            "Run to_thread &job",
            "toThreadButton",
            "Ctrl+B",
            "asyncio.to_thread(blocking sleep): which thread runs it?",
            self,
        )
        threads = QGroupBox("Blocking work", self)
        form = QFormLayout(threads)
        form.addRow("Blocks for (s)", self.blocking)
        form.addRow(self.to_thread_button)
        layout.addWidget(threads)

        self.wait_mode = _enum_combo(pg.WaitMode, "waitModeSelector", self)
        self.wait_timeout = ParamField(pg.WAIT_TIMEOUT, self)
        self.wait_scope = _enum_combo(pg.WaitScope, "waitScopeSelector", self)
        self.wait_scope.setCurrentIndex(list(pg.WaitScope).index(pg.WaitScope.FRESH))
        self.wait_button = _button(
            "asyncio.&wait",
            "waitButton",
            "Ctrl+Shift+W",
            "split tasks into done and pending",
            self,
        )
        waiting = QGroupBox("asyncio.wait", self)
        form = QFormLayout(waiting)
        form.addRow("return_when", self.wait_mode)
        form.addRow("Timeout (s)", self.wait_timeout)
        form.addRow("Over", self.wait_scope)
        form.addRow(self.wait_button)
        layout.addWidget(waiting)

        self.cancel_button = _button(
            "&Cancel selected",
            "cancelButton",
            "Delete",
            "task.cancel() on the selected rows",
            self,
        )
        self.cancel_all_button = _button(
            "Cancel &all", "cancelAllButton", "Ctrl+Shift+X", "cancel every tracked task", self
        )
        self.clear_button = _button(
            "Clear finished",
            "clearFinishedButton",
            "Ctrl+Shift+L",
            "remove finished rows from the table",
            self,
        )
        layout.addWidget(_row(self.cancel_button, self.cancel_all_button))
        layout.addWidget(self.clear_button)

        self.message = QLabel(self)
        self.message.setObjectName("inputMessage")
        self.message.setWordWrap(True)
        show_as_error(self.message)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.launch_button.clicked.connect(lambda: self._launch(many=False))
        self.launch_many_button.clicked.connect(lambda: self._launch(many=True))
        self.timeout_button.clicked.connect(self._timeout)
        self.to_thread_button.clicked.connect(self._to_thread)
        self.wait_button.clicked.connect(self._wait)
        self.cancel_button.clicked.connect(self.cancelSelectedRequested)
        self.cancel_all_button.clicked.connect(self.cancelAllRequested)
        self.clear_button.clicked.connect(self.clearFinishedRequested)
        for field in self.findChildren(ParamField):
            field.validityChanged.connect(self._on_validity_changed)

    def bind(self, session: LabSession) -> None:
        """Each request becomes work on the session's loop (see PlaygroundWork)."""
        work = session.playground
        self.launchRequested.connect(work.launch)
        self.timeoutRequested.connect(work.launch_with_timeout)
        self.toThreadRequested.connect(work.run_to_thread)
        self.waitRequested.connect(work.run_wait)
        self.cancelSelectedRequested.connect(work.cancel_selected)
        self.cancelAllRequested.connect(work.cancel_all)
        self.clearFinishedRequested.connect(session.clear_finished)

    # Each action reads its fields; bad input is named, and nothing is launched -----------------
    def _on_validity_changed(self, valid: bool) -> None:
        """Once every field reads well again, the refusal above goes (it no longer holds)."""
        if valid and self.message.text():
            try:
                for field in self.findChildren(ParamField):
                    field.value()
            except ValueError:
                return
            self.message.clear()

    def _checked(self, *fields: ParamField) -> list[float] | None:
        """The fields' values (every field here holds a number), or None when one is bad."""
        try:
            values = [f.value() for f in fields]
        except ValueError as exc:
            self.message.setText(f"Not launched: {exc}")
            return None
        self.message.clear()
        return values

    def _launch(self, *, many: bool) -> None:
        values = self._checked(self.duration, self.count) if many else self._checked(self.duration)
        if values is not None:
            count = int(values[1]) if many else 1
            self.launchRequested.emit(float(values[0]), self.outcome.currentData(), count)

    def _timeout(self) -> None:
        values = self._checked(self.duration, self.limit)
        if values is not None:
            self.timeoutRequested.emit(
                float(values[0]),
                self.outcome.currentData(),
                float(values[1]),
                self.timeout_style.currentData(),
            )

    def _to_thread(self) -> None:
        values = self._checked(self.blocking)
        if values is not None:
            self.toThreadRequested.emit(float(values[0]))

    def _wait(self) -> None:
        values = self._checked(self.wait_timeout)
        if values is not None:
            timeout = float(values[0]) or None
            self.waitRequested.emit(
                self.wait_mode.currentData(), timeout, self.wait_scope.currentData()
            )


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    return row
