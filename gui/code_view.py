"""A read-only Python listing: coloured by Pygments, numbered in a gutter, marking parked tasks.

The text of the listing is exactly the demo's source, so a learner can copy it; the line numbers
are painted in a gutter beside it (the pattern of Qt's "Code Editor" example).
"""

from __future__ import annotations

from bisect import bisect_right

from pygments.lexers import PythonLexer
from pygments.style import StyleMeta
from pygments.styles import get_style_by_name
from pygments.token import Token, _TokenType
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from asyncio_lab.core.events import TaskState
from asyncio_lab.gui.state_style import style_of
from asyncio_lab.gui.themed import is_dark, tint

LIGHT_STYLE = "default"  # Pygments' own colours, made for a light background
DARK_STYLE = "github-dark"  # made for a near-black background


def style_name_for(palette: QPalette) -> str:
    return DARK_STYLE if is_dark(palette) else LIGHT_STYLE


def error_tint(palette: QPalette) -> QColor:
    """The background of the line an error points at: the FAILED colour, faint on the base."""
    return tint(style_of(TaskState.FAILED).qcolor, palette)


def suspended_tint(palette: QPalette) -> QColor:
    """The background of a line where a task is parked: the SUSPENDED colour, faint on the base.

    Mixed into the palette's own base colour, so the line's text stays readable on light and dark
    palettes alike.
    """
    return tint(style_of(TaskState.SUSPENDED).qcolor, palette)


def _char_formats(style: StyleMeta) -> dict[_TokenType, QTextCharFormat]:
    """Each token type's Qt format in ``style``: colour, bold, italic, underline (no background:
    the palette's base stays the background, so the parked-line tint shows through)."""
    formats: dict[_TokenType, QTextCharFormat] = {}
    for token, spec in style:
        fmt = QTextCharFormat()
        if spec["color"]:
            fmt.setForeground(QColor("#" + spec["color"]))
        if spec["bold"]:
            fmt.setFontWeight(QFont.Weight.Bold)
        if spec["italic"]:
            fmt.setFontItalic(True)
        if spec["underline"]:
            fmt.setFontUnderline(True)
        formats[token] = fmt
    return formats


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours Python source with a Pygments lexer and style.

    Lexing line by line gets multi-line strings wrong, so the whole document is lexed once per
    change of its text and each block takes the slices of tokens that fall on it. A block's state
    is the token type its line break belongs to, so an edit that opens or closes a triple-quoted
    string makes Qt go on re-highlighting the blocks after it.
    """

    def __init__(self, document: QTextDocument, style_name: str = LIGHT_STYLE) -> None:
        super().__init__(document)
        self._lexer = PythonLexer()
        self._formats: dict[_TokenType, QTextCharFormat] = {}
        self._state_of: dict[_TokenType, int] = {}
        self._lexed: str | None = None
        self._line_starts: list[int] = []
        # per token run: start offset (in str indices of the whole text), end, token type
        self._run_starts: list[int] = []
        self._runs: list[tuple[int, int, _TokenType]] = []
        self.style_name = ""
        self.set_style(style_name)

    def set_style(self, style_name: str) -> None:
        if style_name == self.style_name:
            return
        self.style_name = style_name
        self._formats = _char_formats(get_style_by_name(style_name))
        self.rehighlight()

    def format_for(self, token: _TokenType) -> QTextCharFormat:
        while token not in self._formats and token.parent is not None:
            token = token.parent
        return self._formats.get(token, QTextCharFormat())

    def token_at(self, line: int, column: int) -> _TokenType:
        """The token type at ``column`` of 0-based ``line`` (for tests and tooltips)."""
        self._lex(self._document_text())
        if line >= len(self._line_starts):
            return Token.Text
        offset = self._line_starts[line] + column
        index = bisect_right(self._run_starts, offset) - 1
        if index < 0:
            return Token.Text
        start, end, token = self._runs[index]
        return token if start <= offset < end else Token.Text

    def _document_text(self) -> str:
        document = self.document()
        return document.toPlainText() if document is not None else ""

    def _lex(self, text: str) -> None:
        if text == self._lexed:
            return
        self._lexed = text
        self._runs = []
        # get_tokens_unprocessed works on the text as given, so its offsets are the text's own
        for start, token, value in self._lexer.get_tokens_unprocessed(text):
            if value:
                self._runs.append((start, start + len(value), token))
        self._run_starts = [start for start, _, _ in self._runs]
        self._line_starts = [0]
        for number, char in enumerate(text):
            if char == "\n":
                self._line_starts.append(number + 1)

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        self._lex(self._document_text())
        number = self.currentBlock().blockNumber()
        if number >= len(self._line_starts):
            return
        start = self._line_starts[number]
        end = start + len(text)
        # Qt counts positions in UTF-16 units; Python counts code points
        units = _utf16_offsets(text)
        index = max(bisect_right(self._run_starts, start) - 1, 0)
        while index < len(self._runs):
            run_start, run_end, token = self._runs[index]
            if run_start >= end:
                break
            lo, hi = max(run_start, start) - start, min(run_end, end) - start
            if hi > lo:
                self.setFormat(units[lo], units[hi] - units[lo], self.format_for(token))
            index += 1
        self.setCurrentBlockState(self._state(self._token_covering(end)))

    def _token_covering(self, offset: int) -> _TokenType:
        index = bisect_right(self._run_starts, offset) - 1
        if index >= 0 and offset < self._runs[index][1]:
            return self._runs[index][2]
        return Token.Text

    def _state(self, token: _TokenType) -> int:
        return self._state_of.setdefault(token, len(self._state_of))


def _utf16_offsets(text: str) -> list[int]:
    """UTF-16 offset of each code-point index of ``text`` (and of its end)."""
    if text.isascii() or all(ord(char) < 0x10000 for char in text):
        return list(range(len(text) + 1))
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) >= 0x10000 else 1))
    return offsets


class LineNumberArea(QWidget):
    """The gutter: paints the file line numbers of the listing beside it."""

    def __init__(self, view: CodeView) -> None:
        super().__init__(view)
        self.setObjectName("lineNumbers")
        self._view = view

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._view.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self._view.paint_gutter(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            line = self._view.line_at(event.pos().y())
            names = self._view.marked.get(line) if line is not None else None
            if names:
                QToolTip.showText(event.globalPos(), "suspended here: " + ", ".join(names), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


class CodeView(QPlainTextEdit):
    """Shows a lesson's program, editable; ``mark_lines`` tints the lines where tasks are
    suspended, ``mark_error`` the line an error points at."""

    GUTTER_PADDING = 6  # pixels either side of the numbers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_line = 1
        self.marked: dict[int, list[str]] = {}
        self.error_line: int | None = None
        self.gutter = LineNumberArea(self)
        self._highlighter = PygmentsHighlighter(self.document(), style_name_for(self.palette()))
        self.setObjectName("codeView")
        self.setAccessibleName("Demo code")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self._update_gutter_width()

    # -- content ----------------------------------------------------------------------------

    def show_source(self, source: str, first_line: int) -> None:
        """``first_line`` is the file line of the source's first line (tasks report file lines)."""
        self.first_line = first_line
        self.setPlainText(source)
        self.marked = {}
        self.error_line = None
        self.setExtraSelections([])
        self.setToolTip("")
        self._update_gutter_width()
        self.gutter.update()

    def mark_lines(self, parked: dict[int, list[str]]) -> None:
        """Tint each file line in ``parked`` (line → names of tasks suspended there)."""
        if parked == self.marked:
            return
        self.marked = dict(parked)
        selections = self._tint_marked()
        if selections and not self.hasFocus():  # bring the first place a task waits into view
            self.setTextCursor(selections[0].cursor)  # (never under the learner's typing)
            self.ensureCursorVisible()
        self.setToolTip(
            "\n".join(f"line {n}: {', '.join(v)}" for n, v in sorted(parked.items()))
            if parked
            else ""
        )

    def _tint_marked(self) -> list[QTextEdit.ExtraSelection]:
        tint = suspended_tint(self.palette())
        selections = []
        for line, names in sorted(self.marked.items()):
            block = self._block_of(line)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(tint)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.format.setToolTip("suspended here: " + ", ".join(names))
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        error = self._block_of(self.error_line) if self.error_line is not None else None
        if error is not None and error.isValid():
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(error_tint(self.palette()))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(error)
            selections.append(selection)
        self.setExtraSelections(selections)
        self.gutter.update()
        return selections

    def mark_error(self, line: int | None) -> None:
        """Tint the line an error points at (None: no error) and bring it into view."""
        self.error_line = line
        self._tint_marked()
        block = self._block_of(line) if line is not None else None
        if block is not None and block.isValid():
            self.setTextCursor(QTextCursor(block))
            self.ensureCursorVisible()

    def line_text(self, line: int) -> str:
        block = self._block_of(line)
        return block.text() if block.isValid() else ""

    def _block_of(self, line: int) -> QTextBlock:
        return self.document().findBlockByNumber(line - self.first_line)

    @property
    def style_name(self) -> str:
        """The Pygments style colouring the code (picked by the palette's lightness)."""
        return self._highlighter.style_name

    def token_at(self, line: int, column: int) -> _TokenType:
        """The Pygments token type at ``column`` (0-based) of file line ``line``."""
        return self._highlighter.token_at(line - self.first_line, column)

    # -- palette ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        kind = event.type()
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._highlighter.set_style(style_name_for(self.palette()))
            self._tint_marked()
        elif kind == QEvent.Type.FontChange:
            self._update_gutter_width()

    # -- gutter -----------------------------------------------------------------------------

    def gutter_width(self) -> int:
        last = self.first_line + max(self.blockCount(), 1) - 1
        digits = max(len(str(last)), 2)
        return self.fontMetrics().horizontalAdvance("9" * digits) + 2 * self.GUTTER_PADDING

    def line_at(self, y: int) -> int | None:
        """The file line drawn at height ``y`` of the viewport, if any."""
        block = self.cursorForPosition(QPoint(0, y)).block()
        return block.blockNumber() + self.first_line if block.isValid() else None

    def _update_gutter_width(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_gutter_width()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        area = self.contentsRect()
        self.gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        tint = suspended_tint(palette)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        loud = palette.color(QPalette.ColorRole.Text)
        plain_font = self.font()
        bold_font = QFont(plain_font)
        bold_font.setBold(True)
        width = self.gutter.width() - self.GUTTER_PADDING
        line_height = self.fontMetrics().height()
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        while block.isValid():
            top = round(self.blockBoundingGeometry(block).translated(offset).top())
            if top > event.rect().bottom():
                break
            height = round(self.blockBoundingRect(block).height())
            if block.isVisible() and top + height >= event.rect().top():
                line = block.blockNumber() + self.first_line
                parked = line in self.marked
                if parked:
                    painter.fillRect(0, top, self.gutter.width(), height, tint)
                painter.setFont(bold_font if parked else plain_font)
                painter.setPen(loud if parked else quiet)
                painter.drawText(0, top, width, line_height, Qt.AlignmentFlag.AlignRight, str(line))
            block = block.next()
        painter.end()
