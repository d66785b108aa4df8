"""Seed §2.2.6: eager tasks. Skipped with a reason on 3.11; behaviour asserted on 3.12+."""

from __future__ import annotations

import sys

import pytest

from asyncio_lab.core.events import ProgressEvent
from asyncio_lab.core.runner import run_headless

EAGER_IDS = ("eager.done-on-return", "eager.custom-constructor", "eager.lazy-vs-eager")
needs_312 = pytest.mark.skipif(sys.version_info < (3, 12), reason="eager tasks need 3.12")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="only older Pythons skip the lesson")
@pytest.mark.parametrize("demo_id", EAGER_IDS)
def test_eager_demos_explain_they_need_312_on_older_python(demo_id: str) -> None:
    run = run_headless(demo_id)
    assert run.skipped is not None and "3.12" in run.skipped
    assert run.error is None


@needs_312
def test_eager_task_that_never_awaits_is_done_when_create_task_returns() -> None:
    run = run_headless("eager.done-on-return", speed=20)
    assert run.ok, run.error
    assert run.result == {"lazy": False, "eager": True}
    cps = run.checkpoints
    # lazy: create_task returns before the body runs; eager: the body runs first
    assert cps.index("lazy: create_task(quick) returned") < cps.index("lazy: quick body runs")
    assert cps.index("eager: quick body runs") < cps.index("eager: create_task(quick) returned")
    # eager: the slow body starts inside create_task, but finishes only after it returned
    assert (
        cps.index("eager: slow body starts")
        < cps.index("eager: create_task(slow) returned")
        < cps.index("eager: slow body ends")
    )


@needs_312
def test_custom_constructor_builds_every_task() -> None:
    run = run_headless("eager.custom-constructor", {"tasks": 4}, speed=20)
    assert run.ok, run.error
    assert run.result == ["StampedTask"] * 4
    messages = [getattr(e, "message", "") for e in run.events]
    assert any("job-1: StampedTask, done right after create_task: True" in m for m in messages)
    assert any("job-2: StampedTask, done right after create_task: False" in m for m in messages)


@needs_312
@pytest.mark.parametrize("loop, tasks", [("clean", 20_000), ("tracked", 5000)])
def test_lazy_vs_eager_times_both_runs_and_reports_progress(loop: str, tasks: int) -> None:
    run = run_headless("eager.lazy-vs-eager", {"tasks": tasks, "loop": loop})
    assert run.ok, run.error
    assert run.checkpoints == ["lazy run", "eager run"]
    assert run.result["lazy"] > 0 and run.result["eager"] > 0
    progress = [e for e in run.events if isinstance(e, ProgressEvent)]
    assert 2 <= len(progress) <= 400
    assert progress[-1].done == progress[-1].total == tasks
    if loop == "clean":
        # only the untracked loop is a fair race; on the tracked loop the per-task cost of
        # watching can swamp the difference (which is what that option is there to show)
        assert run.result["eager"] < run.result["lazy"]  # generous: any win at all
        assert run.result["ratio"] > 1
