"""The log pane: every event as one line, with time since start and thread."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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
_MARK = {LogLevel.WARNING: "⚠ ", LogLevel.ERROR: "✖ ", LogLevel.RESULT: "→ "}


class LogView(QPlainTextEdit):
    """Read-only, bounded, appended in batches. Step events can be hidden (they are many)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logView")
        self.setAccessibleName("Event log")
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.show_steps = False  # running/suspended events: off by default, they flood
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

    def add_events(self, events: Sequence[LabEvent], first_index: int = -1) -> None:
        """Append a batch; ``first_index`` is the store position of its first event, so a
        past moment can scroll to its line (-1: not known)."""
        picked = [(i, e) for i, e in enumerate(events, first_index) if self._wanted(e)]
        if not picked:
            return
        lines = [self._line(e) for _, e in picked]
        self.appendPlainText("\n".join(lines))
        if first_index < 0:
            return
        block = self.document().lastBlock()
        for (index, _), line in zip(reversed(picked), reversed(lines), strict=True):
            for _ in range(line.count("\n")):
                block = block.previous()
            block.setUserState(index)
            block = block.previous()

    # Looking back -------------------------------------------------------------------------------
    def show_moment(self, moment: Moment | None) -> None:
        """Scroll to the line of the moment's last event and mark it; ``None``: the live tail."""
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
        block = self.document().lastBlock()
        first_state = self.document().firstBlock().userState()
        if target < 0 or first_state < 0 or target < first_state:
            return None
        while block.isValid():
            state = block.userState()
            if 0 <= state <= target:
                return block
            block = block.previous()
        return None

    def _on_source_changed(self, store: EventStore) -> None:
        self.setExtraSelections([])
        self._render_tail(store)

    def _render_tail(self, store: EventStore) -> None:
        self._windowed = False
        self.clear()
        start = max(store.first, store.count - 4 * MAX_LINES)
        self.add_events(store.events(start), start)

    def _render_around(self, store: EventStore, target: int) -> None:
        self._windowed = True
        self.clear()
        start = max(store.first, target - 2 * MAX_LINES)
        self.add_events(store.events(start, target + MAX_LINES // 2), start)

    def _wanted(self, event: LabEvent) -> bool:
        if isinstance(event, TaskEvent):
            return self.show_steps or event.state.is_final or event.state is TaskState.PENDING
        return True

    def _line(self, event: LabEvent) -> str:
        mark = _MARK.get(event.level, "") if isinstance(event, LogEvent) else ""
        return mark + format_line(event)
