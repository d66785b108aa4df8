"""What a lesson is: a plain asyncio program, and beside it what the lab says about it.

The program lives in ``core/programs/<topic>/<name>.py`` (``intro.hello-world`` →
``programs/intro/hello_world.py``): an ordinary script a learner could run with ``python``.
Its parameters are its top-level constants (``pause`` sets ``PAUSE``). Lessons not yet moved
to a program still carry a ``run(ctx, **params)`` coroutine.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asyncio_lab.core.params import Param
from asyncio_lab.core.program.source import ProgramSource, constant_name, set_constants

DemoFn = Callable[..., Coroutine[Any, Any, Any]]
PROGRAMS = Path(__file__).resolve().parent / "programs"


@dataclass(frozen=True, slots=True)
class Demo:
    """One lesson. ``run(ctx, **params)`` is the whole behaviour; everything else describes it."""

    id: str  # "tasks.cancel": chapter topic, then lesson; what `asyncio-lab run` takes
    chapter: str  # the seed section, e.g. "2.2.2"
    title: str
    explanation: str  # our words: what to notice, why it behaves so, the common mistake
    run: DemoFn | None = None  # a lesson not yet moved to a program
    params: tuple[Param, ...] = ()
    requires: tuple[int, int] | None = None  # minimum Python version, e.g. (3, 12)
    tags: tuple[str, ...] = field(default_factory=tuple)

    # The program ----------------------------------------------------------------------------
    @property
    def is_program(self) -> bool:
        return self.run is None

    @property
    def program_path(self) -> Path:
        topic, _, name = self.id.partition(".")
        return PROGRAMS / topic / f"{name.replace('-', '_')}.py"

    @property
    def program_filename(self) -> str:
        """What the program is called in tracebacks and when saved: ``hello_world.py``."""
        return self.program_path.name

    def program(self, values: dict[str, Any] | None = None) -> ProgramSource:
        """The program with its constants set to ``values`` (the defaults where not given)."""
        chosen = {p.name: p.default for p in self.params} | dict(values or {})
        text = self.program_path.read_text(encoding="utf-8")
        constants = {constant_name(k): v for k, v in chosen.items()}
        return ProgramSource(
            set_constants(text, constants) if constants else text, self.program_filename
        )

    @property
    def source(self) -> str:
        """The code the lesson view shows: the whole program, or the old demo coroutine."""
        if self.is_program:
            return self.program().text
        return self._code()[0]

    @property
    def first_line(self) -> int:
        """The file line number of the first line of :attr:`source`."""
        return 1 if self.is_program else self._code()[1]

    def _code(self) -> tuple[str, int]:
        assert self.run is not None
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


def lesson(
    *,
    id: str,
    chapter: str,
    title: str,
    explanation: str,
    params: tuple[Param, ...] = (),
    requires: tuple[int, int] | None = None,
    tags: tuple[str, ...] = (),
) -> Demo:
    """A lesson whose code is the plain program at ``programs/<topic>/<name>.py``."""
    made = Demo(
        id=id,
        chapter=chapter,
        title=title,
        explanation=inspect.cleandoc(explanation),
        params=params,
        requires=requires,
        tags=tags,
    )
    if not made.program_path.is_file():
        raise FileNotFoundError(f"lesson {id!r} has no program at {made.program_path}")
    return made
