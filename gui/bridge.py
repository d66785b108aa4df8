"""Drains the tracker's buffer on the GUI thread and hands views one batch at a time."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from asyncio_lab.core.tracker import Tracker

DRAIN_INTERVAL_MS = 16  # about 60 Hz: never one Qt signal per task event


class EventBridge(QObject):
    """``eventsArrived(list)`` carries every event recorded since the last tick, in order."""

    eventsArrived = Signal(list)

    def __init__(self, tracker: Tracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self.drain)
        self._timer.start()

    def drain(self) -> int:
        """Deliver what is waiting now; returns how many events went out."""
        events = self.tracker.buffer.drain()
        if events:
            self.eventsArrived.emit(events)
        return len(events)

    def stop(self) -> None:
        """Stop delivering. Whatever is still buffered stays there: nobody is watching."""
        self._timer.stop()
