"""Drains the tracker's buffer on the GUI thread and hands views one batch at a time."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from asyncio_lab.core.tracker import Tracker

DRAIN_INTERVAL_MS = 16  # about 60 Hz: never one Qt signal per task event
# A tick takes at most this many events, so a storm never holds the GUI thread for seconds in
# one batch; the rest is taken on the next turn of the event loop.
TICK_LIMIT = 20_000


class EventBridge(QObject):
    """``eventsArrived(list)`` carries every event recorded since the last drain, in order.

    A timer drains about 60 times a second. The session also drains just before a work
    handle reports (see :class:`~asyncio_lab.gui.work_handle.WorkHandle`), so the events a
    piece of work recorded before it ended are delivered before its result.
    """

    eventsArrived = Signal(list)

    def __init__(self, tracker: Tracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        if self._stopped:
            return
        events = self.tracker.buffer.drain(TICK_LIMIT)
        if events:
            self.eventsArrived.emit(events)
        # More waiting: come back on the next turn of the event loop, after paints and input.
        self._timer.setInterval(0 if len(self.tracker.buffer) else DRAIN_INTERVAL_MS)

    def drain(self) -> int:
        """Deliver what is waiting now; returns how many events went out (0 once stopped)."""
        if self._stopped:
            return 0
        events = self.tracker.buffer.drain()
        if events:
            self.eventsArrived.emit(events)
        return len(events)

    def stop(self) -> None:
        """Stop delivering. Whatever is still buffered stays there: nobody is watching."""
        self._stopped = True
        self._timer.stop()
