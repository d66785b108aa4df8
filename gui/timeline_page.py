"""The Timeline tab: responsiveness meters over thread lanes, with follow/pause/fit and export."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QToolBar, QVBoxLayout, QWidget

from asyncio_lab.core.event_store import EventStore
from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.lag_probe import StallSample
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.core.moment import Moment
from asyncio_lab.core.trace_export import cannot_write
from asyncio_lab.gui.meters import ResponsivenessMeters
from asyncio_lab.gui.timeline_view import TimelineView

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
        layout.addWidget(self.view, 1)
        self._dialog: QFileDialog | None = None

    def bind(self, session: LabSession) -> None:
        self._session = session
        self.view.setClock(session.tracker.now)
        self._note_stall = session.mistakes.note_stall
        session.eventsArrived.connect(self._on_events_arrived)
        session.replay.momentChanged.connect(self._on_moment)
        session.replay.sourceChanged.connect(self._on_source_changed)
        session.hostChanged.connect(self._on_host_changed)
        session.closing.connect(self.stop)
        self.view.taskClicked.connect(session.focus_task)
        if session.host is not None:
            self._on_host_changed(session.kind)

    def _on_events_arrived(self, events: list[LabEvent]) -> None:
        if self._session is None or self._session.replay.recording is None:
            self.view.addEvents(events)  # while a recording is shown, the live run is not

    def _on_moment(self, moment: Moment | None) -> None:
        self.view.setCursorTime(None if moment is None else moment.t)

    def _on_source_changed(self, store: EventStore) -> None:
        """A recording opened (or closed): draw its events (or the session's) afresh."""
        session = self._session
        live = session is not None and store is session.replay.live_store
        self.view.clear()
        if session is not None:
            self.view.setClock(session.tracker.now if live else None)
        self.view.addEvents(list(store.events()))

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
        """Write the trace or the PNG to ``path``; the status bar says where, or why not."""
        problem = cannot_write(path)
        if problem is None:
            try:
                if kind == "trace":
                    self.view.exportTrace(path)
                elif not self.view.exportPng(path):
                    problem = f"could not save a PNG as {path}"
            except OSError as exc:
                problem = f"cannot write {path}: {exc.strerror or exc}"
        if self._session is not None:
            said = f"Export failed: {problem}" if problem else f"Exported the timeline to {path}"
            self._session.notify(said)

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
