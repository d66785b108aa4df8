"""What a lesson is: a plain asyncio program, and beside it what the lab says about it.

The program lives in ``core/programs/<topic>/<name>.py`` (``intro.hello-world`` →
``programs/intro/hello_world.py``): an ordinary script a learner could run with ``python``.
Its parameters are its top-level constants (``pause`` sets ``PAUSE``). A program the learner
opens from a file is a lesson too (:func:`from_file`), with no parameters.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import Question
from asyncio_lab.core.program.source import ProgramSource, constant_name, set_constants

PROGRAMS = Path(__file__).resolve().parent / "programs"
YOURS = "yours"  # the chapter of programs the learner opened


@dataclass(frozen=True, slots=True)
class Demo:
    """One lesson: the program, what to notice in it, and its parameters with their bounds."""

    id: str  # "tasks.cancel": chapter topic, then lesson; what `asyncio-lab run` takes
    chapter: str  # the seed section, e.g. "2.2.2"
    title: str
    explanation: str  # our words: what to notice, why it behaves so, the common mistake
    params: tuple[Param, ...] = ()
    requires: tuple[int, int] | None = None  # minimum Python version, e.g. (3, 12)
    tags: tuple[str, ...] = field(default_factory=tuple)
    path: Path | None = None  # a program opened from the learner's own file
    predictions: tuple[Question, ...] = ()  # asked before a run, graded by it (core/predictions)

    # The program ----------------------------------------------------------------------------
    @property
    def program_path(self) -> Path:
        if self.path is not None:
            return self.path
        topic, _, name = self.id.partition(".")
        return PROGRAMS / topic / f"{name.replace('-', '_')}.py"

    @property
    def program_filename(self) -> str:
        """What the program is called in tracebacks and when saved: ``hello_world.py``; the
        full path for a file of the learner's, as ``python`` would name it."""
        return str(self.path) if self.path is not None else self.program_path.name

    def program(self, values: Mapping[str, Any] | None = None) -> ProgramSource:
        """The program with its constants set to ``values`` (the defaults where not given)."""
        chosen = {p.name: p.default for p in self.params} | dict(values or {})
        text = read_program(self.program_path)
        constants = {constant_name(k): v for k, v in chosen.items()}
        return ProgramSource(
            set_constants(text, constants) if constants else text, self.program_filename
        )

    @property
    def source(self) -> str:
        """The code the lesson view shows: the program at its default values."""
        return self.program().text

    @property
    def unavailable_reason(self) -> str | None:
        """Why this lesson cannot run on this Python, or None when it can."""
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
        raise ValueError(f"lesson {self.id!r} has no parameter {name!r} (valid: {valid})")

    def resolve(self, given: Mapping[str, str | int | float | bool]) -> dict[str, Any]:
        """Defaults overlaid with ``given`` (text from a CLI or values from widgets), checked."""
        values = {p.name: p.default for p in self.params}
        for name, raw in given.items():
            values[name] = self.param(name).parse(raw)
        return values


def lesson(
    *,
    id: str,
    chapter: str,
    title: str,
    explanation: str,
    params: tuple[Param, ...] = (),
    requires: tuple[int, int] | None = None,
    tags: tuple[str, ...] = (),
    predictions: tuple[Question, ...] = (),
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
        predictions=predictions,
    )
    if not made.program_path.is_file():
        raise FileNotFoundError(f"lesson {id!r} has no program at {made.program_path}")
    return made


def read_program(path: Path) -> str:
    """A program's text; ValueError with one readable line when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder, not a Python file") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text: is it a Python program?") from None
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None


def from_file(path: Path) -> Demo:
    """A program of the learner's own, opened from ``path``, as a lesson with no parameters."""
    path = path.resolve()
    read_program(path)  # fail now, in one line, rather than at Run
    return Demo(
        id=f"{YOURS}.{path.stem}",
        chapter=YOURS,
        title=path.name,
        explanation=(
            f"Your own program, opened from `{path}`.\n\n"
            "Press Run: the lab runs it as `python` would, with `asyncio.run` handing `main` "
            "to the loop you picked. Its tasks appear in the table and on the timeline, the "
            "threads it starts get lanes, what it prints shows under the code with the task "
            "and thread that printed it, and its asyncio locks, events and queues appear in "
            "the Sync view. Edit it here and run the edited version; Save as… writes it back."
        ),
        path=path,
    )
