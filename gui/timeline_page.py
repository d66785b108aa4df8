"""The Timeline tab: responsiveness meters over thread lanes, with follow/pause/fit and export."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QFileDialog, QFrame, QScrollArea, QToolBar, QVBoxLayout, QWidget

from asyncio_lab.core.event_store import EventStore
from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.lag_probe import StallSample
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.moment import Moment
from asyncio_lab.core.trace_export import cannot_write
from asyncio_lab.gui.meters import ResponsivenessMeters
from asyncio_lab.gui.timeline_view import TimelineView
from asyncio_lab.gui.trace_job import TraceJob

CATCH_UP_CHUNK = 50_000  # events folded per turn of the event loop when shown after a storm

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession


class TimelinePage(QWidget):
    """Owns the meters and the timeline view; bound to a session it follows its events and
    host, tells it which task a click points at, and passes stalls to its mistake detector."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePage")
        self.view = TimelineView(self)
        self.view.setObjectName("timelineView")
        self.view.setAccessibleName("Timeline of threads and tasks")
        self._note_stall: Callable[[StallSample], None] | None = None
        self.meters = ResponsivenessMeters(self)
        self.meters.setObjectName("responsivenessMeters")
        self._session: LabSession | None = None

        toolbar = QToolBar("Timeline", self)
        toolbar.setObjectName("timelineToolbar")
        toolbar.addAction(self.view.followAction)
        toolbar.addAction(self.view.pauseAction)
        toolbar.addAction(self.view.fitAction)
        toolbar.addAction(self.view.fitAllAction)
        toolbar.addAction(self.view.clearAction)
        toolbar.addSeparator()
        self.export_trace_action = QAction("Export trace (Perfetto)…", self)
        self.export_trace_action.triggered.connect(lambda: self._ask_path("trace"))
        self.export_png_action = QAction("Export PNG…", self)
        self.export_png_action.triggered.connect(lambda: self._ask_path("png"))
        toolbar.addAction(self.export_trace_action)
        toolbar.addAction(self.export_png_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.meters)
        layout.addWidget(toolbar)
        # More lanes than fit (many worker threads): the view grows and this scrolls, so no
        # lane is squeezed below a readable title.
        self.lanes_scroll = QScrollArea(self)
        self.lanes_scroll.setObjectName("timelineScroll")
        self.lanes_scroll.setWidgetResizable(True)
        self.lanes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.lanes_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lanes_scroll.setWidget(self.view)
        layout.addWidget(self.lanes_scroll, 1)
        self._dialog: QFileDialog | None = None
        self._jobs: set[TraceJob] = set()  # traces being written (kept until they report)
        # The view folds the session's event store up to here. A hidden timeline folds
        # nothing (a storm costs it nothing) and catches up when it is shown.
        self._store: EventStore | None = None
        self._folded = 0
        self._catching_up = False

    def bind(self, session: LabSession) -> None:
        self._session = session
        self.view.setClock(session.tracker.now)
        self._note_stall = session.mistakes.note_stall
        session.eventsArrived.connect(self._on_events_arrived)
        session.replay.momentChanged.connect(self._on_moment)
        session.replay.sourceChanged.connect(self._on_source_changed)
        self._store, self._folded = session.replay.live_store, session.replay.live_store.count
        session.replay.live_store.before_drop.append(self._before_drop)
        session.hostChanged.connect(self._on_host_changed)
        session.closing.connect(self.stop)
        self.view.taskClicked.connect(session.focus_task)
        if session.host is not None:
            self._on_host_changed(session.kind)

    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        if self._session is None:
            self.view.addEvents(events)
        elif self.isVisible() and not self._catching_up:
            self.catch_up()  # while hidden, the session's store keeps them for when it shows

    def catch_up(self, chunk: int | None = None) -> bool:
        """Fold into the view what the store it draws holds beyond what it has folded (at most
        ``chunk`` events); True once nothing is left. Events the store dropped meanwhile
        (bounded history) are gone: the view starts again from the oldest one held."""
        session = self._session
        if session is None:
            return True
        store = session.replay.store  # the live run's, or an opened recording's
        if store is not self._store or self._folded < store.first:
            if self._store is not None:
                self.view.clear()
            self._store, self._folded = store, store.first
        end = store.count if chunk is None else min(store.count, self._folded + chunk)
        if end > self._folded:
            self.view.addEvents(list(store.events(self._folded, end)))
            self._folded = end
        return self._folded >= store.count

    def _before_drop(self, new_first: int) -> None:
        """The live store is about to forget its oldest events: fold those not seen yet, so a
        timeline hidden through a long storm still has every task when it is shown."""
        session = self._session
        if session is None or self._store is not session.replay.live_store:
            return
        if self._folded < new_first:
            self.catch_up(new_first - self._folded)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        session = self._session
        if session is None or self._catching_up:
            return
        behind = session.replay.store.count - self._folded
        if behind <= CATCH_UP_CHUNK:
            self.catch_up()
        else:  # a storm went by while hidden: fold it in chunks, the window answering between
            self._catching_up = True
            self._next_chunk(behind)

    def _catch_up_step(self) -> None:
        session = self._session
        if session is None or self.catch_up(CATCH_UP_CHUNK):
            self._catching_up = False
            self.view.setNote(None)
        else:
            self._next_chunk(session.replay.store.count - self._folded)

    def _next_chunk(self, behind: int) -> None:
        self.view.setNote(f"Catching up with {behind:,} events…")
        QTimer.singleShot(0, self._catch_up_step)

    def _on_moment(self, moment: Moment | None) -> None:
        self.view.setCursorTime(None if moment is None else moment.t)

    def _on_source_changed(self, store: EventStore) -> None:
        """A recording opened (or closed): draw its events (or the session's) afresh."""
        session = self._session
        live = session is not None and store is session.replay.live_store
        self.view.clear()
        self._store, self._folded = store, store.first
        if session is not None:
            self.view.setClock(session.tracker.now if live else None)
        if self.isVisible():
            self.catch_up()

    def attach(self, monitor: LoopMonitor, gui_thread: str, loop_thread: str) -> None:
        """Point the lanes and the loop-lag meter at a (new) host, given its loop monitor."""
        self.view.setHostThreads(gui_thread, loop_thread)
        monitor.add_stall_listener(self._on_stall)
        self.meters.attachMonitor(monitor)

    def stop(self) -> None:
        self.meters.stop()  # the host stops its own monitor when it shuts down

    def _on_host_changed(self, _kind: object) -> None:
        host = None if self._session is None else self._session.host
        if host is not None:
            self.attach(host.monitor, threading.current_thread().name, host.thread_name)

    def _on_stall(self, sample: StallSample) -> None:  # on the stall watcher's thread
        note = self._note_stall
        if note is not None:
            note(sample)

    def export(self, kind: str, path: str) -> None:
        """Export the timeline to ``path``, checked first: a PNG at once; a trace by a worker
        thread (from the events the session holds). The status bar says where, or why not."""
        session = self._session
        problem = cannot_write(path)
        if problem is not None:
            if session is not None:
                session.notify(f"Export failed: {problem}")
            return
        if kind != "trace":
            self.catch_up()
            written = self.view.exportPng(path)
            if session is not None:
                session.notify(
                    f"Exported the timeline to {path}"
                    if written
                    else f"Export failed: could not save a PNG as {path}"
                )
            return
        if session is None:
            self.view.exportTrace(path)
            return
        store = session.replay.store
        job = TraceJob(store.events(), path, store.first, self)
        self._jobs.add(job)
        job.done.connect(session.notify)
        job.failed.connect(session.notify)
        job.done.connect(lambda _m: self._jobs.discard(job))
        job.failed.connect(lambda _m: self._jobs.discard(job))
        session.notify(f"Writing the trace to {path}…")
        job.start()

    def _ask_path(self, kind: str) -> None:
        # open(), not exec(): no nested event loop while the asyncio loop may be running.
        dialog = QFileDialog(self, "Export the timeline")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if kind == "trace":
            dialog.setNameFilter("Chrome trace JSON (*.json)")
            dialog.selectFile("asyncio-lab-trace.json")
        else:
            dialog.setNameFilter("PNG image (*.png)")
            dialog.selectFile("asyncio-lab-timeline.png")
        dialog.fileSelected.connect(lambda path: self.export(kind, path))
        self._dialog = dialog
        dialog.open()
