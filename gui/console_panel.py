"""An async console on the app's live loop: type Python with top-level await, see the result."""

from __future__ import annotations

import concurrent.futures
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from asyncio_lab.core.console import AsyncConsole, ConsoleReply
from asyncio_lab.core.console_tasks import ConsoleTasks
from asyncio_lab.core.events import LogLevel

if TYPE_CHECKING:
    from asyncio_lab.gui.session import LabSession

HINT = (
    "Python with top-level await, on the app's live loop (whichever host runs), as in "
    "python -m asyncio: a coroutine you call without await is shown, not run. "
    "Enter runs a complete entry; an unfinished block (def, for…) continues on the next line "
    "and an empty line ends it; Ctrl+Enter runs now; Up/Down walk the history. Tasks you "
    "create appear in the Tasks tab. Code typed here runs with your own permissions, like any "
    "Python you run: it can read, change and delete your files."
)


class ConsoleInput(QPlainTextEdit):
    """The entry box: Enter submits complete code, Up/Down recall earlier entries."""

    submitted = Signal(str)

    def __init__(self, is_complete: Callable[[str], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("consoleInput")
        self.setAccessibleName("Console input")
        self.setPlaceholderText("await asyncio.sleep(1, result='hello')")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setMaximumHeight(110)
        self._is_complete = is_complete
        self.history: list[str] = []
        self._position = 0

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = self.toPlainText()
            force = bool(mods & Qt.KeyboardModifier.ControlModifier)
            block_done = "\n" not in text or text.endswith("\n")
            if text.strip() and (force or (block_done and self._is_complete(text))):
                self._submit(text.rstrip())
                return
        if key == Qt.Key.Key_Up and self._on_edge(first=True) and self.history:
            self._recall(-1)
            return
        if key == Qt.Key.Key_Down and self._on_edge(first=False) and self.history:
            self._recall(+1)
            return
        super().keyPressEvent(event)

    def _submit(self, text: str) -> None:
        self.history.append(text)
        self._position = len(self.history)
        self.clear()
        self.submitted.emit(text)

    def _on_edge(self, *, first: bool) -> bool:
        block = self.textCursor().block()
        return block == (self.document().firstBlock() if first else self.document().lastBlock())

    def _recall(self, step: int) -> None:
        self._position = max(0, min(len(self.history), self._position + step))
        text = self.history[self._position] if self._position < len(self.history) else ""
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)


class ConsolePanel(QWidget):
    """Each entry runs as a task on the session's loop; its handle brings the reply back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consolePanel")
        self.console = AsyncConsole()
        self._session: LabSession | None = None
        self._numbers = itertools.count(1)
        self._replies: dict[str, ConsoleReply] = {}  # written by the entry, read once it ends
        self._running: list[str] = []
        self._last_prompt = ""
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        hint.setObjectName("consoleHint")
        self.running = QLabel(self)
        self.running.setObjectName("consoleRunning")
        self.running.setAccessibleName("Console entries running")
        self.output = QPlainTextEdit(self)
        self.output.setObjectName("consoleOutput")
        self.output.setAccessibleName("Console output")
        self.output.setReadOnly(True)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.input = ConsoleInput(self.console.is_complete, self)
        self.input.submitted.connect(self._on_submitted)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.running)
        layout.addWidget(self.input)
        self._show_running()

    def bind(self, session: LabSession) -> None:
        self._session = session
        # Compile warnings and the loop's errors about the console's tasks show here (and in
        # the log), as python -m asyncio prints them under its prompt; never on stderr.
        self.console.report = lambda line: session.tracker.log(line, LogLevel.WARNING)
        tasks = ConsoleTasks()
        session.eventsArrived.connect(lambda batch: self._show_errors(tasks.feed(batch)))

    def _show_errors(self, errors: list[str]) -> None:
        if errors:
            self.output.appendPlainText("\n".join(errors))

    def _on_submitted(self, source: str) -> None:
        name = f"console-{next(self._numbers)}"
        prompt = "\n".join(
            ("... " if i else ">>> ") + line for i, line in enumerate(source.splitlines())
        )
        self.output.appendPlainText(f"{prompt}    # runs as task {name}")
        self._last_prompt = name
        self._run(source, name)

    def _run(self, source: str, name: str) -> None:
        """Run the entry on the live loop as a task that ends as the code does (its value,
        or what it raised); what it printed and the traceback come back through ``keep``."""
        coro = self.console.entry(source, lambda reply: self._replies.__setitem__(name, reply))
        handle = None if self._session is None else self._session.submit(coro, name)
        if handle is None:
            coro.close()  # (closing it twice is harmless)
            self.show_reply(name, RuntimeError("no loop is running"))
            return
        self._running.append(name)
        self._show_running()
        handle.finished.connect(lambda _value: self.show_reply(name))
        handle.failed.connect(lambda error: self.show_reply(name, error))

    def _show_running(self) -> None:
        names = ", ".join(self._running)
        self.running.setText(f"⏳ running: {names}" if names else "Ready.")

    def show_reply(self, name: str, error: BaseException | None = None) -> None:
        if name in self._running:
            self._running.remove(name)
            self._show_running()
        reply = self._replies.pop(name, None)
        lines = []
        if reply is not None:
            if reply.output:
                lines.append(reply.output.rstrip("\n"))
            if reply.value is not None:
                lines.append(reply.value)
            if reply.note is not None:
                lines.append(reply.note)
            if reply.error is not None:
                lines.append(reply.error)
        elif isinstance(error, concurrent.futures.CancelledError):
            lines.append(f"# {name} was cancelled")
        elif error is not None:
            lines.append(f"# {name} ended: {type(error).__name__} {error}".rstrip())
        if not lines:
            lines.append(f"# {name} finished")
        elif name != self._last_prompt:  # another entry was typed since: say whose reply
            lines.insert(0, f"# {name}:")
        self.output.appendPlainText("\n".join(lines))
