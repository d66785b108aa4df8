"""A live timeline: one lane per thread, a bar per task, a job per to_thread call, hand-off arrows.

A plain QWidget with its own paintEvent: only the spans inside the visible time window are asked
for (the core :class:`Timeline` answers by bisection) and spans thinner than a pixel collapse, so
thousands of tasks repaint in milliseconds. Wheel zooms around the cursor, dragging pans,
hovering explains a bar, clicking one emits ``taskClicked(task_id)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QToolTip, QWidget

from asyncio_lab.core.events import LabEvent, LogLevel, TaskState
from asyncio_lab.core.timeline import (
    Arrow,
    JobBar,
    LaneBox,
    Marker,
    Span,
    Timeline,
    axis_ticks,
    describe_span,
    stack_lanes,
)
from asyncio_lab.core.trace_export import write_timeline_trace
from asyncio_lab.gui.state_style import (
    ERROR_COLOUR,
    HANDOFF_COLOUR,
    JOB_STYLE,
    WARNING_COLOUR,
    style_of,
)

HEADER_W, AXIS_H = 170, 22
MIN_PX_PER_S, MAX_PX_PER_S = 0.5, 5_000_000.0
LIVE_REPAINT_MS = 33  # follow-live repaints at ~30 Hz while something is open
_clamp_zoom = lambda px_per_s: min(MAX_PX_PER_S, max(MIN_PX_PER_S, px_per_s))  # noqa: E731
Lanes = dict[str, LaneBox]  # in drawing order
_LEGEND = (
    ("#607d8b", 255, "step"),  # bars take their state's colour: solid while a step runs,
    ("#607d8b", 80, "await"),  # pale while suspended at an await
    (JOB_STYLE.colour, 255, "job"),
    (WARNING_COLOUR, 255, "warn"),
)


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
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_REPAINT_MS)
        self._live_timer.timeout.connect(self._on_live_tick)

    # Feeding -----------------------------------------------------------------------------------
    @Slot(list)
    def addEvents(self, events: list[LabEvent]) -> None:  # noqa: N802
        """Fold a batch in. While paused the data still grows; only the picture holds still."""
        self.timeline.add(events)
        if self._paused_at is None:
            if self._follow:
                self._scroll_to_now()
                if not self._live_timer.isActive():
                    self._live_timer.start()
            self.update()

    @Slot()
    def clear(self) -> None:
        self.timeline.clear()
        self._t0, self._selected = 0.0, None
        if self._paused_at is not None:
            self._paused_at = 0.0
        self.update()

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

    # Lanes -------------------------------------------------------------------------------------
    def setLaneTitle(self, thread: str, title: str) -> None:  # noqa: N802
        self._titles[thread] = title
        self.update()

    def setHostThreads(self, gui_thread: str, loop_thread: str) -> None:  # noqa: N802
        """Name and pin the host's lanes first; with the integrated host they are one lane."""
        if gui_thread == loop_thread:
            self._titles[gui_thread] = f"{gui_thread}\nGUI + asyncio loop"
            self._pinned = [gui_thread]
        else:
            self._titles[gui_thread] = f"{gui_thread}\nGUI thread"
            self._titles[loop_thread] = f"{loop_thread}\nasyncio loop"
            self._pinned = [gui_thread, loop_thread]
        self.update()

    def lane_order(self) -> list[str]:
        names = list(self.timeline.lanes)
        pinned = [n for n in self._pinned if n in self.timeline.lanes]
        return pinned + [n for n in names if n not in pinned]

    def _layout(self) -> Lanes:
        """Each lane's box, top to bottom, sharing the widget's height."""
        rows = [(n, len(self.timeline.lanes[n].rows)) for n in self.lane_order()]
        return stack_lanes(rows, AXIS_H, self.height())

    # Time <-> pixels ---------------------------------------------------------------------------
    def visibleRange(self) -> tuple[float, float]:  # noqa: N802
        return self._t0, self._t0 + max(1, self.width() - HEADER_W) / self._px_per_s

    def setVisibleRange(self, t0: float, t1: float) -> None:  # noqa: N802
        if t1 <= t0:
            raise ValueError("t1 must be after t0")
        self._px_per_s = _clamp_zoom(max(1, self.width() - HEADER_W) / (t1 - t0))
        self._t0 = t0
        self.update()

    def fitAll(self) -> None:  # noqa: N802
        self.setVisibleRange(0.0, max(self.now(), 1e-3) * 1.02)

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
        p.fillRect(self.rect(), QColor("#fafafa"))
        lanes = self._layout()
        t0, t1 = self.visibleRange()
        now = self.now()
        shown = min(t1, now)
        p.setClipRect(QRectF(HEADER_W, 0, self.width() - HEADER_W, self.height()))
        self._paint_axis(p, t0, t1)
        for i, (name, box) in enumerate(lanes.items()):
            shade = QColor("#eef1f5" if i % 2 else "#fff")
            p.fillRect(QRectF(0, box.top, self.width(), box.height), shade)
            self._paint_spans(p, box, name, t0, shown, now)
        self._paint_arrows(p, lanes, t0, shown)
        self._paint_markers(p, lanes, t0, shown)
        if t0 <= now <= t1:
            p.setPen(QPen(QColor("#90a4ae"), 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(self._x(now), AXIS_H), QPointF(self._x(now), self.height()))
        p.setClipping(False)
        self._paint_headers(p, lanes)
        if self._paused_at is not None:
            p.setPen(QColor("#b71c1c"))
            banner = QRectF(HEADER_W, 2, self.width() - HEADER_W - 8, AXIS_H)
            p.drawText(banner, Qt.AlignmentFlag.AlignRight, "⏸ paused (the loop runs on)")
        p.end()

    def _paint_axis(self, p: QPainter, t0: float, t1: float) -> None:
        p.setPen(QColor("#607d8b"))
        for t, label in axis_ticks(t0, t1, 80 / self._px_per_s):
            x = self._x(t)
            p.drawLine(QPointF(x, AXIS_H - 5), QPointF(x, AXIS_H))
            p.drawText(QPointF(x + 2, AXIS_H - 7), label)

    def _paint_spans(
        self, p: QPainter, box: LaneBox, lane: str, t0: float, t1: float, now: float
    ) -> None:
        h = max(1.0, box.row_h - 1)
        last_px: dict[int, int] = {}
        labelled: dict[int, float] = {}  # where each row's last label ends: labels never overlap
        p.setPen(Qt.PenStyle.NoPen)
        for span in self.timeline.visible(lane, t0, t1):
            if span.start > now:
                continue
            end = now if span.end is None or span.end > now else span.end
            x0, x1 = self._x(max(span.start, t0)), self._x(min(end, t1))
            if int(x1) <= last_px.get(span.row, -1):
                continue  # this pixel column of this row is painted already
            last_px[span.row] = int(x1)
            y = box.row_y(span.row)
            if isinstance(span, JobBar):
                p.fillRect(QRectF(x0, y, max(1.0, x1 - x0), h), JOB_STYLE.qcolor)
                text = f"{JOB_STYLE.glyph} {span.what}()"
                self._label(p, labelled, span.row, x0, x1, y, h, text, "#fff")
                continue
            final = span.end is not None and span.end <= now
            if x1 - x0 < 3:
                colour = style_of(span.state if final else TaskState.RUNNING).qcolor
                p.fillRect(QRectF(x0, y, max(1.0, x1 - x0), h), colour)
                continue
            for seg in span.segments:
                seg_end = now if seg.end is None or seg.end > now else seg.end
                sx0, sx1 = self._x(max(seg.start, t0)), self._x(min(seg_end, t1))
                if sx1 < sx0:
                    continue
                if seg.state is TaskState.PENDING:
                    pending = style_of(TaskState.PENDING).qcolor
                    p.fillRect(QRectF(sx0, y + h / 2 - 1, max(1.0, sx1 - sx0), 2), pending)
                    continue
                colour = QColor(style_of(span.state if final else seg.state).colour)
                if seg.state is TaskState.SUSPENDED:
                    colour.setAlpha(80)  # suspended: the task lives, its thread is free
                p.fillRect(QRectF(sx0, y, max(1.0, sx1 - sx0), h), colour)
            if span.task_id == self._selected:
                p.setPen(QPen(QColor("#000"), 1.5))
                p.drawRect(QRectF(x0, y, x1 - x0, h))
                p.setPen(Qt.PenStyle.NoPen)
            text = f"{style_of(span.state).glyph if final else ''} {span.label}".strip()
            self._label(p, labelled, span.row, x0, x1, y, h, text, "#212121")

    def _label(self, p: QPainter, labelled: dict[int, float], row: int, x0: float, x1: float,
               y: float, h: float, text: str, colour: str) -> None:  # fmt: skip
        if h < 10 or x1 - x0 <= 40 or x0 < labelled.get(row, -math.inf):
            return  # too small, or it would overlap the row's last label
        labelled[row] = x1
        left = max(x0, HEADER_W) + 3
        p.setPen(QColor(colour))
        p.drawText(QRectF(left, y, x1 - left - 1, h), Qt.AlignmentFlag.AlignVCenter, text)
        p.setPen(Qt.PenStyle.NoPen)

    def _paint_arrows(self, p: QPainter, lanes: Lanes, t0: float, t1: float) -> None:
        arrows = self.timeline.arrows_between(t0, t1)
        if len(arrows) > 2000:  # too dense to read: every n-th tells the story
            arrows = arrows[:: len(arrows) // 2000 + 1]
        colour = QColor(HANDOFF_COLOUR)
        p.setBrush(colour)
        for arrow in arrows:
            if arrow.source == arrow.target:
                continue  # the integrated host hands work to its own thread: nothing crosses
            ys, yt = self._arrow_ends(arrow, lanes)
            x = self._x(arrow.t)
            back = arrow.what.startswith("return")
            p.setPen(QPen(colour, 1.2, Qt.PenStyle.DashLine if back else Qt.PenStyle.SolidLine))
            p.drawLine(QPointF(x, ys), QPointF(x, yt))
            d = 6 if yt > ys else -6
            p.setPen(Qt.PenStyle.NoPen)
            p.drawPolygon(
                QPolygonF([QPointF(x, yt), QPointF(x - 4, yt - d), QPointF(x + 4, yt - d)])
            )

    def _arrow_ends(self, arrow: Arrow, lanes: Lanes) -> tuple[float, float]:
        """From the row of the task or job that sends to the row of the one that receives."""
        ends = {name: lanes[name].centre for name in (arrow.source, arrow.target)}
        bar = self.timeline.bars.get(arrow.task_id) if arrow.task_id is not None else None
        for span in (bar, self.timeline.job_for(arrow)):
            if span is not None and span.lane in ends:
                box = lanes[span.lane]
                ends[span.lane] = box.row_y(span.row) + box.row_h / 2
        return ends[arrow.source], ends[arrow.target]

    def _paint_markers(self, p: QPainter, lanes: Lanes, t0: float, t1: float) -> None:
        p.setPen(QPen(QColor("#fff"), 1))
        for m in self.timeline.markers_between(t0, t1):
            x, y = self._x(m.t), lanes[m.lane].top
            p.setBrush(QColor(WARNING_COLOUR if m.level is LogLevel.WARNING else ERROR_COLOUR))
            p.drawPolygon(QPolygonF([QPointF(x, y + 11), QPointF(x - 7, y), QPointF(x + 7, y)]))

    def _paint_headers(self, p: QPainter, lanes: Lanes) -> None:
        p.fillRect(QRectF(0, 0, HEADER_W, self.height()), QColor("#eceff1"))
        x = 6.0  # the legend, in the corner above the lane titles
        for colour, alpha, word in _LEGEND:
            swatch = QColor(colour)
            swatch.setAlpha(alpha)
            p.fillRect(QRectF(x, 7, 9, 9), swatch)
            p.setPen(QColor("#455a64"))
            p.drawText(QPointF(x + 11, 16), word)
            x += 12 + p.fontMetrics().horizontalAdvance(word) + 1
        p.setPen(QColor("#263238"))
        for name, box in lanes.items():
            lane = self.timeline.lanes[name]
            title, _, role = (self._titles.get(name) or name).partition("\n")
            if not role and any(isinstance(r.spans[0], JobBar) for r in lane.rows if r.spans):
                role = "worker thread"
            text = f"{title}  ({lane.count})" + (f"\n{role}" if role else "")
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            p.drawText(QRectF(6, box.top, HEADER_W - 10, box.height), flags, text)
        p.setPen(QColor("#b0bec5"))
        p.drawLine(QPointF(HEADER_W, 0), QPointF(HEADER_W, self.height()))

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
        lines = describe_span(span, self.now())
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
        span = self.spanAt(pos)
        marker = self.markerAt(pos) if span is None else None
        text = self.describe(span) if span else marker.message if marker else ""
        QToolTip.showText(event.globalPosition().toPoint(), text, self)  # "" hides it

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
