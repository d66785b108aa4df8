"""Every demo is complete: explained, bounded, tested, runnable by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.params import Param

TESTS = Path(__file__).resolve().parent
DEMOS = catalogue.all_demos()


def _demo_test_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_demos*.py"))


def test_there_are_demos():
    assert DEMOS


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.id)
def test_demo_is_complete(demo):
    assert demo.title.strip()
    assert len(demo.explanation.split()) >= 30, "explain what to notice, why, the mistake"
    assert demo.chapter
    for param in demo.params:
        assert isinstance(param, Param)
        assert param.is_bounded, f"{param.name} needs bounds"
        assert param.help
        assert param.parse(param.default) == param.default
    assert "async def" in demo.source


def test_every_demo_has_a_test():
    sources = _demo_test_sources()
    untested = [d.id for d in DEMOS if f'"{d.id}"' not in sources and f"'{d.id}'" not in sources]
    assert untested == []


def test_unknown_demo_names_the_choices():
    with pytest.raises(catalogue.UnknownDemo) as info:
        catalogue.get("coroutines.sequential-vs-task")
    assert "did you mean coroutines.sequential-vs-tasks" in str(info.value)
