"""Short words for what a task returned or raised, and for the job a thread runs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def callable_name(func: Callable[..., Any]) -> str:
    # to_thread wraps the user's function in functools.partial(context.run, func, ...)
    while isinstance(func, functools.partial):
        inner = [a for a in func.args if callable(a)]
        func = inner[0] if func.func.__name__ == "run" and inner else func.func
    return getattr(func, "__name__", None) or type(func).__name__


def _truncate(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_repr(value: Any) -> str:
    return _truncate(repr(value))


def describe_exception(exc: BaseException) -> str:
    message = str(exc)
    name = type(exc).__name__
    return _truncate(f"{name}: {message}" if message else name)
