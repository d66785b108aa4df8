"""Where the window is looking in time: the present, a past position, or a recording.

The session owns one :class:`ReplayController`. It keeps the session's event store, and, while
a recording is open, the recording's. Views ask it for the :class:`Moment` to show and listen:

- ``momentChanged(moment | None)``: show this moment, or (``None``) the live present again;
- ``sourceChanged(store)``: a recording was opened or closed: rebuild from ``store.events()``;
- ``rangeChanged()``: the held events grew (or the oldest were dropped).

The loop keeps running while a view looks back: live batches still reach the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from asyncio_lab.core.event_store import MAX_EVENTS, EventStore
from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.moment import Moment
from asyncio_lab.core.recording import Recording


class ReplayController(QObject):
    momentChanged = Signal(object)
    sourceChanged = Signal(object)
    rangeChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live_store = EventStore()
        self._recording_store: EventStore | None = None
        self.recording_name: str | None = None
        self.recording: Recording | None = None
        self._position: int | None = None  # None: following the present
        self._moment: Moment | None = None

    # What is shown ---------------------------------------------------------------------------
    @property
    def store(self) -> EventStore:
        """The events shown: the recording's while one is open, else the session's."""
        return self._recording_store or self.live_store

    @property
    def is_live(self) -> bool:
        """Following the running session's present (no past position, no recording)."""
        return self._position is None and self._recording_store is None

    @property
    def position(self) -> int:
        """The position shown (the store's end when live)."""
        return self.store.count if self._position is None else self._position

    def moment(self) -> Moment:
        """The state shown: the moment looked at, or the present."""
        if self._moment is not None and self._position is not None:
            return self._moment
        return self.store.state_at(self.store.count)

    def shown_moment(self) -> Moment | None:
        """What views show instead of their live state; None when live."""
        return None if self.is_live else self._moment

    # Moving ----------------------------------------------------------------------------------
    def seek(self, position: int) -> None:
        """Look at the state after the first ``position`` events. In a live session, the end
        is the present: seeking there goes live."""
        store = self.store
        position = max(store.first, min(position, store.count))
        if self._recording_store is None and position >= store.count:
            self.go_live()
            return
        if position == self._position:
            return
        self._position = position
        self._moment = store.state_at(position)
        self.momentChanged.emit(self._moment)

    def step(self, delta: int) -> None:
        self.seek(self.position + delta)

    def go_live(self) -> None:
        """Back to the running session's present (closing a recording that is open)."""
        if self._recording_store is not None:
            self.close_recording()
            return
        if self._position is None:
            return
        self._position = None
        self._moment = None
        self.momentChanged.emit(None)

    # Feeding ---------------------------------------------------------------------------------
    def append(self, events: Sequence[LabEvent]) -> None:
        """A live batch: into the session's store (the session calls this before its views
        hear of the batch)."""
        self.live_store.append(events)
        if self._recording_store is None:
            if self._position is not None and self._position < self.live_store.first:
                self.seek(self.live_store.first)  # what we looked at was dropped
            self.rangeChanged.emit()

    def open_recording(self, recording: Recording, name: str) -> None:
        """Show ``recording`` instead of the session, at its end; the loop runs on unseen."""
        # A recording is held whole: the learner chose it, and it is already bounded by its file.
        store = EventStore(max_events=max(len(recording.events), MAX_EVENTS))
        store.append(recording.events)
        self._recording_store = store
        self.recording = recording
        self.recording_name = name
        self._position = store.count
        self._moment = store.state_at(store.count)
        self.sourceChanged.emit(store)
        self.rangeChanged.emit()
        self.momentChanged.emit(self._moment)

    def close_recording(self) -> None:
        if self._recording_store is None:
            return
        self._recording_store = None
        self.recording = self.recording_name = None
        self._position = self._moment = None
        self.sourceChanged.emit(self.live_store)
        self.rangeChanged.emit()
        self.momentChanged.emit(None)
