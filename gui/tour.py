"""The first-run tour: six steps over the real window, from picking a host to predicting.

A card floats over the window (never a modal dialog: nothing here nests an event loop) and a
frame outlines the part each step talks about, switching to its tab first. Closing the card or
finishing the tour dismisses it for good (remembered in QSettings).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asyncio_lab.gui.prediction_settings import PredictionSettings


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    text: str
    target: str  # the objectName of the widget it points at


STEPS = (
    Step(
        "Pick a host",
        "The event loop runs on the GUI thread (<i>integrated</i>) or in a thread of its own "
        "(<i>threaded</i>). Switch any time: the same work behaves differently, and that is "
        "the point.",
        "hostSelector",
    ),
    Step(
        "Launch a task",
        "In the Playground, set a duration and press <b>Launch task</b>: a real asyncio task "
        "starts on the loop you picked.",
        "launchButton",
    ),
    Step(
        "See it in the table",
        "Every task appears here with its state (pending, running, suspended, done…), what it "
        "waits for and the thread it ran on.",
        "taskTable",
    ),
    Step(
        "…and on the timeline",
        "One lane per thread: when each task ran, when it waited, and every hand-off between "
        "threads. Scroll back to replay.",
        "timelineView",
    ),
    Step(
        "Run a lesson",
        "In Demos, pick a lesson (a plain asyncio program), set its parameters and press "
        "<b>Run demo</b>.",
        "runDemoButton",
    ),
    Step(
        "Predict",
        "Before it runs, the lesson asks what you expect: an order, a set, a time, a thread. "
        "Run grades your answers by what that very run did, and shows you where to look.",
        "predictionPanel",
    ),
)


class _Outline(QWidget):
    """A frame drawn around the step's widget; clicks go through it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName("tourOutline")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 6, 6)


class Tour(QFrame):
    """The tour over ``window``; ``step`` is the index shown. ``dismiss`` ends it for good."""

    def __init__(self, window: QWidget, settings: PredictionSettings | None = None) -> None:
        super().__init__(window)
        self.setObjectName("tour")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFixedWidth(340)
        self._window = window
        self.settings = settings or PredictionSettings()
        self.step = 0
        self.outline = _Outline(window)
        self.title = QLabel(self)
        self.title.setObjectName("tourTitle")
        self.text = QLabel(self)
        self.text.setObjectName("tourText")
        self.text.setWordWrap(True)
        self.back = QPushButton("Back", self)
        self.back.setObjectName("tourBack")
        self.back.clicked.connect(lambda: self.show_step(self.step - 1))
        self.next = QPushButton("Next", self)
        self.next.setObjectName("tourNext")
        self.next.clicked.connect(self._on_next)
        self.close_button = QPushButton("Close tour", self)
        self.close_button.setObjectName("tourClose")
        self.close_button.setToolTip("End the tour; it will not open again")
        self.close_button.clicked.connect(self.dismiss)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        window.installEventFilter(self)

    @classmethod
    def start_if_new(
        cls, window: QWidget, settings: PredictionSettings | None = None
    ) -> Tour | None:
        """Show the tour unless it was dismissed before (in this or an earlier session)."""
        settings = settings or PredictionSettings()
        if settings.tour_dismissed:
            return None
        tour = cls(window, settings)
        tour.show_step(0)
        return tour

    def target(self) -> QWidget | None:
        found = self._window.findChild(QWidget, STEPS[self.step].target)
        return found if isinstance(found, QWidget) else None

    def show_step(self, index: int) -> None:
        self.step = max(0, min(index, len(STEPS) - 1))
        step = STEPS[self.step]
        self.title.setText(f"<b>{self.step + 1}/{len(STEPS)} · {step.title}</b>")
        self.text.setText(step.text)
        self.back.setEnabled(self.step > 0)
        self.next.setText("Finish" if self.step == len(STEPS) - 1 else "Next")
        target = self.target()
        if target is not None:
            _bring_forward(target)
        self.show()
        self.raise_()
        self._place()

    def _on_next(self) -> None:
        if self.step == len(STEPS) - 1:
            self.dismiss()
        else:
            self.show_step(self.step + 1)

    def dismiss(self) -> None:
        """End the tour and never show it again."""
        self.settings.dismiss_tour()
        self._window.removeEventFilter(self)
        self.outline.hide()
        self.hide()
        self.outline.deleteLater()
        self.deleteLater()

    def _place(self) -> None:
        self.adjustSize()
        target = self.target()
        if target is None or not target.isVisible():
            self.outline.hide()
            self.move(self._window.width() - self.width() - 24, 60)
            return
        where = QRect(target.mapTo(self._window, target.rect().topLeft()), target.size())
        self.outline.setGeometry(where.adjusted(-4, -4, 4, 4))
        self.outline.show()
        self.outline.raise_()
        # under a small target, beside a large one (on whichever side has room)
        if where.width() < self.width() and where.bottom() + self.height() < self._window.height():
            x, y = where.left(), where.bottom() + 12
        else:
            x = where.right() + 12
            if x + self.width() > self._window.width():
                x = max(8, where.left() - self.width() - 12)
            y = where.top()
        x = min(max(8, x), self._window.width() - self.width() - 8)
        y = min(max(8, y), self._window.height() - self.height() - 8)
        self.move(x, y)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._place()
        return False


def _bring_forward(widget: QWidget) -> None:
    """Switch every tab on the way up to ``widget`` to the one that holds it."""
    child: QWidget = widget
    parent = child.parentWidget()
    while parent is not None:
        tabs = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(tabs, QTabWidget):
            tabs.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()
