"""The done and pending sets of the last ``asyncio.wait``, side by side, kept live."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from asyncio_lab.core.events import TaskState, WaitEvent
from asyncio_lab.core.moment import Moment, TaskSnap
from asyncio_lab.core.playground import WaitMode, WaitResult, describe_wait_call
from asyncio_lab.core.task_book import TaskBook, TaskRecord
from asyncio_lab.gui.state_style import style_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from asyncio_lab.core.events import LabEvent
    from asyncio_lab.gui.session import LabSession

_ID_ROLE = Qt.ItemDataRole.UserRole


class WaitPanel(QWidget):
    """After ``wait`` returns, its pending tasks are *not* cancelled: watch them finish here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitPanel")
        self.caption = QLabel("Run asyncio.wait to see its done and pending sets.", self)
        self.caption.setObjectName("waitCaption")
        self.caption.setWordWrap(True)
        self.done_list = self._list("doneList", "Tasks asyncio.wait returned as done")
        self.pending_list = self._list("pendingList", "Tasks asyncio.wait returned as pending")
        grid = QGridLayout(self)
        grid.addWidget(self.caption, 0, 0, 1, 2)
        grid.addWidget(QLabel("<b>done</b>", self), 1, 0)
        grid.addWidget(QLabel("<b>pending</b> when wait returned (not cancelled)", self), 1, 1)
        grid.addWidget(self.done_list, 2, 0)
        grid.addWidget(self.pending_list, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._book = TaskBook()
        self._live: WaitEvent | None = None  # the last live result, kept while looking back
        self._moment: Moment | None = None

    def bind(self, session: LabSession) -> None:
        """Show each wait the playground runs; keep its tasks' states live."""
        self._book = session.book
        session.eventsArrived.connect(self._on_events_arrived)
        session.playground.waitStarted.connect(self.show_waiting)
        session.playground.waitFinished.connect(self._on_wait_finished)
        session.playground.waitFailed.connect(self.caption.setText)
        session.replay.momentChanged.connect(self.show_moment)

    def show_waiting(self, call: str) -> None:
        """A wait has started: say so (the sets are those of the wait before, if any)."""
        self.caption.setText(f"⏳ {call} is waiting…")
        for widget in (self.done_list, self.pending_list):
            widget.clear()

    def show_moment(self, moment: Moment | None) -> None:
        """The last wait as of ``moment`` with its tasks' states then; ``None``: live again."""
        self._moment = moment
        if moment is None:
            self._show_sets(self._live)
            self.refresh(self._book)
            return
        self._show_sets(moment.last_wait)
        self._paint_states(moment.tasks.get)

    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        # A program's own asyncio.wait (and the playground's) arrives as a WaitEvent.
        last = next((e for e in reversed(events) if type(e) is WaitEvent), None)
        if last is not None:
            self._live = last
            if self._moment is None:
                self._show_sets(self._live)
        if self._moment is None:
            self.refresh(self._book)

    def _on_wait_finished(self, result: WaitResult) -> None:
        self._live = result.to_event()
        if self._moment is None:
            self.show_result(result, self._book)

    def _list(self, name: str, accessible: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setObjectName(name)
        widget.setAccessibleName(accessible)
        return widget

    def show_result(self, result: WaitResult, book: TaskBook) -> None:
        self._show_sets(result.to_event())
        self.refresh(book)

    def _show_sets(self, result: WaitEvent | None) -> None:
        if result is None:
            self.caption.setText("Run asyncio.wait to see its done and pending sets.")
            self.done_list.clear()
            self.pending_list.clear()
            return
        self.caption.setText(
            f"{describe_wait_call(WaitMode[result.mode], result.timeout)} returned after "
            f"{result.elapsed:.2f} s: {len(result.done)} done, {len(result.pending)} pending."
        )
        for widget, ids, names in (
            (self.done_list, result.done_ids, result.done),
            (self.pending_list, result.pending_ids, result.pending),
        ):
            widget.clear()
            for task_id, name in zip(ids, names, strict=False):
                item = QListWidgetItem(name)
                item.setData(_ID_ROLE, task_id)
                widget.addItem(item)

    def refresh(self, book: TaskBook) -> None:
        """Show each listed task's current state (pending ones go on to finish: each says it
        ended after wait returned, so a green row in the pending box is never a contradiction)."""
        self._paint_states(book.get)

    def _paint_states(self, find: Callable[[int], TaskRecord | TaskSnap | None]) -> None:
        for widget in (self.done_list, self.pending_list):
            for i in range(widget.count()):
                item = widget.item(i)
                record = find(item.data(_ID_ROLE))
                if record is None:
                    continue
                style = style_of(record.state)
                words = _state_words(record.state, pending=widget is self.pending_list)
                item.setText(f"{style.glyph} {record.name} — {words}")
                item.setForeground(style.qcolor)


def _state_words(state: TaskState, *, pending: bool) -> str:
    if not pending:
        return state.value
    if state.is_final:
        return f"was pending; {state.value} after wait returned"
    return f"still pending ({state.value})"
