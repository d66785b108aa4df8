"""What the window remembers between runs: its size and place, its splitters, its tabs.

Kept with QSettings in the user's INI file for asyncio-lab (tests point QSettings at a
temporary folder). The first start, with nothing remembered, fits the screen: a 1366×768
laptop included.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget

FIRST_SIZE = QSize(1280, 700)
FRAME_ALLOWANCE = QSize(16, 64)  # title bar and borders the window manager adds, at most


def lab_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "asyncio-lab", "asyncio-lab"
    )


def first_size(window: QMainWindow) -> QSize:
    """FIRST_SIZE, made smaller if the screen's free area (less the frame) is smaller."""
    screen = window.screen()
    if screen is None:
        return FIRST_SIZE
    free = screen.availableGeometry().size() - FRAME_ALLOWANCE
    return FIRST_SIZE.boundedTo(free).expandedTo(window.minimumSizeHint())


class WindowMemory:
    """Restores what was saved last time (or fits the screen), and saves on close."""

    def __init__(
        self,
        window: QMainWindow,
        splitters: dict[str, QSplitter],
        tabs: dict[str, QTabWidget],
    ) -> None:
        self._window = window
        self._splitters = splitters
        self._tabs = tabs

    def restore(self) -> None:
        settings = lab_settings()
        geometry = settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self._window.restoreGeometry(geometry)):
            self._window.resize(first_size(self._window))
        for name, splitter in self._splitters.items():
            state = settings.value(f"splitters/{name}")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        for name, tabs in self._tabs.items():
            index = _int(settings.value(f"tabs/{name}"))
            if index is not None and 0 <= index < tabs.count():
                tabs.setCurrentIndex(index)

    def save(self) -> None:
        settings = lab_settings()
        settings.setValue("window/geometry", self._window.saveGeometry())
        for name, splitter in self._splitters.items():
            settings.setValue(f"splitters/{name}", splitter.saveState())
        for name, tabs in self._tabs.items():
            settings.setValue(f"tabs/{name}", tabs.currentIndex())
        settings.sync()


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
