"""Python with top-level ``await``, run as a task on the live loop (like python -m asyncio)."""

from __future__ import annotations

import ast
import asyncio
import codeop
import inspect
import threading
import traceback
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


@dataclass(frozen=True, slots=True)
class ConsoleReply:
    """What one entry printed and produced; ``error`` is a formatted traceback or None."""

    source: str
    output: str
    value: str | None
    error: str | None


class AsyncConsole:
    """Keeps one namespace across entries. ``is_complete`` decides whether to ask for more
    lines; ``run`` executes an entry on the running loop and never raises (except when the
    task itself is cancelled)."""

    def __init__(
        self,
        namespace: dict[str, Any] | None = None,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.report = report  # also told each warning compiling an entry gives (for the log)
        self.namespace: dict[str, Any] = {
            "__name__": "__console__",
            "asyncio": asyncio,
            "threading": threading,
        }
        self.namespace.update(namespace or {})
        self._compiler = codeop.CommandCompiler()
        self._compiler.compiler.flags |= _FLAGS

    def is_complete(self, source: str) -> bool:
        """False while ``source`` is an unfinished block (a def, a loop…); True otherwise,
        including when it is a syntax error (running it then reports the error)."""
        try:
            return self._compiler(source, "<console>", "single") is not None
        except (SyntaxError, ValueError, OverflowError):
            return True

    async def run(self, source: str) -> ConsoleReply:
        printed: list[str] = []

        def console_print(*args: Any, sep: str = " ", end: str = "\n", **_: Any) -> None:
            printed.append(sep.join(str(a) for a in args) + end)

        self.namespace["print"] = console_print
        value: str | None = None
        try:
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("default")  # as python -m asyncio shows them: once
                body, last = _compile(source)
            for warning in said:  # shown above what the entry prints, as Python does
                line = _format_warning(warning)
                printed.append(line + "\n")
                if self.report is not None:
                    self.report(line)
            for code in (body, last):
                if code is None:
                    continue
                result = types.FunctionType(code, self.namespace)()
                if inspect.iscoroutine(result):
                    result = await result
            if last is not None and result is not None:
                value = repr(result)
                self.namespace["_"] = result
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: never the app
            return ConsoleReply(source, "".join(printed), None, _format(exc))
        return ConsoleReply(source, "".join(printed), value, None)


def _compile(source: str) -> tuple[types.CodeType | None, types.CodeType | None]:
    """(statements, final expression): the final expression's value is what gets shown."""
    tree = ast.parse(source, "<console>")
    last = None
    final = tree.body[-1] if tree.body else None
    if isinstance(final, ast.Expr):
        tree.body.pop()
        expression = ast.Expression(final.value)
        last = compile(expression, "<console>", "eval", flags=_FLAGS)
    body = compile(tree, "<console>", "exec", flags=_FLAGS) if tree.body else None
    return body, last


def _format_warning(warning: warnings.WarningMessage) -> str:
    return f"{warning.filename}:{warning.lineno}: {warning.category.__name__}: {warning.message}"


def _format(exc: BaseException) -> str:
    lines = traceback.format_exception(exc)
    # drop the frames of this module: the user's code starts at "<console>"
    keep = [lines[0]] + [ln for ln in lines[1:] if __file__ not in ln]
    return "".join(keep).rstrip()
