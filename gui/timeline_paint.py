"""How the timeline looks: lanes, bars, jobs, arrows, warnings, axis and legend, on a QPainter.

Split from :mod:`asyncio_lab.gui.timeline_view` (which owns state, input and hit-testing): a
:class:`TimelinePainter` is made for one paint, from the view's numbers, and draws only the
spans inside the visible window, collapsing those thinner than a pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF

from asyncio_lab.core.events import HandoffKind, LogLevel, TaskState
from asyncio_lab.core.timeline import Arrow, JobBar, Timeline
from asyncio_lab.core.timeline_words import axis_ticks
from asyncio_lab.gui.state_style import (
    BAR_COLOUR,
    ERROR_COLOUR,
    HANDOFF_COLOUR,
    JOB_STYLE,
    JOB_TEXT,
    WARNING_COLOUR,
    style_of,
)
from asyncio_lab.gui.themed import pick


@dataclass(frozen=True, slots=True)
class LaneBox:
    """Where a lane sits in a view: its top, its height, and its rows of ``row_h`` each."""

    top: float
    height: float
    rows: int
    row_h: float
    pad: float

    @property
    def centre(self) -> float:
        return self.top + self.height / 2

    def row_y(self, row: int) -> float:
        return (
            self.top + max(self.pad, (self.height - self.rows * self.row_h) / 2) + row * self.row_h
        )


def lanes_height(
    rows: list[tuple[str, int]],
    row_h: float = 3.0,
    floor: float = 18.0,
    *,
    pad: float = 3.0,
    gap: float = 4.0,
) -> float:
    """How tall lanes of ``(name, rows)`` stack with rows of ``row_h`` and lanes at least
    ``floor`` tall; by default the least a view needs to give every lane a one-line title."""
    return sum(max(floor, max(1, r) * row_h + 2 * pad) + gap for _, r in rows)


def stack_lanes(
    rows: list[tuple[str, int]],
    top: float,
    bottom: float,
    *,
    pad: float = 3.0,
    gap: float = 4.0,
    min_lane: float = 34.0,
    min_line: float = 18.0,
    row_h_range: tuple[float, float] = (3.0, 20.0),
) -> dict[str, LaneBox]:
    """Stack lanes of ``(name, rows)`` from ``top`` down, sharing the height up to ``bottom``.

    Lanes are at least ``min_lane`` tall (room for a two-line title) when everything fits that
    way, else at least ``min_line`` (one line); rows share what is left, as tall as they can
    be within ``row_h_range``. Below :func:`lanes_height` the lanes run past ``bottom``.
    """
    lo, hi = row_h_range
    room = bottom - top
    floor = min_line
    if lanes_height(rows, lo, min_lane, pad=pad, gap=gap) <= room:
        floor = min_lane
    row_h = lo
    if lanes_height(rows, hi, floor, pad=pad, gap=gap) <= room:
        row_h = hi
    elif lanes_height(rows, lo, floor, pad=pad, gap=gap) <= room:
        for _ in range(24):  # the tallest rows that still fit, to a fraction of a pixel
            mid = (lo + hi) / 2
            lo, hi = (
                (mid, hi) if lanes_height(rows, mid, floor, pad=pad, gap=gap) <= room else (lo, mid)
            )
        row_h = lo
    out, y = {}, top
    for name, r in rows:
        height = max(floor, max(1, r) * row_h + 2 * pad)
        out[name] = LaneBox(y, height, max(1, r), row_h, pad)
        y += height + gap
    return out


DENSE_PER_PX = 0.5  # a row with more visible bars than this per pixel is drawn as a density
DENSITY_BUCKETS = 120
HEADER_W, AXIS_H = 170, 36  # the lane titles' column and the time axis' row, in pixels
Lanes = dict[str, LaneBox]  # in drawing order
# The legend, two rows in the corner above the lane titles. First how a bar is drawn: solid
# while a step runs, pale while the task is suspended at an await; then its colours.
_LEGEND_SHAPES = (
    (BAR_COLOUR, 255, "step"),
    (BAR_COLOUR, 80, "await"),
    (JOB_STYLE.colour, 255, "job"),
    (WARNING_COLOUR, 255, "warn"),
)
_LEGEND_COLOURS = (
    (style_of(TaskState.RUNNING).colour, 255, "live"),
    (style_of(TaskState.DONE).colour, 255, "done"),
    (style_of(TaskState.CANCELLED).colour, 255, "cancel"),
    (style_of(TaskState.FAILED).colour, 255, "fail"),
)
LEGEND_TIP = (
    "How to read a bar:\n"
    "  solid: a step of the task runs on that thread\n"
    "  pale: the task is suspended at an await (its thread is free)\n"
    "  thin grey line: created, its first step has not run yet\n"
    "While a task lives its steps are blue and its awaits amber.\n"
    "When it ends, its whole bar takes the outcome's colour:\n"
    "  green: returned   purple: cancelled   red: raised\n"
    "Teal: a to_thread / run_in_executor job on a worker thread, named after its task.\n"
    "Orange or red triangle: a warning or an error; hover it for the fix.\n"
    "Arrows: work handed from one thread to another (dashed: a result coming back)."
)


def lane_title(timeline: Timeline, titles: dict[str, str], name: str) -> tuple[str, str]:
    """A lane's title (thread name and how many bars it holds) and its role, if known."""
    lane = timeline.lanes[name]
    title, _, role = (titles.get(name) or name).partition("\n")
    if not role and any(isinstance(r.spans[0], JobBar) for r in lane.rows if r.spans):
        role = "worker thread"
    return f"{title}  ({lane.count})", role


@dataclass(slots=True)
class TimelinePainter:
    """One picture of a timeline: what is visible, where, and how it looks."""

    timeline: Timeline
    lanes: Lanes
    t0: float
    t1: float
    px_per_s: float
    now: float
    width: int
    height: int
    titles: dict[str, str]
    selected: int | None
    paused: bool
    dense_tasks: int = 0  # tasks drawn as density in this picture (said on screen)
    palette: QPalette = field(default_factory=QPalette)  # the widget's: light or dark

    def _role(self, which: QPalette.ColorRole) -> QColor:
        return self.palette.color(which)

    def x(self, t: float) -> float:
        return HEADER_W + (t - self.t0) * self.px_per_s

    def paint(self, p: QPainter) -> None:
        p.fillRect(QRectF(0, 0, self.width, self.height), self._role(QPalette.ColorRole.Base))
        lanes, t0, t1, now = self.lanes, self.t0, self.t1, self.now
        shown = min(t1, now)
        p.setClipRect(QRectF(HEADER_W, 0, self.width - HEADER_W, self.height))
        self._paint_axis(p, t0, t1)
        for i, (name, box) in enumerate(lanes.items()):
            shade = self._role(
                QPalette.ColorRole.AlternateBase if i % 2 else QPalette.ColorRole.Base
            )
            p.fillRect(QRectF(0, box.top, self.width, box.height), shade)
            self._paint_spans(p, box, name, t0, shown, now)
        self._paint_arrows(p, lanes, t0, shown)
        self._paint_markers(p, lanes, t0, shown)
        if t0 <= now <= t1:
            p.setPen(QPen(self._role(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(self.x(now), AXIS_H), QPointF(self.x(now), self.height))
        p.setClipping(False)
        self._paint_headers(p, lanes)
        if self.dense_tasks:
            p.setPen(self._role(QPalette.ColorRole.ToolTipText))
            text = f"{self.dense_tasks:,} tasks too dense for bars: drawn as density · zoom in"
            wide = p.fontMetrics().horizontalAdvance(text) + 12
            note = QRectF(self.width - wide - 4, self.height - AXIS_H, wide, AXIS_H - 3)
            p.fillRect(note, self._role(QPalette.ColorRole.ToolTipBase))  # below the lanes
            p.drawText(note, Qt.AlignmentFlag.AlignCenter, text)
        if self.paused:
            p.setPen(QColor(ERROR_COLOUR))
            banner = QRectF(HEADER_W, 2, self.width - HEADER_W - 8, AXIS_H)
            p.drawText(banner, Qt.AlignmentFlag.AlignRight, "⏸ paused (the loop runs on)")

    def _paint_axis(self, p: QPainter, t0: float, t1: float) -> None:
        p.setPen(self._role(QPalette.ColorRole.Text))
        for t, label in axis_ticks(t0, t1, 80 / self.px_per_s):
            x = self.x(t)
            if x < HEADER_W:
                continue  # its label would show cut in half beside the legend
            p.drawLine(QPointF(x, AXIS_H - 5), QPointF(x, AXIS_H))
            p.drawText(QPointF(x + 2, AXIS_H - 7), label)

    def _paint_spans(
        self, p: QPainter, box: LaneBox, lane: str, t0: float, t1: float, now: float
    ) -> None:
        h = max(1.0, box.row_h - 1)
        last_px: dict[int, int] = {}
        labelled: dict[int, float] = {}  # where each row's last label ends: labels never overlap
        p.setPen(Qt.PenStyle.NoPen)
        rows = self.timeline.lanes[lane].rows
        pixels = max(1.0, (t1 - t0) * self.px_per_s)
        dense = {i for i, r in enumerate(rows) if r.count_between(t0, t1) > pixels * DENSE_PER_PX}
        for i in sorted(dense):
            self._paint_density(p, box, i, rows[i].density(t0, t1, DENSITY_BUCKETS), t0, t1)
        for span in self.timeline.visible(lane, t0, t1, skip_rows=dense):
            if span.start > now:
                continue
            end = now if span.end is None or span.end > now else span.end
            x0, x1 = self.x(max(span.start, t0)), self.x(min(end, t1))
            if int(x1) <= last_px.get(span.row, -1):
                continue  # this pixel column of this row is painted already
            last_px[span.row] = int(x1)
            y = box.row_y(span.row)
            if isinstance(span, JobBar):
                p.fillRect(QRectF(x0, y, max(1.0, x1 - x0), h), JOB_STYLE.qcolor)
                owner = self.timeline.bars.get(span.task_id) if span.task_id is not None else None
                text = f"{JOB_STYLE.glyph} {span.what}()" + (f" for {owner.label}" if owner else "")
                self._label(p, labelled, span.row, x0, x1, y, h, text, JOB_TEXT)
                continue
            final = span.end is not None and span.end <= now
            if x1 - x0 < 3:
                colour = style_of(span.state if final else TaskState.RUNNING).qcolor
                p.fillRect(QRectF(x0, y, max(1.0, x1 - x0), h), colour)
                continue
            for seg in span.segments:
                seg_end = now if seg.end is None or seg.end > now else seg.end
                sx0, sx1 = self.x(max(seg.start, t0)), self.x(min(seg_end, t1))
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
            if span.task_id == self.selected:
                p.setPen(QPen(self._role(QPalette.ColorRole.Text), 1.5))
                p.drawRect(QRectF(x0, y, x1 - x0, h))
                p.setPen(Qt.PenStyle.NoPen)
            text = f"{style_of(span.state).glyph if final else ''} {span.label}".strip()
            self._label(
                p,
                labelled,
                span.row,
                x0,
                x1,
                y,
                h,
                text,
                self._role(QPalette.ColorRole.Text).name(),
            )  # pale bars show the base

    def _paint_density(
        self, p: QPainter, box: LaneBox, row: int, counts: list[int], t0: float, t1: float
    ) -> None:
        """A row with more bars than pixels: each slice's shade says how many tasks started
        there, and the row says it is drawn as a density."""
        y, h = box.row_y(row), max(1.0, box.row_h - 1)
        width = (t1 - t0) * self.px_per_s / len(counts)
        peak = max(counts) or 1
        for i, n in enumerate(counts):
            if n:
                colour = QColor(style_of(TaskState.DONE).colour)
                colour.setAlpha(60 + int(195 * n / peak))
                p.fillRect(QRectF(self.x(t0) + i * width, y, width + 0.5, h), colour)
        self.dense_tasks += sum(counts)

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
        colour = pick((HANDOFF_COLOUR, self._role(QPalette.ColorRole.Text).name()), self.palette)
        p.setBrush(colour)
        for arrow in arrows:
            if arrow.source == arrow.target:
                continue  # the integrated host hands work to its own thread: nothing crosses
            ys, yt = self._arrow_ends(arrow, lanes)
            x = self.x(arrow.t)
            back = arrow.kind is HandoffKind.JOB_RETURN
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
        p.setPen(QPen(self._role(QPalette.ColorRole.Base), 1))
        for m in self.timeline.markers_between(t0, t1):
            x, y = self.x(m.t), lanes[m.lane].top
            p.setBrush(QColor(WARNING_COLOUR if m.level is LogLevel.WARNING else ERROR_COLOUR))
            p.drawPolygon(QPolygonF([QPointF(x, y + 11), QPointF(x - 7, y), QPointF(x + 7, y)]))

    def _paint_headers(self, p: QPainter, lanes: Lanes) -> None:
        p.fillRect(QRectF(0, 0, HEADER_W, self.height), self._role(QPalette.ColorRole.Window))
        for y, entries in ((4.0, _LEGEND_SHAPES), (19.0, _LEGEND_COLOURS)):
            x = 6.0  # the legend, in the corner above the lane titles
            for colour, alpha, word in entries:
                swatch = QColor(colour)
                swatch.setAlpha(alpha)
                p.fillRect(QRectF(x, y + 2, 9, 9), swatch)
                p.setPen(self._role(QPalette.ColorRole.WindowText))
                p.drawText(QPointF(x + 11, y + 11), word)
                x += 14 + p.fontMetrics().horizontalAdvance(word)
        p.setPen(self._role(QPalette.ColorRole.WindowText))
        metrics, width = p.fontMetrics(), HEADER_W - 10
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        for name, box in lanes.items():
            title, role = lane_title(self.timeline, self.titles, name)
            if box.height >= 2 * metrics.height():
                lines = [title, role] if role else [title]
            else:  # a crowded lane: one line, with its role in a word if that fits
                line = f"{title} · {role.removesuffix(' thread')}" if role else title
                lines = [line if metrics.horizontalAdvance(line) <= width else title]
            text = "\n".join(
                metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines
            )
            p.drawText(QRectF(6, box.top, width, box.height), flags, text)
        p.setPen(self._role(QPalette.ColorRole.Mid))
        p.drawLine(QPointF(HEADER_W, 0), QPointF(HEADER_W, self.height))
