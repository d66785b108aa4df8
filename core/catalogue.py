"""Every demo, found in the modules of ``asyncio_lab.core.demos``; no second list to keep."""

from __future__ import annotations

import difflib
import functools
import importlib
import pkgutil

from asyncio_lab.core import demos as demos_package
from asyncio_lab.core.demo import Demo


class UnknownDemo(ValueError):
    pass


@functools.cache
def all_demos() -> tuple[Demo, ...]:
    """All demos, in seed order (by chapter), then in the order their module defines them."""
    found: list[Demo] = []
    for info in sorted(pkgutil.iter_modules(demos_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{demos_package.__name__}.{info.name}")
        found.extend(v for v in vars(module).values() if isinstance(v, Demo))
    ids = [d.id for d in found]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"demo ids must be unique; repeated: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda d: _chapter_key(d.chapter)))


def get(demo_id: str) -> Demo:
    for d in all_demos():
        if d.id == demo_id:
            return d
    ids = [d.id for d in all_demos()]
    close = difflib.get_close_matches(demo_id, ids, n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UnknownDemo(
        f"unknown demo {demo_id!r}; {hint}valid demos: {', '.join(ids) or 'none yet'}"
    )


def _chapter_key(chapter: str) -> tuple[int, ...]:
    parts = []
    for piece in chapter.split("."):
        parts.append(int(piece) if piece.isdigit() else 0)
    return tuple(parts)
