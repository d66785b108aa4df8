"""Whose code a frame runs: the learner's (a lesson program, a script they opened, the console)
or someone else's (asyncio's own files, the lab's machinery). Only the learner's lines are worth
pointing at: the others are in files they never see."""

from __future__ import annotations

import functools
import os
import sysconfig
from pathlib import Path

_CORE = Path(__file__).resolve().parent  # asyncio_lab.core; asyncio_lab.gui sits beside it
_PROGRAMS = _CORE / "programs"
CONSOLE_FILENAME = "<console>"


@functools.cache
def _others() -> tuple[str, ...]:
    places = {sysconfig.get_path(key) for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    places.update((str(_CORE), str(_CORE.parent / "gui")))
    return tuple(os.path.normcase(os.path.realpath(p)) + os.sep for p in places if p)


@functools.cache
def is_learners(filename: str) -> bool:
    """True for a lesson program ("hello_world.py"), a script the learner opened, an entry
    typed in the console; False for the standard library, installed packages and the lab."""
    if filename.startswith("<"):
        return filename == CONSOLE_FILENAME
    if not os.path.isabs(filename):
        return True  # programs are compiled under their bare file name
    path = os.path.normcase(os.path.realpath(filename))
    if path.startswith(os.path.normcase(str(_PROGRAMS)) + os.sep):
        return True
    return not path.startswith(_others())
