"""Responsiveness meters: is the GUI thread painting, is the loop on time? Numbers + sparklines.

Two measures, side by side, so the difference between the hosts is visible:

* **GUI frame gap**: a QTimer on the GUI thread asks to fire every 16 ms; the time between two
  firings is how long the GUI thread could not paint or take a click.
* **Loop lag**: read from the host's :class:`~asyncio_lab.core.loop_monitor.LoopMonitor` (the
  host probes its loop, on whichever thread it runs it): how late a timer callback runs.

With the integrated host a blocking step raises both (the loop *is* the GUI thread); with the
threaded host only the loop lag rises and the window stays live.
"""

from __future__ import annotations

import collections
import time

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from asyncio_lab.core.events import TaskState
from asyncio_lab.core.limits import BLOCK_THRESHOLD, LAG_INTERVAL
from asyncio_lab.core.loop_monitor import LoopMonitor
from asyncio_lab.gui.state_style import ERROR_COLOUR, style_of
from asyncio_lab.gui.themed import tint

FRAME_INTERVAL_MS = 16
REFRESH_MS = 100  # how often the meters redraw
PEAK_WINDOW = 2.0  # seconds a peak stays on show (and keeps the meter highlighted)
_OK_COLOUR = style_of(TaskState.DONE).colour


class FrameGapProbe(QObject):
    """Measures the gaps between firings of a 16 ms timer on the thread that owns it."""

    def __init__(
        self,
        interval_ms: int = FRAME_INTERVAL_MS,
        history: int = 300,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.samples: collections.deque[tuple[float, float]] = collections.deque(maxlen=history)
        self._last: float | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timeout)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._last = None

    def _on_timeout(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.samples.append((now, now - self._last))
        self._last = now

    def current_gap(self) -> float:
        """The last gap, or the one still growing if the timer is overdue right now."""
        last_sample = self.samples[-1][1] if self.samples else 0.0
        pending = time.perf_counter() - self._last if self._last is not None else 0.0
        return max(last_sample, pending)


class Sparkline(QWidget):
    """A small line chart of recent values with the threshold as a dashed line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(120, 34)
        self._values: list[float] = []
        self._threshold = BLOCK_THRESHOLD

    def setValues(self, values: list[float]) -> None:  # noqa: N802
        self._values = values
        self.update()

    def setThreshold(self, threshold: float) -> None:  # noqa: N802
        self._threshold = threshold
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        top = max([self._threshold * 1.5, *self._values])

        def y_of(v: float) -> float:
            return h - 2 - (h - 4) * min(v, top) / top

        p.setPen(QPen(QColor(ERROR_COLOUR), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(0, y_of(self._threshold)), QPointF(w, y_of(self._threshold)))
        values = self._values[-w:]
        if len(values) >= 2:
            step = w / (len(values) - 1)
            line = QPolygonF([QPointF(i * step, y_of(v)) for i, v in enumerate(values)])
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 1.2))
            p.drawPolyline(line)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(ERROR_COLOUR))
            for i, v in enumerate(values):
                if v > self._threshold:
                    p.drawEllipse(QRectF(i * step - 2, y_of(v) - 2, 4, 4))
        p.end()


class Meter(QFrame):
    """A title, a live number (now / peak) and a sparkline; highlighted above the threshold."""

    def __init__(
        self,
        title: str,
        tip: str,
        threshold: float = BLOCK_THRESHOLD,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        self.threshold = threshold
        self.exceeded = False
        self.title = QLabel(f"<b>{title}</b>", self)
        self.number = QLabel("–", self)
        self.number.setObjectName("meterNumber")
        self.number.setAccessibleName(f"{title} value")
        self.sparkline = Sparkline(self)
        self.sparkline.setThreshold(threshold)
        self.detail = QLabel("", self)  # what the meter knows about the last spike
        self.detail.setObjectName("meterDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addStretch(1)
        row.addWidget(self.number)
        layout.addLayout(row)
        layout.addWidget(self.sparkline)
        layout.addWidget(self.detail)

    def setThreshold(self, seconds: float) -> None:  # noqa: N802
        self.threshold = seconds
        self.sparkline.setThreshold(seconds)

    def show_values(self, history: list[float], current: float, peak: float) -> None:
        """``history`` for the sparkline, ``current`` and recent ``peak`` (seconds) as text."""
        self.sparkline.setValues(history)
        colour = ERROR_COLOUR if peak > self.threshold else _OK_COLOUR
        self.number.setText(
            f"<span style='color:{colour}'><b>{current * 1000:.0f} ms</b></span>"
            f" · peak {peak * 1000:.0f} ms"
        )
        exceeded = peak > self.threshold
        if exceeded != self.exceeded:
            self.exceeded = exceeded
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self.exceeded:  # a faint red behind the meter, mixed into this palette's base
            p = QPainter(self)
            p.fillRect(self.rect(), tint(QColor(ERROR_COLOUR), self.palette(), light=0.12))
            p.end()
        super().paintEvent(event)


class ResponsivenessMeters(QWidget):
    """The two meters. Call :meth:`attachMonitor` with each host's monitor as the host starts.

    The frame gap is measured here (it is about this thread); the loop lag only read from the
    monitor the host owns, which probes the loop and watches it for stalls.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        threshold: float = BLOCK_THRESHOLD,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("responsivenessMeters")
        self.frame_probe = FrameGapProbe(parent=self)
        self.monitor: LoopMonitor | None = None
        self.frameMeter = Meter(
            "GUI frame gap",
            f"Time between two firings of a {FRAME_INTERVAL_MS} ms timer on the GUI thread: how "
            "long the window could not repaint or react. High only when the GUI thread is "
            "blocked.",
            threshold,
            self,
        )
        self.lagMeter = Meter("Loop lag", _lag_tip(LAG_INTERVAL), threshold, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frameMeter)
        layout.addWidget(self.lagMeter)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)
        self.frame_probe.start()
        self._refresh.start()

    def attachMonitor(self, monitor: LoopMonitor) -> None:  # noqa: N802
        """Show the lag ``monitor`` measures (a new host's); replaces the previous one."""
        self.monitor = monitor
        self.lagMeter.setThreshold(monitor.threshold)
        self.lagMeter.setToolTip(_lag_tip(monitor.probe.interval))

    def stop(self) -> None:
        """Stop the frame probe and the refresh (call before the window closes)."""
        self._refresh.stop()
        self.frame_probe.stop()

    @Slot()
    def refresh(self) -> None:
        since = time.perf_counter() - PEAK_WINDOW
        frames = list(self.frame_probe.samples)
        gap = self.frame_probe.current_gap()
        self.frameMeter.show_values(
            [g for _, g in frames], gap, max([gap, *(g for at, g in frames if at >= since)])
        )
        monitor = self.monitor
        if monitor is None:
            self.lagMeter.show_values([], 0.0, 0.0)
            return
        probe = monitor.probe
        lag = probe.current_lag() if probe.running else 0.0
        self.lagMeter.show_values(probe.values(), lag, max(lag, probe.worst_since(since)))
        stall = monitor.last_stall
        if stall is not None and stall[0] >= since and stall[1].line is not None:
            sample = stall[1]
            self.lagMeter.detail.setText(f"stuck in {sample.task_name!r} at line {sample.line}")
            self.lagMeter.detail.setToolTip(sample.code)
        else:
            self.lagMeter.detail.setText("")


def _lag_tip(interval: float) -> str:
    return (
        f"How late the asyncio loop runs a timer that is due every {interval * 1000:.0f} ms: "
        "how long the loop was busy with one step. High when a task blocks the loop."
    )
