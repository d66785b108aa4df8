"""The status bar: the host and its loop thread, the task counts, passing messages."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from asyncio_lab.core.events import LabEvent
from asyncio_lab.gui.session import LabSession


class LabStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host_status = QLabel(self)
        self.host_status.setObjectName("hostStatus")
        self.task_status = QLabel(self)
        self.task_status.setObjectName("taskStatus")
        self.addPermanentWidget(self.task_status)
        self.addPermanentWidget(self.host_status)
        self._session: LabSession | None = None

    def bind(self, session: LabSession) -> None:
        self._session = session
        session.hostChanged.connect(self._on_host_changed)
        session.eventsArrived.connect(self._on_events_arrived)
        session.statusMessage.connect(self.showMessage)
        if session.host is not None:
            self._on_host_changed(session.kind)

    def _on_host_changed(self, _kind: object) -> None:
        host = None if self._session is None else self._session.host
        if host is not None:
            self.host_status.setText(
                f"Host: <b>{host.kind.value}</b> · loop thread: <b>{host.thread_name}</b>"
            )

    def _on_events_arrived(self, _events: list[LabEvent]) -> None:
        if self._session is not None:
            book = self._session.book
            self.task_status.setText(f"{book.live_count()} live / {len(book)} tasks")
