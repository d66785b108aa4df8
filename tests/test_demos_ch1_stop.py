"""Intro–§2.2.5 demos stopped half-way: cancelled cleanly, nothing left that fails later.

Stopped the way a person stops them: Run in the window, then the Stop button, which cancels the
lesson's main task and every task it started. A demo passes when it ends
stopped (or had already finished), no task or timer it left behind raises into the loop's
exception handler afterwards (the ``window`` fixture checks that on close), and no warning
escapes (filterwarnings=error).
"""

from __future__ import annotations

import pytest

from asyncio_lab.core import catalogue
from tests import window_driver as drive

OURS = [
    "intro.hello-world",
    "intro.building-blocks",
    "intro.asyncio-repl",
    "running.asyncio-run",
    "running.runner",
    "running.runner-context",
    "running.loop-factory",
    "running.debug-mode",
    "coroutines.sequential-vs-tasks",
    "coroutines.taskgroup",
    "awaitables.calling-vs-awaiting",
    "awaitables.never-awaited",
    "awaitables.future",
    "tasks.create-task",
    "tasks.context",
    "tasks.cancel",
    "taskgroup.all-succeed",
    "taskgroup.one-fails",
    "taskgroup.except-star",
    "taskgroup.terminate",
    "taskgroup.swallowed-cancel",
    "sleep.result",
    "sleep.clock",
    "gather.order",
    "gather.errors",
    "gather.downloads",
]


def test_the_list_covers_every_demo_of_these_chapters() -> None:
    prefixes = {i.split(".")[0] for i in OURS}
    mine = {d.id for d in catalogue.all_demos() if d.id.split(".")[0] in prefixes}
    assert mine == set(OURS)


@pytest.mark.parametrize("window", ["integrated"], indirect=True)  # the default host
@pytest.mark.parametrize("demo_id", OURS)
def test_stopped_half_way_leaves_nothing_that_fails_later(qtbot, window, demo_id: str) -> None:
    demo = catalogue.get(demo_id)
    if demo.unavailable_reason is not None:
        pytest.skip(demo.unavailable_reason)
    said = drive.stop_half_way(qtbot, window, demo_id, after_ms=100, speed=2)
    assert said in (f"{demo_id} stopped.", f"{demo_id} finished.") or said.startswith(
        f"{demo_id} finished: "
    ), said
    qtbot.wait(400)  # let any stray timer or callback go off
    assert window.session.book.live_count() == 0
