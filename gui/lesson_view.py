"""A lesson's explanation beside its program: editable, runnable, with what it printed and the
lines where its tasks wait or an error points."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from asyncio_lab.core.chapters import chapter_title
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import TaskState
from asyncio_lab.core.moment import Moment, TaskSnap
from asyncio_lab.core.program.run import Ending, ProgramOutcome
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.core.task_book import TaskBook, TaskRecord
from asyncio_lab.gui.code_view import CodeView
from asyncio_lab.gui.prediction_panel import PredictionPanel
from asyncio_lab.gui.program_output import ProgramOutput

if TYPE_CHECKING:
    from asyncio_lab.core.events import LabEvent
    from asyncio_lab.gui.demo_session import DemoSession
    from asyncio_lab.gui.session import LabSession


class LessonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonView")
        self.demo: Demo | None = None
        self._original = ""  # the program as the lesson ships it (defaults set)
        self._coroutine_names: frozenset[str] = frozenset()
        self._demos: DemoSession | None = None
        self._book = TaskBook()
        self._moment: Moment | None = None
        self._dialog: QFileDialog | None = None

        self.explanation = QTextBrowser(self)
        self.explanation.setObjectName("demoExplanation")
        self.explanation.setAccessibleName("Lesson explanation")
        self.explanation.setOpenExternalLinks(False)
        self.code = CodeView(self)
        self.code.setReadOnly(False)
        self.code.setToolTip("Edit the program and press Run: the edited version runs.")
        self.code.textChanged.connect(self._on_code_edited)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("programName")
        self.reset_button = QPushButton("Reset", self)
        self.reset_button.setObjectName("resetCodeButton")
        self.reset_button.setToolTip("Bring back the lesson's own program")
        self.reset_button.setEnabled(False)
        self.reset_button.clicked.connect(self.reset_code)
        self.save_button = QPushButton("Save as…", self)
        self.save_button.setObjectName("saveProgramButton")
        self.save_button.setToolTip("Save the program shown (edits and parameters included)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.ask_save_path)
        self.parked = QLabel(self)
        self.parked.setObjectName("parkedTasks")
        self.parked.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("programNote")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output = ProgramOutput(self)
        self.predictions = PredictionPanel(self)

        bar = QHBoxLayout()
        bar.addWidget(self.file_label, 1)
        bar.addWidget(self.reset_button)
        bar.addWidget(self.save_button)
        code_box = QWidget(self)
        code_layout = QVBoxLayout(code_box)
        code_layout.setContentsMargins(0, 0, 0, 0)
        code_layout.addLayout(bar)
        code_layout.addWidget(self.code, 1)
        code_layout.addWidget(self.parked)
        code_layout.addWidget(self.note)
        code_and_output = QSplitter(Qt.Orientation.Vertical, self)
        code_and_output.addWidget(code_box)
        code_and_output.addWidget(self.output)
        code_and_output.setSizes([420, 160])
        explanation_and_predictions = QSplitter(Qt.Orientation.Vertical, self)
        explanation_and_predictions.addWidget(self.explanation)
        explanation_and_predictions.addWidget(self.predictions)
        explanation_and_predictions.setSizes([230, 400])
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(explanation_and_predictions)
        split.addWidget(code_and_output)
        split.setSizes([360, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.explanation.setMarkdown(
            "Pick a lesson in the **Lessons** tab on the left, or open a program of your own "
            "with **File → Open program…**"
        )

    def bind(self, session: LabSession) -> None:
        """Show the lesson picked, what it prints and where it fails; keep the learner's edits."""
        self._book = session.book
        self._demos = session.demos
        self.predictions.bind(session, self.output)
        session.demos.demoSelected.connect(self.show_demo)
        session.demos.programStarted.connect(self._on_program_started)
        session.demos.programEnded.connect(self._on_program_ended)
        session.eventsArrived.connect(self._on_events_arrived)
        session.taskFocused.connect(self._on_task_focused)
        session.replay.momentChanged.connect(self._on_moment)

    # Showing a lesson -------------------------------------------------------------------------
    def show_demo(self, demo: Demo) -> None:
        self.demo = demo
        header = f"## {demo.title}\n\n*{chapter_title(demo.chapter)} · `{demo.id}`*\n\n"
        note = (
            f"\n\n> **Not on this Python:** {demo.unavailable_reason}"
            if demo.unavailable_reason
            else ""
        )
        self.explanation.setMarkdown(header + demo.explanation + note)
        try:
            self._original = demo.program().text
        except ValueError as exc:  # an opened file that went away
            self._original = ""
            self.note.setText(str(exc))
        edited = self._demos.edited_text(demo) if self._demos is not None else None
        self._set_code(edited if edited is not None else self._original)
        self.file_label.setText(f"<b>{Path(demo.program_filename).name}</b>")
        self._show_edited(edited is not None)
        self.save_button.setEnabled(True)
        self.output.clear_output()
        self.note.clear()
        self.parked.clear()

    def _set_code(self, text: str) -> None:
        with QSignalBlocker(self.code):
            self.code.show_source(text, 1)
        self._coroutine_names = _async_def_names(text)

    def _on_code_edited(self) -> None:
        if self.demo is None or self._demos is None:
            return
        text = self.code.toPlainText()
        edited = text.rstrip("\n") != self._original.rstrip("\n")
        self._demos.set_edited(self.demo, text if edited else None)
        self._coroutine_names = _async_def_names(text)
        self.code.mark_error(None)
        self._show_edited(edited)

    def _show_edited(self, edited: bool) -> None:
        self.reset_button.setEnabled(edited)
        name = Path(self.demo.program_filename).name if self.demo is not None else ""
        self.file_label.setText(f"<b>{name}</b>" + (" — <i>edited</i>" if edited else ""))

    def reset_code(self) -> None:
        """Bring the lesson's own program back (the Reset button)."""
        if self.demo is None or self._demos is None:
            return
        self._demos.set_edited(self.demo, None)
        self._set_code(self._original)
        self._show_edited(False)
        self.note.clear()

    # Running ----------------------------------------------------------------------------------
    def _on_program_started(self, source: ProgramSource) -> None:
        self.output.clear_output()
        self.note.clear()
        demo, demos = self.demo, self._demos
        if demo is not None and demos is not None and demos.edited_text(demo) is None:
            self._original = source.text  # the lesson's program with the parameters chosen
        if source.text != self.code.toPlainText():  # the parameters chosen, set in the code
            self._set_code(source.text)
        self.code.mark_error(None)

    def _on_program_ended(self, outcome: ProgramOutcome) -> None:
        if outcome.ending is Ending.FAILED:
            self.note.setText(f"✖ {outcome.message}")
            self.output.add_error(outcome.details)
            self.code.mark_error(outcome.line)
        elif outcome.ending is Ending.NO_ASYNCIO:
            self.note.setText(f"⚠ {outcome.message}")
        else:
            self.note.setText(outcome.message)

    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        self.output.add_events(events)
        if self._moment is None:
            self.show_parked(self._book.records)

    def _on_moment(self, moment: Moment | None) -> None:
        """Tint where tasks were suspended at a past moment (replay); ``None``: now again."""
        self._moment = moment
        self.show_parked(self._book.records if moment is None else moment.tasks.values())

    def _on_task_focused(self, task_id: int) -> None:
        """Mark the focused task's line: where it is now, or where it was at the moment
        replay looks at."""
        moment = self._moment
        record = self._book.get(task_id) if moment is None else moment.tasks.get(task_id)
        if record is not None and record.line is not None:
            self.code.mark_lines({record.line: [record.name]})

    def show_parked(self, records: Iterable[TaskRecord | TaskSnap]) -> None:
        """Mark where this lesson's live tasks are suspended (their coroutine is in its code)."""
        if self.demo is None:
            return
        parked: dict[int, list[str]] = {}
        for record in records:
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

    # Saving -------------------------------------------------------------------------------------
    def ask_save_path(self) -> None:
        """Save as…: ask where (never a nested event loop: the dialog is opened, not exec'd)."""
        if self.demo is None:
            return
        dialog = QFileDialog(self, "Save the program")
        dialog.setObjectName("saveProgramDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("Python program (*.py)")
        dialog.setDefaultSuffix("py")
        dialog.selectFile(Path(self.demo.program_filename).name)
        dialog.fileSelected.connect(self.save_to)
        self._dialog = dialog
        dialog.open()

    def save_to(self, path: str) -> bool:
        """Write the program shown to ``path``; say in one line how that went."""
        text = self.code.toPlainText()
        if not text.endswith("\n"):
            text += "\n"
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.note.setText(f"✖ Not saved: {path}: {exc.strerror or exc}")
            return False
        self.note.setText(f"Saved to {path}: run it with python {Path(path).name}")
        return True


def _async_def_names(source: str) -> frozenset[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # mid-edit: keep no names rather than fail
        return frozenset()
    return frozenset(n.name for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef))
