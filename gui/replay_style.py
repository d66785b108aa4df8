"""How "you are looking at the past" looks: one light/dark colour pair and the cursor line."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

PAST_LIGHT = "#fff3cd"  # the banner's background on a light palette
PAST_DARK = "#5c4700"  # … and on a dark one
PAST_ACCENT = "#e65100"  # the cursor line, readable on both


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def past_background(palette: QPalette) -> QColor:
    return QColor(PAST_DARK if is_dark(palette) else PAST_LIGHT)


def past_text(palette: QPalette) -> QColor:
    return QColor("#fff3cd" if is_dark(palette) else "#5c3a00")


def paint_cursor(p: QPainter, x: float, width: int, height: int, palette: QPalette) -> None:
    """The replay cursor: a line at ``x``, and what came after it veiled."""
    if x < width:
        veil = QColor(palette.color(QPalette.ColorRole.Window))
        veil.setAlpha(150)
        p.fillRect(QRectF(max(x, 0.0), 0, width - max(x, 0.0), height), veil)
    if 0 <= x <= width:
        p.setPen(QPen(QColor(PAST_ACCENT), 2))
        p.drawLine(QPointF(x, 0), QPointF(x, height))
