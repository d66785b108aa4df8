"""Predict, then run: the lesson's questions before Run, each graded by that very run.

Run (in the Demos panel) records the answers and locks them; the panel gathers the run's events
and, when the program ends, grades every answer against them (core/predictions), marks it right
or wrong with what the run did and why, and points at the evidence: the printed lines in the
lesson's output, the task in the table and the moment on the timeline. Skipping predictions and
the progress per chapter are remembered (:mod:`asyncio_lab.gui.prediction_settings`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import LabEvent, LogEvent, TaskState
from asyncio_lab.core.predictions import Answer, Evidence, Grade, Question
from asyncio_lab.core.predictions_facts import RunFacts
from asyncio_lab.core.program.run import Ending, ProgramOutcome
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.gui.prediction_editors import AnswerEditor, editor_for
from asyncio_lab.gui.prediction_settings import PredictionSettings
from asyncio_lab.gui.state_style import style_of

if TYPE_CHECKING:
    from asyncio_lab.gui.program_output import ProgramOutput
    from asyncio_lab.gui.session import LabSession

ASK = "Predict, then press Run: this run grades your answers."


class QuestionCard(QFrame):
    """One question: its prompt, its answer field, and after a run its mark and evidence."""

    def __init__(self, number: int, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"prediction{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.question = question
        self.grade: Grade | None = None
        prompt = QLabel(f"<b>{number}.</b> {_escape(question.prompt)}", self)
        prompt.setWordWrap(True)
        self.editor: AnswerEditor = editor_for(question, self)
        self.result = QLabel(self)
        self.result.setObjectName(f"predictionResult{number}")
        self.result.setWordWrap(True)
        self.result.hide()
        self.show_evidence = QPushButton("Show in the views", self)
        self.show_evidence.setObjectName(f"predictionEvidence{number}")
        self.show_evidence.setToolTip("Select the lines, the task and the moment that show it")
        self.show_evidence.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(prompt)
        layout.addWidget(self.editor)
        layout.addWidget(self.result)
        layout.addWidget(self.show_evidence)

    def mark(self, grade: Grade | None) -> None:
        """Show the grade (None: clear it)."""
        self.grade = grade
        if grade is None:
            self.result.hide()
            self.show_evidence.hide()
            return
        colour = style_of(TaskState.DONE if grade.right else TaskState.FAILED).qcolor.name()
        head = "✔ Right" if grade.right else "✖ Wrong"
        seen = "".join(f"<br>· {_escape(e.text)}" for e in grade.evidence[:3])
        self.result.setText(
            f"<span style='color:{colour}'><b>{head}</b></span>: you said "
            f"<i>{_escape(grade.answer)}</i>; the run: <b>{_escape(grade.truth)}</b>"
            f"<br>{_escape(grade.why)}{seen}"
        )
        self.result.show()
        self.show_evidence.setVisible(bool(grade.evidence))


class PredictionPanel(QWidget):
    """``objectName`` ``predictionPanel``; ``cards`` are the questions of the lesson shown."""

    def __init__(self, parent: QWidget | None = None, settings: PredictionSettings | None = None):
        super().__init__(parent)
        self.setObjectName("predictionPanel")
        self.setAccessibleName("Predictions")
        self.settings = settings or PredictionSettings()
        self.demo: Demo | None = None
        self.cards: list[QuestionCard] = []
        self.facts: RunFacts | None = None
        self._session: LabSession | None = None
        self._output: ProgramOutput | None = None
        self._recording: list[LabEvent] | None = None  # the events of the run being graded
        self._answers: list[Answer | None] = []
        self._filename = ""
        self._start_t = 0.0

        title = QLabel("<b>Predict, then run</b>", self)
        self.skip = QCheckBox("Skip predictions", self)
        self.skip.setObjectName("skipPredictions")
        self.skip.setToolTip("Run lessons without being asked first (remembered)")
        self.skip.setChecked(self.settings.skip)
        self.skip.toggled.connect(self._on_skip_toggled)
        self.progress = QLabel(self)
        self.progress.setObjectName("predictionProgress")
        self.progress.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("predictionStatus")
        self.status.setWordWrap(True)
        self._cards_box = QWidget(self)
        self._cards_layout = QVBoxLayout(self._cards_box)
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self._cards_box)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.skip)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.scroller, 1)
        self.status.setText("Pick a lesson: it will ask you to predict what it does.")

    def bind(self, session: LabSession, output: ProgramOutput | None = None) -> None:
        """Ask for the lesson picked, record at Run, grade when it ends; point into ``output``."""
        self._session = session
        self._output = output
        session.demos.demoSelected.connect(self.show_demo)
        session.demos.programStarted.connect(self._on_program_started)
        session.demos.programEnded.connect(self._on_program_ended)
        session.eventsArrived.connect(self._on_events_arrived)

    # Asking ----------------------------------------------------------------------------------
    def show_demo(self, demo: Demo) -> None:
        self.demo = demo
        self._recording = None
        self.facts = None
        for card in self.cards:
            card.deleteLater()
        self.cards = [
            QuestionCard(i, q, self._cards_box) for i, q in enumerate(demo.predictions, 1)
        ]
        while self._cards_layout.count():
            self._cards_layout.takeAt(0)
        for card in self.cards:
            self._cards_layout.addWidget(card)
            card.show_evidence.clicked.connect(lambda _=False, c=card: self.point_at(c))
        self._cards_layout.addStretch(1)
        self._show_progress()
        self._apply_skip()

    def _apply_skip(self) -> None:
        skipped = self.skip.isChecked()
        self._cards_box.setVisible(not skipped and bool(self.cards))
        if self.demo is None:
            return
        if not self.demo.predictions:
            self.status.setText("This program asks no predictions: press Run and watch.")
        elif skipped:
            self.status.setText("Predictions skipped: untick to be asked before each run.")
        else:
            self.status.setText(ASK)

    def _on_skip_toggled(self, skipped: bool) -> None:
        self.settings.skip = skipped
        self._apply_skip()

    def _show_progress(self) -> None:
        if self.demo is None or not self.demo.predictions:
            self.progress.clear()
            return
        self.progress.setText(self.settings.chapter(self.demo.chapter).text)

    @property
    def asking(self) -> bool:
        return bool(self.cards) and not self.skip.isChecked()

    # Recording and grading ---------------------------------------------------------------------
    def _on_program_started(self, source: ProgramSource) -> None:
        demos = self._session.demos if self._session is not None else None
        if not self.asking or demos is None or demos.running is not self.demo:
            self._recording = None
            return
        self._answers = [card.editor.answer() for card in self.cards]
        for card in self.cards:
            card.editor.set_locked(True)
            card.mark(None)
        self._recording = []
        self._filename = source.filename
        missing = sum(a is None for a in self._answers)
        note = f" ({missing} left unanswered)" if missing else ""
        self.status.setText(f"Answers recorded{note}; running… the run will grade them.")

    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        if self._recording is not None:
            self._recording.extend(events)

    def _on_program_ended(self, outcome: ProgramOutcome) -> None:
        events, self._recording = self._recording, None
        if events is None:
            return
        for card in self.cards:
            card.editor.set_locked(False)
        if outcome.ending is Ending.STOPPED:
            self.status.setText("The run was stopped before it ended: not graded. Run it again.")
            return
        speed = self._session.demos.speed if self._session is not None else 1.0
        self.grade_run(_from_start(events, self._filename), speed, outcome)

    def grade_run(self, events: list[LabEvent], speed: float, outcome: ProgramOutcome) -> None:
        """Grade the recorded answers against this run's ``events`` and show it."""
        self._start_t = events[0].t if events else 0.0
        self.facts = RunFacts.from_events(
            events,
            speed=speed,
            error=outcome.message if outcome.ending is Ending.FAILED else None,
            finished=outcome.ok,
        )
        right = answered = 0
        for card, answer in zip(self.cards, self._answers, strict=False):
            if answer is None:
                _, truth, evidence = card.question.truth(self.facts)
                grade = Grade(False, "(no answer)", truth, card.question.why, evidence)
            else:
                grade = card.question.grade(answer, self.facts)
                answered += 1
            right += grade.right
            card.mark(grade)
        if self.demo is not None:
            self.settings.record(self.demo.id, answered, right)
        self._show_progress()
        total = len(self.cards)
        self.status.setText(
            f"{right} of {total} right, graded by this run."
            + (" Change your answers and run again to see it once more." if right < total else "")
        )
        wrong = [c for c in self.cards if c.grade is not None and not c.grade.right]
        first = (wrong or self.cards)[0] if self.cards else None
        if first is not None:
            QTimer.singleShot(0, lambda: self.scroller.ensureWidgetVisible(first))  # laid out
            self.point_at(first)

    # Pointing at the evidence -------------------------------------------------------------------
    def point_at(self, card: QuestionCard) -> None:
        """Select the printed lines that show ``card``'s truth; focus its task; move the
        timeline to its moment."""
        if card.grade is None:
            return
        evidence = card.grade.evidence
        self._select_lines([i for e in evidence for i in e.lines])
        for e in evidence:
            if e.task is not None:
                self._focus_task(e.task)
                break
        moments = [e.t for e in evidence if e.t is not None]
        if moments:
            self._show_moment(moments[0])

    def _select_lines(self, lines: list[int]) -> None:
        output = self._output
        if output is None or not lines:
            return
        output.clearSelection()
        for index in lines:
            item = output.topLevelItem(index)
            if item is not None:
                item.setSelected(True)
                output.scrollToItem(item)

    def _focus_task(self, name: str) -> None:
        if self._session is None:
            return
        for record in self._session.book.records:
            if record.name == name:
                self._session.focus_task(record.task_id)
                return

    def _show_moment(self, t: float) -> None:
        from asyncio_lab.gui.timeline_view import TimelineView

        timeline = self.window().findChild(TimelineView)
        if timeline is None or self._session is None:
            return
        at = self._start_t + t / max(self._session.demos.speed, 1e-9)
        timeline.setFollowLive(False)
        timeline.setVisibleRange(max(0.0, at - 1.0), at + 1.0)

    def evidence(self, number: int) -> tuple[Evidence, ...]:
        grade = self.cards[number - 1].grade
        return grade.evidence if grade is not None else ()


def _from_start(events: list[LabEvent], filename: str) -> list[LabEvent]:
    """The events from the program's "▶ name" on: what came before belongs to other work."""
    for i, e in enumerate(events):
        if isinstance(e, LogEvent) and e.message == f"▶ {filename}":
            return events[i:]
    return events


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
