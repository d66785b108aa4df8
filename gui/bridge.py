"""Drains the tracker's buffer on the GUI thread and hands views one batch at a time."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

from asyncio_lab.core.gc_pacing import CollectorPacing
from asyncio_lab.core.tracker import Tracker

DRAIN_INTERVAL_MS = 16  # about 60 Hz: never one Qt signal per task event
# A tick delivers batches of at most TICK_CHUNK events until TICK_BUDGET_S has gone by, so a
# storm never holds the GUI thread much longer than a frame; the rest is taken on the next
# turn of the event loop, after paints and input. A batch is cut to what the views took in
# the budget's remaining time lately: with the Timeline shown, or the GIL shared with a busy
# loop thread, 2,000 events alone can take longer than a frame.
TICK_CHUNK = 2_000
SMALLEST_CHUNK = 100
TICK_BUDGET_S = 0.025
# A tick that brings this many events (or leaves some behind) is part of a storm: the cycle
# collector's full walks wait until it is over (see CollectorPacing).
STORM_BATCH = 1_000
# And while it lasts, a thread waiting for the GIL gets it after this long (the window's own
# setting is gui.app.GIL_SWITCH_INTERVAL_S). Each paint asks Python hundreds of questions
# (model data, one per cell and role) and each waits for the GIL once: with the threaded host's
# loop busy, a table repaint took 0.45 s at 1 ms, 0.1-0.16 s at 0.1 ms (100,000-task storm).
STORM_SWITCH_INTERVAL_S = 0.0001


class EventBridge(QObject):
    """``eventsArrived(list)`` carries every event recorded since the last drain, in order.

    A timer drains about 60 times a second. The session also drains just before a work
    handle reports (see :class:`~asyncio_lab.gui.work_handle.WorkHandle`), so the events a
    piece of work recorded before it ended are delivered before its result.
    """

    # A list of events. Not Signal(list): that converts the list into a QVariantList for each
    # receiver, 5 ms per 1,000 events with the window's ten receivers.
    eventsArrived = Signal(object)

    def __init__(self, tracker: Tracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self._stopped = False
        self._held = False  # paused while a host shuts down: its loop gets the thread first
        self._held_storm = False
        self.delivered = 0  # events handed to views so far
        self.collector = CollectorPacing()  # full collections wait while a backlog is delivered
        self._seconds_per_event = 0.0  # what the views took per event lately
        self._calm_switch_interval = sys.getswitchinterval()  # restored when a storm is over
        self._storm_switching = False
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        if self._stopped:
            return
        if self._held:
            if self._held_storm:  # a host cancels (and so wakes) thousands of tasks at once
                self.collector.busy()
                self._switch_quickly(self.collector.paused)
            return
        now = time.perf_counter()
        deadline = now + TICK_BUDGET_S
        delivered = 0
        while True:
            limit = self._chunk_for(deadline - now)
            count = self._deliver(limit)
            took, now = time.perf_counter() - now, time.perf_counter()
            if count >= SMALLEST_CHUNK:  # a small batch says more about overhead than pace
                self._seconds_per_event = 0.5 * self._seconds_per_event + 0.5 * took / count
            delivered += count
            if count < limit or now >= deadline or self._stopped:
                break
        # More waiting: come back on the next turn of the event loop, after paints and input.
        backlog = len(self.tracker.buffer) > 0
        self._timer.setInterval(0 if backlog else DRAIN_INTERVAL_MS)
        if backlog or delivered >= STORM_BATCH:  # a storm, on this thread's loop or another's
            self.collector.busy()
        else:
            self.collector.idle()
        self._switch_quickly(self.collector.paused)  # paused: the storm lasts

    def _switch_quickly(self, storm: bool) -> None:
        if storm != self._storm_switching:
            self._storm_switching = storm
            sys.setswitchinterval(STORM_SWITCH_INTERVAL_S if storm else self._calm_switch_interval)

    def _chunk_for(self, seconds: float) -> int:
        if self._seconds_per_event <= 0:
            return TICK_CHUNK
        fits = int(seconds / self._seconds_per_event)
        return max(SMALLEST_CHUNK, min(TICK_CHUNK, fits))

    def _deliver(self, limit: int | None) -> int:
        events = self.tracker.buffer.drain(limit)
        if events:
            self.delivered += len(events)
            self.eventsArrived.emit(events)
        return len(events)

    def drain(self) -> int:
        """Deliver what is waiting now; returns how many events went out (0 once stopped)."""
        return 0 if self._stopped else self._deliver(None)

    def settle(self) -> Callable[[], bool]:
        """For a piece of work that just ended: a check that delivers what was recorded up to
        now, one chunk per call, and says True once it has all gone out (or the bridge
        stopped). Work that ends after a storm reports when its events are in, without one
        batch of 100,000s of events holding the GUI thread."""
        mark = self.delivered + len(self.tracker.buffer)

        def caught_up() -> bool:
            if self._stopped or self.delivered >= mark:
                return True
            if not self._held:
                self._deliver(min(TICK_CHUNK, mark - self.delivered))
            return self.delivered >= mark

        return caught_up

    @contextlib.contextmanager
    def held(self, *, storm: bool = False) -> Iterator[None]:
        """Deliver nothing inside (events wait in the buffer, in order), then catch up. With
        ``storm`` (thousands of tasks about to be cancelled) the cycle collector's full walks
        wait meanwhile, as during a storm."""
        self._held = True
        self._held_storm = storm
        if storm:
            self.collector.busy()
        try:
            yield
        finally:
            self._held = False
            if not self._stopped:
                self._timer.setInterval(0)

    def stop(self) -> None:
        """Stop delivering. Whatever is still buffered stays there: nobody is watching."""
        self._stopped = True
        self._timer.stop()
        self.collector.idle(now=True)
        self._switch_quickly(False)
