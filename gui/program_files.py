"""File → Open program…: the learner's own asyncio program, as a lesson of theirs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from asyncio_lab.core.demo import from_file

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession


class ProgramOpener:
    """Asks for a ``.py`` file (opened, never exec'd: no nested event loop) and selects it."""

    def __init__(self, session: LabSession, parent: QWidget) -> None:
        self._session = session
        self._parent = parent
        self._dialog: QFileDialog | None = None

    def ask(self) -> None:
        dialog = QFileDialog(self._parent, "Open an asyncio program")
        dialog.setObjectName("openProgramDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter("Python program (*.py);;Any file (*)")
        dialog.fileSelected.connect(self.open)
        self._dialog = dialog
        dialog.open()

    def open(self, path: str) -> bool:
        """Select the program at ``path``; a file that cannot be read gets one line."""
        try:
            demo = from_file(Path(path))
        except ValueError as exc:
            self._session.statusMessage.emit(f"Not opened: {exc}", 10_000)
            return False
        self._session.demos.select(demo)
        return True
