"""What a demo is: data plus one coroutine. The coroutine's source is the code people read."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any

from asyncio_lab.core.params import Param

DemoFn = Callable[..., Coroutine[Any, Any, Any]]


@dataclass(frozen=True, slots=True)
class Demo:
    """One lesson. ``run(ctx, **params)`` is the whole behaviour; everything else describes it."""

    id: str  # "tasks.cancel": chapter topic, then lesson; what `asyncio-lab run` takes
    chapter: str  # the seed section, e.g. "2.2.2"
    title: str
    explanation: str  # our words: what to notice, why it behaves so, the common mistake
    run: DemoFn
    params: tuple[Param, ...] = ()
    requires: tuple[int, int] | None = None  # minimum Python version, e.g. (3, 12)
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def source(self) -> str:
        """The demo's real code from ``async def`` on, as the code panel shows it."""
        return self._code()[0]

    @property
    def first_line(self) -> int:
        """The file line number of the first line of :attr:`source`."""
        return self._code()[1]

    def _code(self) -> tuple[str, int]:
        lines, start = inspect.getsourcelines(self.run)
        skip = next(i for i, line in enumerate(lines) if line.lstrip().startswith("async def"))
        return "".join(lines[skip:]), start + skip

    @property
    def unavailable_reason(self) -> str | None:
        """Why this demo cannot run on this Python, or None when it can."""
        if self.requires is not None and sys.version_info[:2] < self.requires:
            need = ".".join(map(str, self.requires))
            have = ".".join(map(str, sys.version_info[:2]))
            return f"this lesson needs Python {need} or newer; this is Python {have}"
        return None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        valid = ", ".join(p.name for p in self.params) or "none"
        raise ValueError(f"demo {self.id!r} has no parameter {name!r} (valid: {valid})")

    def resolve(self, given: Mapping[str, str | int | float | bool]) -> dict[str, Any]:
        """Defaults overlaid with ``given`` (text from a CLI or values from widgets), checked."""
        values = {p.name: p.default for p in self.params}
        for name, raw in given.items():
            values[name] = self.param(name).parse(raw)
        return values


def demo(
    *,
    id: str,
    chapter: str,
    title: str,
    explanation: str,
    params: tuple[Param, ...] = (),
    requires: tuple[int, int] | None = None,
    tags: tuple[str, ...] = (),
) -> Callable[[DemoFn], Demo]:
    """Turn ``async def run(ctx, **params)`` into a :class:`Demo`."""

    def wrap(fn: DemoFn) -> Demo:
        if not inspect.iscoroutinefunction(fn):
            raise TypeError(f"demo {id!r} must be an async def")
        return Demo(
            id=id,
            chapter=chapter,
            title=title,
            explanation=inspect.cleandoc(explanation),
            run=fn,
            params=params,
            requires=requires,
            tags=tags,
        )

    return wrap
