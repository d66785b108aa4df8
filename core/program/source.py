"""A program's text: set its constants, compile it, and explain its errors in its own lines."""

from __future__ import annotations

import ast
import linecache
import math
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from types import CodeType
from typing import Any

_LINE_END = re.compile(r"(\r\n|\r|\n)")


@dataclass(frozen=True, slots=True)
class ProgramSource:
    """Exactly the text the learner reads (and may edit), and the file name it goes by."""

    text: str
    filename: str  # shown in tracebacks: "hello_world.py", or the path of the learner's script
    args: tuple[str, ...] = ()  # its command line: sys.argv[1:] while it runs

    def compile(self) -> CodeType:
        """Compile as a module; a SyntaxError names this program's file and line."""
        self._remember_lines()
        return compile(self.text, self.filename, "exec", dont_inherit=True)

    def _remember_lines(self) -> None:
        # Tracebacks and the lab's labels read lines through linecache: give it this text,
        # not whatever file of the same name may lie on disk (or none).
        lines = self.text.splitlines(keepends=True)
        linecache.cache[self.filename] = (len(self.text), None, lines, self.filename)

    def line(self, number: int) -> str:
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


def constant_name(param_name: str) -> str:
    """The module constant a lesson parameter sets: ``pause`` → ``PAUSE``."""
    return param_name.upper().replace("-", "_")


def set_constants(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with the top-level ``NAME = <literal>`` assignments set to ``values``.

    Only the literal changes; a comment after it stays. Every name must be assigned once at the
    top level, so a lesson cannot silently ignore a parameter.
    """
    tree = ast.parse(text)
    spans: dict[str, ast.expr] = {}
    for node in tree.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id in values and value is not None:
            if target.id in spans:
                raise ValueError(f"the program assigns the constant {target.id} more than once")
            spans[target.id] = value
    missing = sorted(set(values) - set(spans))
    if missing:
        raise ValueError(f"the program assigns no top-level constant {', '.join(missing)}")
    lines = _LINE_END.split(text)  # ast's lines: not split at form feeds or \u2028
    lines = [a + b for a, b in zip(lines[::2], [*lines[1::2], ""], strict=True)]
    for name, value in sorted(spans.items(), key=lambda kv: _start(kv[1]), reverse=True):
        lines = _replace(lines, value, _literal(values[name]))
    return "".join(lines)


def _start(node: ast.expr) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _replace(lines: list[str], node: ast.expr, new: str) -> list[str]:
    # ast offsets count UTF-8 bytes
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    head = lines[first].encode()[: node.col_offset].decode()
    tail = lines[last].encode()[node.end_col_offset :].decode()
    return [*lines[:first], head + new + tail, *lines[last + 1 :]]


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a lesson constant must be a finite number, not {value!r}")
        return repr(int(value)) + ".0" if value.is_integer() else repr(value)
    raise TypeError(f"a lesson constant must be a bool, number or string, not {value!r}")


def _string(value: str) -> str:
    """``repr``, but in double quotes where it can be, as the formatter writes strings: a
    program shown with its default values must be the file as checked in, formatted."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        text = f'"{text[1:-1]}"'
    return text


def describe_error(exc: BaseException, filename: str) -> str:
    """The error as the learner should read it: only the frames of their own program.

    A SyntaxError shows the line and the caret; any other error a traceback through the
    program's own lines (chained causes too), never through the lab's.
    """
    summary = traceback.TracebackException.from_exception(exc)
    _keep_program_frames(summary, filename, set())
    return "".join(summary.format()).rstrip()


def _keep_program_frames(
    summary: traceback.TracebackException, filename: str, seen: set[int]
) -> None:
    if id(summary) in seen:
        return
    seen.add(id(summary))
    mine = [frame for frame in summary.stack if frame.filename == filename]
    summary.stack = traceback.StackSummary.from_list(mine)
    for chained in (summary.__cause__, summary.__context__):
        if chained is not None:
            _keep_program_frames(chained, filename, seen)
    for grouped in getattr(summary, "exceptions", None) or ():  # an ExceptionGroup's
        _keep_program_frames(grouped, filename, seen)


def error_line(exc: BaseException, filename: str) -> int | None:
    """The program line an error points at (the innermost of the program's own frames)."""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line
