"""The toolbar's host selector: switching hosts asks first when tasks are still running."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from asyncio_lab.core.host import HostKind
from asyncio_lab.gui.session import LabSession


def ask_to_switch(
    parent: QWidget, current: HostKind | None, kind: HostKind, live: int
) -> QMessageBox:
    """The confirmation, opened (never exec(): a nested event loop would re-enter asyncio)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Switch the loop host?",
        f"{live} task(s) are still running on the {current.value if current else ''} host. "
        f"Switching to {kind.value} cancels them and starts a new loop.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("switchHostDialog")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.open()
    return box


class HostSelector(QComboBox):
    """Picks where the loop runs. Picking the running host again restarts a loop that was
    stopped from inside (``loop.stop()`` in the console); with live tasks it asks first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hostSelector")
        self.setAccessibleName("Loop host")
        for kind in HostKind:
            self.addItem(f"{kind.value} — {kind.blurb}", kind)
        self.setToolTip("Where the asyncio event loop runs. Switching cancels running tasks.")
        self._session: LabSession | None = None
        self.dialog: QMessageBox | None = None

    def bind(self, session: LabSession) -> None:
        self._session = session
        self.currentIndexChanged.connect(self._on_current_index_changed)
        self.activated.connect(self._on_activated)
        session.hostChanged.connect(self._show)
        self._show(session.kind)

    def _on_current_index_changed(self, index: int) -> None:
        kind = self.itemData(index)
        if isinstance(kind, HostKind):
            self._switch_to(kind)

    def _on_activated(self, index: int) -> None:
        # A changed choice is handled above; this catches the running host picked again.
        kind = self.itemData(index)
        session = self._session
        if isinstance(kind, HostKind) and session is not None and kind is session.kind:
            self._switch_to(kind)

    def _switch_to(self, kind: HostKind) -> None:
        session = self._session
        if session is None or self.dialog is not None:
            return
        host = session.host
        if kind is session.kind and host is not None and host.is_running:
            return
        live = session.book.live_count()
        if not live:
            session.start(kind)
            return
        self.dialog = ask_to_switch(self.window(), session.kind, kind, live)
        self.dialog.finished.connect(lambda result: self._on_answered(kind, result))

    def _on_answered(self, kind: HostKind, result: int) -> None:
        self.dialog = None
        if self._session is None:
            return
        if result == QMessageBox.StandardButton.Yes:
            self._session.start(kind)
        else:
            self._show(self._session.kind)

    def _show(self, kind: HostKind | None) -> None:
        with QSignalBlocker(self):
            self.setCurrentIndex(self.findData(kind))
