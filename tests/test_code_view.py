"""The code listing, offscreen: exact source text, Pygments colours, a numbered gutter, tints."""

from __future__ import annotations

import pytest
from pygments.token import Comment, Keyword, String
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from asyncio_lab.core import catalogue
from asyncio_lab.gui.code_view import (
    DARK_STYLE,
    LIGHT_STYLE,
    CodeView,
    suspended_tint,
)

pytestmark = pytest.mark.gui

SOURCE = '''async def main(ctx):
    note = "# not a comment"  # a comment
    doc = """first line
    # still inside the string
    last line"""
    await ctx.sleep(1)
'''
FIRST_LINE = 40  # the file line SOURCE starts at


def _dark(palette: QPalette) -> QPalette:
    dark = QPalette(palette)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    return dark


@pytest.fixture
def view(qtbot):
    widget = CodeView()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show_source(SOURCE, FIRST_LINE)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_text_is_exactly_the_source_and_the_numbers_sit_in_a_gutter(view):
    assert view.toPlainText() == SOURCE
    assert view.line_text(FIRST_LINE) == "async def main(ctx):"
    assert view.line_text(FIRST_LINE + 5) == "    await ctx.sleep(1)"
    assert view.gutter.isVisible() and view.gutter.width() == view.gutter_width() > 0
    assert view.viewportMargins().left() == view.gutter.width()
    assert view.line_at(view.cursorRect(view.textCursor()).center().y()) == FIRST_LINE


def _colour_at(view, line: int, column: int) -> str:
    """The colour the highlighter gave the character at ``column`` of file line ``line``."""
    block = view.document().findBlockByNumber(line - FIRST_LINE)
    for fmt in block.layout().formats():
        if fmt.start <= column < fmt.start + fmt.length:
            return fmt.format.foreground().color().name()
    return "unformatted"


def test_a_hash_inside_a_string_is_string_and_after_it_is_a_comment(view):
    line = FIRST_LINE + 1
    text = view.line_text(line)
    assert view.token_at(line, text.index("# not")) in String
    assert view.token_at(line, text.index("# a comment")) in Comment
    quote, hash_in_string = text.index('"'), text.index("# not")
    assert _colour_at(view, line, hash_in_string) == _colour_at(view, line, quote)
    assert _colour_at(view, line, text.index("# a comment")) != _colour_at(view, line, quote)


def test_a_triple_quoted_string_is_string_on_every_line_it_spans(view):
    for offset, inside in ((2, "first line"), (3, "# still"), (4, "last line")):
        line = FIRST_LINE + offset
        column = view.line_text(line).index(inside)
        assert view.token_at(line, column) in String, inside
        assert _colour_at(view, line, column) == _colour_at(view, FIRST_LINE + 2, 10), inside
    assert view.token_at(FIRST_LINE + 5, 4) in Keyword  # `await`, after the string closed


def test_marked_lines_are_tinted_with_their_file_line_numbers(view):
    view.mark_lines({FIRST_LINE + 5: ["job-A"]})
    (selection,) = view.extraSelections()
    assert selection.cursor.block().text() == "    await ctx.sleep(1)"
    assert selection.format.background().color() == suspended_tint(view.palette())
    assert "job-A" in view.toolTip() and f"line {FIRST_LINE + 5}" in view.toolTip()


def test_the_style_and_tint_follow_the_palette(view):
    view.mark_lines({FIRST_LINE: ["job-A"]})
    light = view.palette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    view.setPalette(light)
    assert view.style_name == LIGHT_STYLE
    (selection,) = view.extraSelections()
    light_tint = selection.format.background().color()
    view.setPalette(_dark(light))
    assert view.style_name == DARK_STYLE
    (selection,) = view.extraSelections()
    dark_tint = selection.format.background().color()
    assert dark_tint.lightness() < 128 < light_tint.lightness()
    # the dark style's ordinary text is light, so it reads on the dark base and on the tint
    block = view.document().findBlockByNumber(0)
    text_colours = [r.format.foreground().color() for r in block.layout().formats()]
    assert text_colours and all(c.lightness() > dark_tint.lightness() for c in text_colours)


def test_every_demo_shows_its_source_unchanged(qtbot):
    widget = CodeView()
    qtbot.addWidget(widget)
    for demo in catalogue.all_demos():
        widget.show_source(demo.source, 1)
        assert widget.toPlainText() == demo.source, demo.id


def test_the_gutter_names_the_tasks_parked_on_a_line(view):
    view.mark_lines({FIRST_LINE + 5: ["job-A", "job-B"]})
    gutter = view.gutter
    view.ensureCursorVisible()
    line_cursor = QTextCursor(view.document().findBlockByNumber(5))
    y = view.cursorRect(line_cursor).center().y()
    assert view.line_at(y) == FIRST_LINE + 5
    QApplication.sendEvent(
        gutter, QHelpEvent(QEvent.Type.ToolTip, QPoint(4, y), gutter.mapToGlobal(QPoint(4, y)))
    )
    assert QToolTip.text() == "suspended here: job-A, job-B"
    QToolTip.hideText()
