"""A read-only Python listing: highlighted, with line numbers, marking where tasks are parked."""

from __future__ import annotations

import keyword
import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

SUSPENDED_LINE = QColor("#fff3c4")


def _format(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


_RULES: list[tuple[re.Pattern[str], QTextCharFormat]] = [
    (re.compile(r"\b(" + "|".join(keyword.kwlist) + r")\b"), _format("#0033b3", bold=True)),
    (re.compile(r"\b(asyncio|ctx|self)\b"), _format("#7a3e9d")),
    (re.compile(r"\b\d+(\.\d+)?\b"), _format("#1750eb")),
    (re.compile(r"@\w+"), _format("#9e880d")),
    (re.compile(r"(?:[rbfu]{0,2})(\"\"\".*?\"\"\"|\"[^\"\n]*\"|'[^'\n]*')"), _format("#067d17")),
    (re.compile(r"#[^\n]*"), _format("#8c8c8c", italic=True)),
]


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, names that matter here, numbers, strings, comments: enough to read by."""

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        for pattern, fmt in _RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)


class CodeView(QPlainTextEdit):
    """Shows a demo's real source; ``mark_lines`` tints the lines where tasks are suspended."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeView")
        self.setAccessibleName("Demo code")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self._highlighter = PythonHighlighter(self.document())
        self.first_line = 1
        self.marked: dict[int, list[str]] = {}

    def show_source(self, source: str, first_line: int) -> None:
        """``first_line`` is the file line of the source's first line (tasks report file lines)."""
        self.first_line = first_line
        width = len(str(first_line + source.count("\n")))
        numbered = "\n".join(
            f"{first_line + i:>{width}}  {line}" for i, line in enumerate(source.splitlines())
        )
        self.setPlainText(numbered)
        self.marked = {}
        self.setExtraSelections([])

    def mark_lines(self, parked: dict[int, list[str]]) -> None:
        """Tint each file line in ``parked`` (line → names of tasks suspended there)."""
        if parked == self.marked:
            return
        self.marked = dict(parked)
        selections = []
        document: QTextDocument = self.document()
        for line, names in sorted(parked.items()):
            block = document.findBlockByLineNumber(line - self.first_line)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(SUSPENDED_LINE)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.format.setToolTip("suspended here: " + ", ".join(names))
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.setExtraSelections(selections)
        if selections:  # bring the first place a task waits into view
            self.setTextCursor(selections[0].cursor)
            self.ensureCursorVisible()
        self.setToolTip(
            "\n".join(f"line {n}: {', '.join(v)}" for n, v in sorted(parked.items()))
            if parked
            else ""
        )

    def line_text(self, line: int) -> str:
        block = self.document().findBlockByLineNumber(line - self.first_line)
        return block.text() if block.isValid() else ""
