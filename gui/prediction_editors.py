"""One question's answer field: a list to reorder, boxes to tick, or choices to pick from.

Every editor answers ``answer()`` (None while unanswered) and ``set_locked`` (while the run
that grades it goes on). :func:`editor_for` picks the editor a question's kind needs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from asyncio_lab.core.predictions import Answer, Order, Question, Sets


class AnswerEditor(QWidget):
    """``changed`` whenever the learner alters the answer."""

    changed = Signal()

    def answer(self) -> Answer | None:
        raise NotImplementedError

    def set_answer(self, answer: Answer) -> None:
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        self.setEnabled(not locked)


class OrderEditor(AnswerEditor):
    """The lines in a list: drag them, or select one and move it with ↑ and ↓."""

    def __init__(self, question: Order, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("predictionOrder")
        self.list.setAccessibleName("Lines to put in order: first printed at the top")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.addItems(list(question.options()))
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * len(question.options()) + 6)
        self.list.model().rowsMoved.connect(self.changed)
        up = QPushButton("↑", self)
        up.setObjectName("predictionUp")
        up.setToolTip("Move the selected line up (printed earlier)")
        up.clicked.connect(lambda: self.move_selected(-1))
        down = QPushButton("↓", self)
        down.setObjectName("predictionDown")
        down.setToolTip("Move the selected line down (printed later)")
        down.clicked.connect(lambda: self.move_selected(1))
        buttons = QVBoxLayout()
        for button in (up, down):
            button.setFixedWidth(32)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def answer(self) -> Answer | None:
        return tuple(self.list.item(i).text() for i in range(self.list.count()))

    def set_answer(self, answer: Answer) -> None:
        if isinstance(answer, tuple):
            self.list.clear()
            self.list.addItems(list(answer))
            self.changed.emit()


class SetsEditor(AnswerEditor):
    """One box per task: ticked means it comes back in ``done``, unticked in ``pending``."""

    def __init__(self, question: Sets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("in done:", self))
        self.boxes: dict[str, QCheckBox] = {}
        for name in question.options():
            box = QCheckBox(name, self)
            box.setObjectName(f"predictionDone_{name}")
            box.setToolTip(f"Ticked: {name} is in done; unticked: in pending")
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.boxes[name] = box
        layout.addStretch(1)

    def answer(self) -> Answer | None:
        return frozenset(name for name, box in self.boxes.items() if box.isChecked())

    def set_answer(self, answer: Answer) -> None:
        for name, box in self.boxes.items():
            box.setChecked(name in answer)


class ChoiceEditor(AnswerEditor):
    """One round button per choice: ranges for durations, yes/no, exception names…"""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        row = QHBoxLayout()
        short = all(len(o) <= 14 for o in question.options())
        for i, option in enumerate(question.options()):
            button = QRadioButton(option, self)
            button.setObjectName(f"predictionChoice{i}")
            self.group.addButton(button, i)
            self.buttons.append(button)
            (row.addWidget if short else layout.addWidget)(button)
        if short:
            row.addStretch(1)
            layout.addLayout(row)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    def answer(self) -> Answer | None:
        checked = self.group.checkedButton()
        return checked.text() if checked is not None else None

    def set_answer(self, answer: Answer) -> None:
        for button in self.buttons:
            if button.text() == answer:
                button.setChecked(True)


def editor_for(question: Question, parent: QWidget | None = None) -> AnswerEditor:
    if isinstance(question, Order):
        return OrderEditor(question, parent)
    if isinstance(question, Sets):
        return SetsEditor(question, parent)
    return ChoiceEditor(question, parent)
