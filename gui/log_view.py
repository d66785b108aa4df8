"""The log pane: every event as one line, with time since start and thread.

A storm of tasks would bury the log (and the GUI thread) in 100,000s of "created" and "done"
lines, so the lines gathered for one flush (ten a second at most) show their first
:data:`TASK_LINES_PER_BATCH` task lines and fold the rest into one counted line that says so;
messages, hand-offs and warnings are never folded. Long lines wrap, so a warning's "Fix:" is
readable, and the pane follows new lines while it is scrolled to the end.

Each line remembers the store position of its event, so looking back (replay) scrolls to and
marks the line of the moment shown; lines around a moment older than the pane holds are drawn
from the store, one line per event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase, QTextBlock, QTextCursor, QTextFormat
from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QTextEdit, QWidget

from asyncio_lab.core.event_store import EventStore
from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel, TaskEvent, TaskState
from asyncio_lab.core.formatting import format_line
from asyncio_lab.core.moment import Moment

if TYPE_CHECKING:
    from asyncio_lab.gui.replay_controller import ReplayController
    from asyncio_lab.gui.session import LabSession

MAX_LINES = 5000
FLUSH_MS = 100  # lines reach the pane at most ten times a second, however many batches come
TASK_LINES_PER_BATCH = 40  # past this, a flush's task lines are counted, not written
_MARK = {LogLevel.WARNING: "⚠ ", LogLevel.ERROR: "✖ ", LogLevel.RESULT: "→ "}
_WORDS = {TaskState.PENDING: "created", TaskState.RUNNING: "ran a step",
          TaskState.SUSPENDED: "suspended", TaskState.DONE: "done",
          TaskState.CANCELLED: "cancelled", TaskState.FAILED: "failed"}  # fmt: skip
_STEPS = (TaskState.RUNNING, TaskState.SUSPENDED)
_NO_INDEX = -1


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
        self._pending: list[tuple[int, str]] = []  # (store position or -1, line)
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
        self._replay: ReplayController | None = None
        self._windowed = False  # showing lines around a past event, not the live tail

    def bind(self, session: LabSession) -> None:
        self._replay = session.replay
        session.eventsArrived.connect(self._on_events_arrived)
        session.replay.momentChanged.connect(self.show_moment)
        session.replay.sourceChanged.connect(self._on_source_changed)

    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        replay = self._replay
        if replay is None:
            self.add_events(events)
        elif replay.recording is None and not self._windowed:
            self.add_events(events, replay.live_store.count - len(events))

    def set_show_steps(self, show: bool) -> None:
        """From now on, also log running/suspended steps (or stop logging them)."""
        self.show_steps = show

    # Writing ------------------------------------------------------------------------------------
    def add_events(
        self, events: Sequence[LabEvent], first_index: int = _NO_INDEX, fold: bool = True
    ) -> None:
        """Gather a batch for the next flush; ``first_index`` is the store position of its
        first event (-1: not known), so a past moment can scroll to its line."""
        add = self._pending.append
        folded = self._folding
        steps = self.show_steps
        index = first_index
        for event in events:
            at = index if first_index >= 0 else _NO_INDEX
            index += 1
            if type(event) is TaskEvent:
                state = event.state
                if not steps and state in _STEPS:
                    continue
                if fold and self._budget <= 0:
                    folded[state] += 1
                    continue
                self._budget -= 1
                add((at, format_line(event)))
            else:
                mark = _MARK.get(event.level, "") if isinstance(event, LogEvent) else ""
                add((at, mark + format_line(event)))
        if (self._pending or folded) and not self._flush_timer.isActive():
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
            note = f"… {total:,} more task lines folded ({parts}); the task table lists every task"
            lines.append((_NO_INDEX, note))
        if not lines:
            return
        bar = self.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 2
        self.appendPlainText("\n".join(text for _, text in lines))
        block = self.document().lastBlock()
        for index, text in reversed(lines):  # each line's block remembers its event
            for _ in range(text.count("\n")):
                block = block.previous()
            block.setUserState(index)
            block = block.previous()
        if following:
            bar.setValue(bar.maximum())

    def toPlainText(self) -> str:  # noqa: N802
        """The pane's text, with whatever is waiting for the next flush written first."""
        self.flush()
        return super().toPlainText()

    # Looking back -------------------------------------------------------------------------------
    def show_moment(self, moment: Moment | None) -> None:
        """Scroll to the line of the moment's last event and mark it; ``None``: the live tail."""
        self.flush()
        replay = self._replay
        if moment is None:
            self.setExtraSelections([])
            if self._windowed and replay is not None:
                self._render_tail(replay.live_store)
            self.moveCursor(QTextCursor.MoveOperation.End)
            return
        target = moment.index - 1
        block = self._block_for(target)
        if block is None and replay is not None:
            self._render_around(replay.store, target)
            block = self._block_for(target)
        if block is None:
            self.setExtraSelections([])
            return
        cursor = QTextCursor(block)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(self.palette().highlight())
        selection.format.setForeground(self.palette().highlightedText())
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        self.setExtraSelections([selection])
        self.setTextCursor(cursor)
        self.centerCursor()

    def current_event_index(self) -> int | None:
        """The store position of the marked line (None: nothing marked)."""
        marked = self.extraSelections()
        return marked[0].cursor.block().userState() if marked else None

    def _block_for(self, target: int) -> QTextBlock | None:
        """The line of the newest logged event at or before ``target`` (None: older than all)."""
        if target < 0:
            return None
        block = self.document().lastBlock()
        oldest: int | None = None
        found: QTextBlock | None = None
        while block.isValid():
            state = block.userState()
            if state >= 0:
                oldest = state
                if state <= target and found is None:
                    found = block
            block = block.previous()
        if oldest is None or target < oldest:
            return None  # older than every line the pane holds
        return found

    def _on_source_changed(self, store: EventStore) -> None:
        self.setExtraSelections([])
        self._render_tail(store)

    def _render_tail(self, store: EventStore) -> None:
        self._windowed = False
        self._pending.clear()
        self._folding.clear()
        self.clear()
        start = max(store.first, store.count - 4 * MAX_LINES)
        self.add_events(store.events(start), start)
        self.flush()

    def _render_around(self, store: EventStore, target: int) -> None:
        self._windowed = True
        self._pending.clear()
        self._folding.clear()
        self.clear()
        start = max(store.first, target - 2 * MAX_LINES)
        self.add_events(store.events(start, target + MAX_LINES // 2), start, fold=False)
        self.flush()
