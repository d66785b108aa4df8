"""Input widgets for typed, bounded parameters: bad input is refused with a message, not lost."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from asyncio_lab.core.params import Param
from asyncio_lab.gui.themed import show_as_error


class ParamField(QWidget):
    """One parameter. ``value()`` is the checked value; bad input shows a message under it.
    ``validityChanged(bool)`` as typing makes the text valid or not."""

    validityChanged = Signal(bool)

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self._error = QLabel(self)
        self._error.setObjectName("fieldError")
        show_as_error(self._error)
        self._error.setWordWrap(True)
        self._error.hide()
        self._editor = self._make_editor()
        self._editor.setToolTip(f"{param.help} ({param.bounds_text})")
        self._editor.setAccessibleName(param.name)
        layout.addWidget(self._editor)
        layout.addWidget(self._error)

    def _make_editor(self) -> QWidget:
        p = self.param
        if p.choices:
            box = QComboBox(self)
            box.addItems(list(p.choices))
            box.setCurrentText(str(p.default))
            return box
        if p.kind is bool:
            check = QCheckBox(p.help, self)
            check.setChecked(bool(p.default))
            return check
        edit = QLineEdit(f"{p.default:g}" if isinstance(p.default, float) else str(p.default))
        edit.setPlaceholderText(p.bounds_text)
        edit.textChanged.connect(self._revalidate)
        return edit

    @property
    def editor(self) -> QWidget:
        return self._editor

    def error_text(self) -> str:
        return self._error.text() if self._error.isVisibleTo(self) else ""

    def set_text(self, text: str) -> None:
        if isinstance(self._editor, QLineEdit):
            self._editor.setText(text)
        elif isinstance(self._editor, QComboBox):
            self._editor.setCurrentText(text)

    def value(self) -> Any:
        """The parsed value; raises ValueError with the message shown under the field."""
        return self.param.parse(self._raw())

    def _raw(self) -> Any:
        if isinstance(self._editor, QComboBox):
            return self._editor.currentText()
        if isinstance(self._editor, QCheckBox):
            return self._editor.isChecked()
        assert isinstance(self._editor, QLineEdit)
        return self._editor.text()

    def _revalidate(self) -> None:
        try:
            self.param.parse(self._raw())
        except ValueError as exc:
            self._error.setText(str(exc))
            self._error.show()
            self.validityChanged.emit(False)
        else:
            self._error.hide()
            self.validityChanged.emit(True)
