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
from dataclasses import dataclass, field
from typing import Any

from asyncio_lab.core.mistakes import NEVER_AWAITED, Mistake

_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
FILENAME = "<console>"


class ConsoleExit(Exception):
    """What the entry's task raises for a SystemExit or KeyboardInterrupt the learner raised:
    those end the entry, never the app (raised from a task they would stop the loop)."""


@dataclass(frozen=True, slots=True)
class ConsoleReply:
    """What one entry printed and produced; ``error`` is a formatted traceback or None;
    ``note`` names a mistake the entry made (a coroutine it made and never awaited)."""

    source: str
    output: str
    value: str | None
    error: str | None
    note: str | None = None
    result: Any = field(default=None, repr=False, compare=False)
    exception: BaseException | None = field(default=None, repr=False, compare=False)


class AsyncConsole:
    """Keeps one namespace across entries. ``is_complete`` decides whether to ask for more
    lines; ``run`` executes an entry on the running loop and never raises (except when the
    task itself is cancelled); ``entry`` is ``run`` as a task body that ends the way the
    learner's code ended (returns its value, or raises what it raised)."""

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
            return self._compiler(source, FILENAME, "single") is not None
        except (SyntaxError, ValueError, OverflowError):
            return True

    async def entry(self, source: str, keep: Callable[[ConsoleReply], None]) -> Any:
        """Run ``source``; hand its reply to ``keep``, then end as the code did."""
        reply = await self.run(source)
        keep(reply)
        exc = reply.exception
        if exc is None:
            return reply.result
        if not isinstance(exc, Exception):  # SystemExit, KeyboardInterrupt: not the loop's
            raise ConsoleExit(f"{type(exc).__name__} {exc} ends this entry, not the app") from None
        raise exc

    async def run(self, source: str) -> ConsoleReply:
        printed: list[str] = []

        def console_print(*args: Any, sep: str = " ", end: str = "\n", **_: Any) -> None:
            printed.append(sep.join(str(a) for a in args) + end)

        self.namespace["print"] = console_print
        try:
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("default")  # as python -m asyncio shows them: once
                body, last, made_here = _compile(source)
            for warning in said:  # shown above what the entry prints, as Python does
                line = _format_warning(warning)
                printed.append(line + "\n")
                if self.report is not None:
                    self.report(line)
            result = None
            for code in (body, last):
                if code is not None:
                    result = types.FunctionType(code, self.namespace)()
                    if code.co_flags & inspect.CO_COROUTINE:  # it awaits at the top level
                        result = await result
            if last is None or result is None:
                return ConsoleReply(source, "".join(printed), None, None)
            value, note = repr(result), None
            if made_here and inspect.iscoroutine(result):
                # Like python -m asyncio: a coroutine is shown, not awaited for you. Nothing
                # else holds it, so it is closed here and the mistake named in the reply.
                note = _never_awaited(result)
            else:
                self.namespace["_"] = result
            return ConsoleReply(source, "".join(printed), value, None, note, result)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: never the app
            return ConsoleReply(source, "".join(printed), None, _format(exc), exception=exc)


def _compile(
    source: str,
) -> tuple[types.CodeType | None, types.CodeType | None, bool]:
    """(statements, final expression, whether that expression is a call): the final
    expression's value is what gets shown."""
    tree = ast.parse(source, FILENAME)
    last = None
    final = tree.body[-1] if tree.body else None
    made_here = False
    if isinstance(final, ast.Expr):
        tree.body.pop()
        made_here = isinstance(final.value, ast.Call)
        expression = ast.Expression(final.value)
        last = compile(expression, FILENAME, "eval", flags=_FLAGS)
    body = compile(tree, FILENAME, "exec", flags=_FLAGS) if tree.body else None
    return body, last, made_here


def _never_awaited(coro: types.CoroutineType[Any, Any, Any]) -> str:
    name = coro.__qualname__
    coro.close()
    mistake = Mistake(NEVER_AWAITED, 0.0, "", f"{name}() was called but its coroutine never ran")
    return f"RuntimeWarning: coroutine '{name}' was never awaited\n{mistake.message}"


def _format_warning(warning: warnings.WarningMessage) -> str:
    return f"{warning.filename}:{warning.lineno}: {warning.category.__name__}: {warning.message}"


def _format(exc: BaseException) -> str:
    """The traceback with the learner's frames only (those typed here), and without the
    chained exceptions that happened wholly inside asyncio or the lab."""
    report = traceback.TracebackException.from_exception(exc)
    _keep_learners(report, set())
    return "".join(report.format()).rstrip()


def _keep_learners(report: traceback.TracebackException, seen: set[int]) -> None:
    if id(report) in seen:
        return
    seen.add(id(report))
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if frame.filename == FILENAME]
    )
    for link in ("__cause__", "__context__"):
        chained = getattr(report, link)
        if chained is None:
            continue
        if any(frame.filename == FILENAME for frame in chained.stack):
            _keep_learners(chained, seen)
        else:
            setattr(report, link, None)
