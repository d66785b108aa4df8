"""A seeded monkey clicks through the window on each host: a few hundred random actions, and
nothing may reach the loop's exception handler or the excepthook, and asyncio may warn of
nothing (issue 14). The long run is ``python -m benchmarks.monkey_soak``."""

from __future__ import annotations

import pytest

from tests.monkey import Ears, Monkey

ACTIONS = 250
SEED = 14


@pytest.mark.timeout(120)
def test_random_use_breaks_nothing(qtbot, window):
    ears = Ears().listen()
    try:
        monkey = Monkey(window, SEED)
        monkey.run(ACTIONS)
        monkey.settle()
    finally:
        ears.close()
    assert not ears.heard, "\n".join(ears.heard[:20])
    assert sum(monkey.done.values()) == ACTIONS
