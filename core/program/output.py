"""The program's ``print``: each line it prints becomes an event, with its task and thread."""

from __future__ import annotations

import builtins
import sys
import threading
from collections.abc import Callable
from typing import Any

from asyncio_lab.core.events import LogLevel

LineSink = Callable[[str, LogLevel], None]


class PrintCapture:
    """A drop-in ``print`` that reports complete lines to ``sink``.

    Text printed without a newline (``end=""``) waits, per thread, until its line is complete
    or :meth:`flush_all` runs at the end of the program. ``print(..., file=f)`` to any other
    file writes to that file as usual.
    """

    def __init__(self, sink: LineSink) -> None:
        self._sink = sink
        self._pending: dict[int, str] = {}
        self._lock = threading.Lock()
        # What "the screen" is: the streams of the run's start. A program that redirects
        # sys.stdout (contextlib.redirect_stdout) prints into its own target, as in python.
        self._stdout = sys.stdout
        self._stderr = sys.stderr

    def __call__(
        self,
        *values: object,
        sep: str | None = " ",
        end: str | None = "\n",
        file: Any = None,
        flush: bool = False,
    ) -> None:
        target = sys.stdout if file is None else file
        if target is not self._stdout and target is not self._stderr:
            builtins.print(*values, sep=sep, end=end, file=target, flush=flush)
            return
        level = LogLevel.PRINT if target is not self._stderr else LogLevel.ERROR
        text = (" " if sep is None else sep).join(map(str, values))
        text += "\n" if end is None else end
        key = threading.get_ident()
        with self._lock:
            text = self._pending.pop(key, "") + text
            *lines, rest = text.split("\n")
            if rest:
                self._pending[key] = rest
        for line in lines:
            self._sink(line, level)

    def flush_all(self) -> None:
        with self._lock:
            rest = list(self._pending.values())
            self._pending.clear()
        for line in rest:
            self._sink(line, LogLevel.PRINT)
