"""Browse and search the demo catalogue; set parameters and speed; Run and Stop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from asyncio_lab.core import catalogue
from asyncio_lab.core.chapters import chapter_title
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import LabEvent, ProgressEvent
from asyncio_lab.gui.demo_session import ProgramFailed
from asyncio_lab.gui.param_fields import ParamField

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession

SPEEDS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)
_DEMO_ROLE = Qt.ItemDataRole.UserRole


class DemoPanel(QWidget):
    """``demoSelected(demo)`` when the choice changes; ``runRequested(demo, values, speed)``."""

    demoSelected = Signal(object)
    runRequested = Signal(object, dict, float)
    stopRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoPanel")
        self.demo: Demo | None = None
        self.fields: dict[str, ParamField] = {}

        self.search = QLineEdit(self)
        self.search.setObjectName("demoSearch")
        self.search.setAccessibleName("Search lessons")
        self.search.setPlaceholderText("Search lessons: gather, timeout, thread…")
        self.search.textChanged.connect(self._filter)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("demoTree")
        self.tree.setAccessibleName("Demos by chapter")
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self._fill_tree()

        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)

        self.speed = QComboBox(self)
        self.speed.setObjectName("speedSelector")
        self.speed.setAccessibleName("Lesson speed")
        self.speed.setToolTip(
            "Below 1× the program runs in slow motion: its sleeps, timeouts and clocks stretch"
        )
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}×", speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))

        self.run_button = QPushButton("▶ &Run", self)
        self.run_button.setObjectName("runDemoButton")
        self.run_button.setAccessibleName("Run the lesson")
        self.run_button.setShortcut(QKeySequence("F5"))
        self.run_button.clicked.connect(self._run)
        self.stop_button = QPushButton("■ &Stop", self)
        self.stop_button.setObjectName("stopDemoButton")
        self.stop_button.setAccessibleName("Stop demo")
        self.stop_button.setShortcut(QKeySequence("Shift+F5"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stopRequested)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("demoProgress")
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setObjectName("demoMessage")
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.form_host)
        speed_row = QFormLayout()
        speed_row.addRow("Speed", self.speed)
        layout.addLayout(speed_row)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)

    def bind(self, session: LabSession) -> None:
        """Pick, run and stop demos in the session; show their progress and how they ended."""
        demos = session.demos
        self.demoSelected.connect(demos.select)
        self.runRequested.connect(demos.start)
        self.stopRequested.connect(demos.stop)
        demos.demoSelected.connect(self._on_selected_elsewhere)
        demos.runningChanged.connect(self.set_running)
        demos.finished.connect(self.show_finished)
        session.eventsArrived.connect(self._on_events_arrived)

    # The tree ----------------------------------------------------------------------------------
    def _fill_tree(self) -> None:
        chapters: dict[str, QTreeWidgetItem] = {}
        for demo in catalogue.all_demos():
            parent = chapters.get(demo.chapter)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [chapter_title(demo.chapter)])
                parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                chapters[demo.chapter] = parent
            item = QTreeWidgetItem(parent, [demo.title])
            item.setData(0, _DEMO_ROLE, demo)
            item.setToolTip(0, f"{demo.title}\n{demo.id}")  # the title in full, however narrow
            if demo.unavailable_reason:
                item.setForeground(0, self.tree.palette().color(QPalette.ColorRole.PlaceholderText))
        self.tree.expandAll()

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for chapter in _children(self.tree.invisibleRootItem()):
            visible = 0
            for item in _children(chapter):
                demo: Demo = item.data(0, _DEMO_ROLE)
                haystack = " ".join((demo.id, demo.title, demo.explanation, chapter.text(0)))
                hit = not needle or needle in haystack.lower()
                item.setHidden(not hit)
                visible += hit
            chapter.setHidden(visible == 0)

    def _demo_items(self) -> list[QTreeWidgetItem]:
        """Every demo's item, chapter by chapter, in the tree's order."""
        chapters = _children(self.tree.invisibleRootItem())
        return [item for chapter in chapters for item in _children(chapter)]

    def select(self, demo_id: str) -> None:
        for item in self._demo_items():
            if item.data(0, _DEMO_ROLE).id == demo_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return
        raise ValueError(f"no demo {demo_id!r} in the tree")

    def visible_demo_ids(self) -> list[str]:
        return [item.data(0, _DEMO_ROLE).id for item in self._demo_items() if not item.isHidden()]

    def _on_current_changed(self, current: QTreeWidgetItem | None, _: Any) -> None:
        demo = current.data(0, _DEMO_ROLE) if current is not None else None
        if isinstance(demo, Demo):
            self._show_params(demo)
            self.demoSelected.emit(demo)

    def _on_selected_elsewhere(self, demo: Demo) -> None:
        """A program opened from a file (File → Open program…) is what Run runs now."""
        if demo is self.demo:
            return
        with QSignalBlocker(self.tree):
            self.tree.setCurrentIndex(QModelIndex())  # no lesson of the tree is current
        self._show_params(demo)
        if demo.unavailable_reason is None:
            self.message.setText(f"Your program {demo.title}: press Run.")

    def _show_params(self, demo: Demo) -> None:
        self.demo = demo
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        for param in demo.params:
            field = ParamField(param, self.form_host)
            self.fields[param.name] = field
            label = f"{param.name} ({param.unit})" if param.unit else param.name
            self.form.addRow(label, field)
        reason = demo.unavailable_reason
        self.run_button.setEnabled(reason is None and not self.stop_button.isEnabled())
        self.message.setText(reason or "")

    # Running ------------------------------------------------------------------------------------
    def _run(self) -> None:
        if self.demo is None:
            self.message.setText("Pick a lesson first.")
            return
        try:
            values = {name: field.value() for name, field in self.fields.items()}
        except ValueError as exc:
            self.message.setText(f"Not started: {exc}")
            return
        self.message.clear()
        self.runRequested.emit(self.demo, values, float(self.speed.currentData()))

    def set_running(self, running: bool) -> None:
        self.stop_button.setEnabled(running)
        available = self.demo is not None and self.demo.unavailable_reason is None
        self.run_button.setEnabled(not running and available)
        if running:
            self.progress.hide()

    def show_finished(self, demo_id: str, result: Any, error: BaseException | None) -> None:
        if error is None:
            text = f"{demo_id} finished" + (f": {result!r}" if result is not None else ".")
        elif type(error).__name__ == "CancelledError":
            text = f"{demo_id} stopped."
        elif isinstance(error, ProgramFailed):  # its message names the line and the error
            text = f"{demo_id} failed: {error} (see the log)"
        else:
            text = f"{demo_id} raised {type(error).__name__}: {error} (see the log)"
        self.message.setText(text)

    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        progress = [e for e in events if isinstance(e, ProgressEvent)]
        if progress:
            last = progress[-1]
            self.show_progress(last.label, last.done, last.total)

    def show_progress(self, label: str, done: int, total: int) -> None:
        self.progress.show()
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{label}: %v / %m")


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """``item``'s children in order (Qt gives None only for an index out of range)."""
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]
