"""A demo's explanation beside its real code, with the lines where its tasks wait."""

from __future__ import annotations

import ast
import textwrap
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from asyncio_lab.core.chapters import chapter_title
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import TaskState
from asyncio_lab.core.task_book import TaskBook
from asyncio_lab.gui.code_view import CodeView

if TYPE_CHECKING:
    from asyncio_lab.core.events import LabEvent
    from asyncio_lab.gui.session import LabSession


class LessonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonView")
        self.demo: Demo | None = None
        self._coroutine_names: frozenset[str] = frozenset()
        self.explanation = QTextBrowser(self)
        self.explanation.setObjectName("demoExplanation")
        self.explanation.setAccessibleName("Demo explanation")
        self.explanation.setOpenExternalLinks(False)
        self.code = CodeView(self)
        self.parked = QLabel(self)
        self.parked.setObjectName("parkedTasks")
        self.parked.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.explanation)
        code_box = QWidget(self)
        code_layout = QVBoxLayout(code_box)
        code_layout.setContentsMargins(0, 0, 0, 0)
        code_layout.addWidget(self.code)
        code_layout.addWidget(self.parked)
        split.addWidget(code_box)
        split.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.explanation.setMarkdown("Pick a demo in the **Demos** tab on the left.")
        self._book = TaskBook()

    def bind(self, session: LabSession) -> None:
        """Show the demo picked; mark where its tasks wait, and the line of a task pointed at."""
        self._book = session.book
        session.demos.demoSelected.connect(self.show_demo)
        session.eventsArrived.connect(self._on_events_arrived)
        session.taskFocused.connect(self._on_task_focused)

    def _on_events_arrived(self, _events: list[LabEvent]) -> None:
        self.show_parked(self._book)

    def _on_task_focused(self, task_id: int) -> None:
        record = self._book.get(task_id)
        if record is not None and record.line is not None:
            self.code.mark_lines({record.line: [record.name]})

    def show_demo(self, demo: Demo) -> None:
        self.demo = demo
        header = f"## {demo.title}\n\n*{chapter_title(demo.chapter)} · `{demo.id}`*\n\n"
        note = (
            f"\n\n> **Not on this Python:** {demo.unavailable_reason}"
            if demo.unavailable_reason
            else ""
        )
        self.explanation.setMarkdown(header + demo.explanation + note)
        source = demo.source
        self.code.show_source(source, demo.first_line)
        self._coroutine_names = _async_def_names(source)
        self.parked.clear()

    def show_parked(self, book: TaskBook) -> None:
        """Mark where this demo's live tasks are suspended (their coroutine is in its code)."""
        if self.demo is None:
            return
        parked: dict[int, list[str]] = {}
        for record in book.records:
            if (
                record.state is TaskState.SUSPENDED
                and record.line is not None
                and record.coro_name in self._coroutine_names
            ):
                parked.setdefault(record.line, []).append(record.name)
        self.code.mark_lines(parked)
        self.parked.setText(
            "Suspended now: "
            + "; ".join(f"line {n} ← {', '.join(names)}" for n, names in sorted(parked.items()))
            if parked
            else ""
        )


def _async_def_names(source: str) -> frozenset[str]:
    tree = ast.parse(textwrap.dedent(source))
    return frozenset(n.name for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef))
