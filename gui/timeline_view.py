"""A live timeline: one lane per thread, a bar per task, a job per to_thread call, hand-off arrows.

A plain QWidget with its own paintEvent: only the spans inside the visible time window are asked
for (the core :class:`Timeline` answers by bisection) and spans thinner than a pixel collapse, so
thousands of tasks repaint in milliseconds. Wheel zooms around the cursor, dragging pans,
hovering explains a bar, clicking one emits ``taskClicked(task_id)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QMouseEvent, QPainter, QPaintEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import QToolTip, QWidget

from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.timeline import JobBar, Marker, Span, Timeline
from asyncio_lab.core.timeline_words import describe_span
from asyncio_lab.core.trace_export import write_timeline_trace
from asyncio_lab.gui.replay_style import paint_cursor
from asyncio_lab.gui.state_style import JOB_STYLE, style_of
from asyncio_lab.gui.timeline_paint import (
    AXIS_H,
    HEADER_W,
    LEGEND_TIP,
    Lanes,
    TimelinePainter,
    lane_title,
    lanes_height,
    stack_lanes,
)

MIN_PX_PER_S, MAX_PX_PER_S = 0.5, 5_000_000.0
LIVE_REPAINT_MS = 33  # follow-live repaints at ~30 Hz while something is open


def _clamp_zoom(px_per_s: float) -> float:
    return min(MAX_PX_PER_S, max(MIN_PX_PER_S, px_per_s))


class TimelineView(QWidget):
    """Draws a :class:`Timeline`. Feed it the bridge's batches with :meth:`addEvents`."""

    taskClicked = Signal(int)
    followLiveChanged = Signal(bool)
    pausedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, timeline: Timeline | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setMouseTracking(True)
        self.setMinimumSize(400, 160)
        self.timeline = timeline or Timeline()
        self._t0 = 0.0
        self._px_per_s = 400.0
        self._follow = True
        self._paused_at: float | None = None
        self._clock: Callable[[], float] | None = None
        self._titles: dict[str, str] = {}
        self._pinned: list[str] = []
        self._selected: int | None = None
        self._press: QPointF | None = None
        self._press_t0 = 0.0
        self._dragged = False
        self._cursor_t: float | None = None  # replay: the moment looked at
        self._note: str | None = None  # said over the picture (catching up after a storm)
        self._hover: QPointF | None = None  # where the pointer rests, to re-explain on scroll
        self._rows_shape: list[tuple[str, int]] = []
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_REPAINT_MS)
        self._live_timer.timeout.connect(self._on_live_tick)
        # Ready-made toolbar actions, kept in step with the view however it changes.
        self.followAction = QAction("Follow live", self, checkable=True, checked=True)
        self.followAction.toggled.connect(self.setFollowLive)
        self.followLiveChanged.connect(self.followAction.setChecked)
        self.pauseAction = QAction("Pause view", self, checkable=True)
        self.pauseAction.setToolTip("Freeze the picture; the loop and the event log run on")
        self.pauseAction.toggled.connect(self.setPaused)
        self.pausedChanged.connect(self.pauseAction.setChecked)
        self.fitAction = QAction("Fit last run", self)
        self.fitAction.setToolTip("Show the latest run whole, from when its first task started")
        self.fitAction.triggered.connect(self.fitLastRun)
        self.fitAllAction = QAction("Fit all", self)
        self.fitAllAction.setToolTip("Show everything the timeline holds, from the start")
        self.fitAllAction.triggered.connect(self.fitAll)
        self.clearAction = QAction("Clear finished", self)
        self.clearAction.setToolTip(
            "Forget the bars of tasks and jobs that have ended (earlier runs); live ones stay.\n"
            "The recording keeps everything: the replay bar still goes back to them."
        )
        self.clearAction.triggered.connect(self.clearFinished)

    # Feeding -----------------------------------------------------------------------------------
    @Slot(object)
    def addEvents(self, events: list[LabEvent]) -> None:  # noqa: N802
        """Fold a batch in. While paused the data still grows; only the picture holds still."""
        self.timeline.add(events)
        self._fit_height()
        if self._paused_at is None:
            if self._follow and self._live_timer.isActive():
                return  # the live tick repaints at its own pace, however many batches come
            if self._follow:
                self._scroll_to_now()
                self._live_timer.start()
            self.update()

    @Slot()
    def clear(self) -> None:
        self.timeline.clear()
        self._t0, self._selected = 0.0, None
        if self._paused_at is not None:
            self._paused_at = 0.0
        self._fit_height()
        self.update()

    @Slot()
    def clearFinished(self) -> None:  # noqa: N802
        """Drop earlier runs from the picture: what has ended goes, what lives stays, and the
        host's own lanes keep their place."""
        self.timeline.forget_finished(self.now())
        for name in self._pinned:
            self.timeline.lane(name)
        if self._selected not in self.timeline.bars:
            self._selected = None
        self._fit_height()
        if self._follow:
            self._scroll_to_now()
        self.update()

    def _fit_height(self) -> None:
        """Grow (or shrink back) so that every lane has room for a one-line title; in the
        Timeline tab a scroll bar then reaches the lanes below."""
        shape = [(name, len(self.timeline.lanes[name].rows)) for name in self.lane_order()]
        if shape == self._rows_shape:
            return
        self._rows_shape = shape
        line = self.fontMetrics().height() + 4
        self.setMinimumHeight(max(160, int(AXIS_H + lanes_height(shape, floor=line)) + 2))

    def setClock(self, clock: Callable[[], float] | None) -> None:  # noqa: N802
        """The time base of the events (``tracker.now``), so 'now' moves while nothing happens."""
        self._clock = clock

    # Following and pausing ---------------------------------------------------------------------
    def followLive(self) -> bool:  # noqa: N802
        return self._follow

    @Slot(bool)
    def setFollowLive(self, follow: bool) -> None:  # noqa: N802
        if follow == self._follow:
            return
        self._follow = follow
        if follow:
            self._scroll_to_now()
            self._live_timer.start()
        else:
            self._live_timer.stop()
        self.followLiveChanged.emit(follow)
        self.update()

    def isPaused(self) -> bool:  # noqa: N802
        return self._paused_at is not None

    @Slot(bool)
    def setPaused(self, paused: bool) -> None:  # noqa: N802
        """Freeze the picture (not the loop): events keep accumulating and show on resume."""
        if paused == self.isPaused():
            return
        self._paused_at = self.now() if paused else None
        if not paused and self._follow:
            self._scroll_to_now()
        self.pausedChanged.emit(paused)
        self.update()

    def now(self) -> float:
        """The newest time the view shows: frozen while paused."""
        if self._paused_at is not None:
            return self._paused_at
        clock_now = self._clock() if self._clock is not None else 0.0
        return max(self.timeline.end_time, clock_now)

    def _on_live_tick(self) -> None:
        if self._paused_at is not None or not self._follow:
            return
        if self._clock is None or not (self.timeline.live_tasks or self.timeline.open_jobs()):
            self._live_timer.stop()  # nothing is growing: the next batch restarts the timer
        self._scroll_to_now()
        self.update()
        if self._hover is not None and self.underMouse():
            self._explain(self._hover)  # the bars moved under a still pointer

    # Lanes -------------------------------------------------------------------------------------
    def setHostThreads(self, gui_thread: str, loop_thread: str) -> None:  # noqa: N802
        """Name and pin the host's lanes first; with the integrated host they are one lane."""
        if gui_thread == loop_thread:
            self._titles[gui_thread] = f"{gui_thread}\nGUI + asyncio loop"
            self._pinned = [gui_thread]
        else:
            self._titles[gui_thread] = f"{gui_thread}\nGUI thread"
            self._titles[loop_thread] = f"{loop_thread}\nasyncio loop"
            self._pinned = [gui_thread, loop_thread]
        self._fit_height()
        self.update()

    def lane_order(self) -> list[str]:
        names = list(self.timeline.lanes)
        pinned = [n for n in self._pinned if n in self.timeline.lanes]
        return pinned + [n for n in names if n not in pinned]

    def _layout(self) -> Lanes:
        """Each lane's box, top to bottom, sharing the widget's height."""
        rows = [(n, len(self.timeline.lanes[n].rows)) for n in self.lane_order()]
        line = self.fontMetrics().height()
        return stack_lanes(rows, AXIS_H, self.height(), min_lane=2 * line + 6, min_line=line + 4)

    # Time <-> pixels ---------------------------------------------------------------------------
    def visibleRange(self) -> tuple[float, float]:  # noqa: N802
        return self._t0, self._t0 + max(1, self.width() - HEADER_W) / self._px_per_s

    def setVisibleRange(self, t0: float, t1: float) -> None:  # noqa: N802
        if t1 <= t0:
            raise ValueError("t1 must be after t0")
        self._px_per_s = _clamp_zoom(max(1, self.width() - HEADER_W) / (t1 - t0))
        self._t0 = t0
        self.update()

    @Slot()
    def fitAll(self) -> None:  # noqa: N802
        """Show everything from the start (and stop following, which would scroll away)."""
        self.setFollowLive(False)
        self.setVisibleRange(0.0, max(self.now(), 1e-3) * 1.02)

    @Slot()
    def fitLastRun(self) -> None:  # noqa: N802
        """Show the latest run whole: from when work last began with nothing else live (or a
        program's run began) to now; and stop following."""
        self.setFollowLive(False)
        start, end = self.timeline.run_start, self.now()
        margin = max(end - start, 1e-3) * 0.02
        self.setVisibleRange(max(-margin, start - margin), max(end, start + 1e-3) + margin)

    def zoomBy(self, factor: float, anchor_x: float | None = None) -> None:  # noqa: N802
        if anchor_x is None or self._follow:
            anchor_x = float(self.width())
        anchor_t = self._t_at(anchor_x)
        self._px_per_s = _clamp_zoom(self._px_per_s * factor)
        self._t0 = anchor_t - (anchor_x - HEADER_W) / self._px_per_s
        if self._follow:
            self._scroll_to_now()
        self.update()

    def _x(self, t: float) -> float:
        return HEADER_W + (t - self._t0) * self._px_per_s

    def _t_at(self, x: float) -> float:
        return self._t0 + (x - HEADER_W) / self._px_per_s

    def _scroll_to_now(self) -> None:
        t0, t1 = self.visibleRange()
        self._t0 = max(0.0, self.now() - (t1 - t0) * 0.95)

    # Painting ----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        t0, t1 = self.visibleRange()
        scene = TimelinePainter(
            self.timeline, self._layout(), self._t0, t1, self._px_per_s, self.now(),
            self.width(), self.height(), self._titles, self._selected, self.isPaused(),
            palette=self.palette(),
        )  # fmt: skip
        scene.paint(p)
        self._describe_density(scene.dense_tasks)
        if self._cursor_t is not None:
            paint_cursor(p, self._x(self._cursor_t), self.width(), self.height(), self.palette())
        if self._note:
            p.setPen(self.palette().color(QPalette.ColorRole.ToolTipText))
            box = QRectF(0, 0, self.width(), self.height())
            wide = p.fontMetrics().horizontalAdvance(self._note) + 16
            note = QRectF((self.width() - wide) / 2, self.height() / 2 - 12, wide, 24)
            p.fillRect(note, self.palette().color(QPalette.ColorRole.ToolTipBase))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, self._note)
        p.end()

    def note(self) -> str | None:
        return self._note

    def setNote(self, text: str | None) -> None:  # noqa: N802
        """Say something over the picture (None: nothing)."""
        self._note = text
        self.update()

    def _describe_density(self, dense: int) -> None:
        """What the picture's density note says, for screen readers (and tests): empty when
        every bar is drawn."""
        text = f"{dense:,} tasks too dense for bars: drawn as density · zoom in" if dense else ""
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    # Replay ------------------------------------------------------------------------------------
    def cursorTime(self) -> float | None:  # noqa: N802
        return self._cursor_t

    def setCursorTime(self, t: float | None) -> None:  # noqa: N802
        """Mark the moment replay looks at (and bring it into view), or remove the mark."""
        self._cursor_t = t
        if t is not None:
            self.setFollowLive(False)
            t0, t1 = self.visibleRange()
            if not t0 <= t <= t1:
                self._t0 = max(-1.0, t - (t1 - t0) / 2)
        elif not self._follow:
            self.setFollowLive(True)
        self.update()

    # Reading the picture -----------------------------------------------------------------------
    def spanAt(self, pos: QPointF) -> Span | None:  # noqa: N802
        """The task or job bar under a point, if any."""
        if pos.x() < HEADER_W:
            return None
        t, slack = self._t_at(pos.x()), 3 / self._px_per_s
        for name, box in self._layout().items():
            if box.top <= pos.y() < box.top + box.height:
                row = int((pos.y() - box.row_y(0)) // box.row_h)
                spans = self.timeline.visible(name, t - slack, t + slack)
                hits = [s for s in spans if s.row == row and s.start <= self.now()]
                return hits[-1] if hits else None
        return None

    def markerAt(self, pos: QPointF) -> Marker | None:  # noqa: N802
        """The warning triangle under a point, if any."""
        lanes, t, slack = self._layout(), self._t_at(pos.x()), 7 / self._px_per_s
        hits = self.timeline.markers_between(t - slack, t + slack)
        return next((m for m in hits if 0 <= pos.y() - lanes[m.lane].top <= 11), None)

    def describe(self, span: Span) -> str:
        """The tooltip text for a bar."""
        owner = None
        if isinstance(span, JobBar) and span.task_id is not None:
            bar = self.timeline.bars.get(span.task_id)
            owner = bar.label if bar is not None else None
        lines = describe_span(span, self.now(), owner)
        style = JOB_STYLE if isinstance(span, JobBar) else style_of(span.state)
        return "\n".join([f"{style.glyph} {lines[0]}", *lines[1:], f"({style.tip})"])

    # Mouse -------------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoomBy(1.25**steps, event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._press_t0, self._dragged = event.position(), self._t0, False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        if self._press is not None:
            dx = pos.x() - self._press.x()
            if abs(dx) > 3 or self._dragged:
                if not self._dragged:
                    self.setFollowLive(False)
                self._dragged = True
                self._t0 = max(-1.0, self._press_t0 - dx / self._px_per_s)
                self.update()
            return
        self._hover = pos
        self._explain(pos)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        self._hover = None
        super().leaveEvent(event)

    def tooltipAt(self, pos: QPointF) -> str:  # noqa: N802
        """What hovering at ``pos`` explains: a bar, a warning, a lane's title or the legend."""
        if pos.x() < HEADER_W:
            if pos.y() < AXIS_H:
                return LEGEND_TIP
            for name, box in self._layout().items():
                if box.top <= pos.y() < box.top + box.height:
                    title, role = lane_title(self.timeline, self._titles, name)
                    return f"{title}\n{role}" if role else title
            return ""
        span = self.spanAt(pos)
        if span is not None:
            return self.describe(span)
        marker = self.markerAt(pos)
        return marker.message if marker is not None else ""

    def _explain(self, pos: QPointF) -> None:
        text = self.tooltipAt(pos)  # "" hides the tooltip
        QToolTip.showText(self.mapToGlobal(pos.toPoint()), text, self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None and not self._dragged:
            span = self.spanAt(event.position())
            task_id = span.task_id if span is not None else None
            if task_id is not None:
                self._selected = task_id
                self.update()
                self.taskClicked.emit(task_id)
        self._press = None

    # Export ------------------------------------------------------------------------------------
    def exportPng(self, path: str) -> bool:  # noqa: N802
        """Save what the view shows now as a PNG; False if it could not be written."""
        return bool(self.grab().save(path, "PNG"))

    def exportTrace(self, path: str) -> None:  # noqa: N802
        """Write everything the timeline holds as Chrome trace-event JSON (open in Perfetto)."""
        write_timeline_trace(self.timeline, path)
