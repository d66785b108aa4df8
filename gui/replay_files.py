"""File → Save recording… / Open recording…: the run as JSON lines, and back into every view."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from asyncio_lab.core import catalogue
from asyncio_lab.core.recording import RecordingError, read_recording, write_recording

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession

MESSAGE_MS = 10_000
FILTER = "asyncio-lab recording (*.jsonl);;Any file (*)"


class RecordingFiles:
    """Dialogs are opened with ``open()``, never ``exec()``: no nested event loop."""

    def __init__(self, session: LabSession, parent: QWidget) -> None:
        self._session = session
        self._parent = parent
        self._dialog: QFileDialog | None = None

    def ask_save(self) -> None:
        dialog = QFileDialog(self._parent, "Save the run as a recording")
        dialog.setObjectName("saveRecordingDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(FILTER)
        dialog.setDefaultSuffix("jsonl")
        dialog.selectFile("asyncio-lab-run.jsonl")
        dialog.fileSelected.connect(self.save_to)
        self._dialog = dialog
        dialog.open()

    def ask_open(self) -> None:
        dialog = QFileDialog(self._parent, "Open a recording")
        dialog.setObjectName("openRecordingDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(FILTER)
        dialog.fileSelected.connect(self.open_path)
        self._dialog = dialog
        dialog.open()

    def save_to(self, path: str) -> bool:
        """Write the events shown (the session's, or the open recording's) to ``path``."""
        session = self._session
        store = session.replay.store
        selected = session.demos.selected
        program = selected.id if selected is not None else None
        host = session.kind.value if session.kind is not None else None
        try:
            write_recording(path, store.events(), program, host)
        except OSError as exc:
            session.notify(f"Recording not saved: {exc.strerror or exc}", MESSAGE_MS)
            return False
        note = f" (the oldest {store.first:,} events had been dropped)" if store.first else ""
        session.notify(f"Saved {len(store):,} events to {Path(path).name}{note}", MESSAGE_MS)
        return True

    def open_path(self, path: str) -> bool:
        """Replay the recording at ``path`` in every view; a bad file gets one status line."""
        session = self._session
        try:
            recording = read_recording(path)
        except RecordingError as exc:
            session.notify(f"Not opened: {exc}", MESSAGE_MS)
            return False
        name = Path(path).name
        if recording.program is not None:
            # Show its lesson's code, so the tinted lines mean something.
            with contextlib.suppress(ValueError):
                session.demos.select(catalogue.get(recording.program))
        session.replay.open_recording(recording, name)
        session.notify(
            f"Opened {name}: {len(recording.events):,} events, replayed without running "
            "anything. Live goes back to the session.",
            MESSAGE_MS,
        )
        return True
