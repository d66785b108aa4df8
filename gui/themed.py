"""Colours that follow the desktop's theme: from the palette, or a light/dark pair.

A state's colour (state_style) is the accent; what sits behind text is that accent mixed
faintly into the palette's own base, so text stays readable on light and dark themes alike.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

# How much accent goes into a tinted background: less on dark, where a strong tint glares.
_TINT_LIGHT, _TINT_DARK = 0.3, 0.2
ERROR_TEXT = ("#c62828", "#ef9a9a")  # (on a light palette, on a dark one)


def is_dark(palette: QPalette) -> bool:
    """A dark palette is one whose text background is darker than mid grey."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def pick(pair: tuple[str, str], palette: QPalette) -> QColor:
    """The light or the dark colour of ``pair``, for ``palette``."""
    return QColor(pair[1] if is_dark(palette) else pair[0])


def tint(accent: QColor, palette: QPalette, *, light: float = _TINT_LIGHT) -> QColor:
    """``accent`` mixed faintly into the palette's base: a background text stays readable on."""
    base = palette.color(QPalette.ColorRole.Base)
    mix = _TINT_DARK if is_dark(palette) else light
    return QColor(
        round(accent.red() * mix + base.red() * (1 - mix)),
        round(accent.green() * mix + base.green() * (1 - mix)),
        round(accent.blue() * mix + base.blue() * (1 - mix)),
    )


def role(palette: QPalette, which: QPalette.ColorRole) -> QColor:
    return palette.color(which)


def show_as_error(label: QWidget) -> None:
    """Make ``label``'s text the error colour of its palette (light or dark)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, pick(ERROR_TEXT, palette))
    label.setPalette(palette)
