"""Intro and §1: hello world, the four pieces, asyncio.run, Runner, loop_factory, debug mode."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import types
from pathlib import Path

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.events import LogEvent, LogLevel, TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless
from asyncio_lab.core.tracker import Tracker
from tests.demo_helpers import messages


def states_of(run: DemoRun, name: str) -> list[TaskState]:
    return [e.state for e in run.events if isinstance(e, TaskEvent) and e.name == name]


# Intro ----------------------------------------------------------------------------------------
def test_hello_then_a_pause_then_world() -> None:
    run = run_headless("intro.hello-world", speed=20)
    assert run.ok, run.error
    assert run.result == "hello world"
    assert run.checkpoints == ["hello", "world"]
    said = messages(run)
    assert said.index("Hello ...") < said.index("... world!")
    # the demo's task is parked at the sleep between the two words
    states = states_of(run, "intro.hello-world")
    assert TaskState.SUSPENDED in states
    assert states[-1] is TaskState.DONE


def test_hello_world_pause_is_visible_in_demo_time() -> None:
    short = run_headless("intro.hello-world", {"pause": 0.0}, speed=20)
    long = run_headless("intro.hello-world", {"pause": 4.0}, speed=20)
    assert short.ok and long.ok

    def pause_taken(run: DemoRun) -> float:
        line = next(m for m in messages(run, LogLevel.RESULT) if m.startswith("the pause took"))
        return float(line.split()[3])

    assert pause_taken(short) < pause_taken(long)
    assert pause_taken(long) >= 3.5  # never shorter than asked, generous above


def test_building_blocks_coroutine_runs_only_when_driven() -> None:
    run = run_headless("intro.building-blocks", speed=20)
    assert run.ok, run.error
    assert run.result == {"task": 42, "future": "filled in later"}
    assert run.checkpoints == ["coroutine object made", "coroutine body runs", "both awaited"]
    said = messages(run, LogLevel.RESULT)
    assert "a Task is a Future = True" in said
    assert "future.done() before = False" in said
    assert states_of(run, "compute")[-1] is TaskState.DONE


def test_asyncio_repl_allows_top_level_await() -> None:
    run = run_headless("intro.asyncio-repl", {"delay": 0.5}, speed=20)
    assert run.ok, run.error
    assert run.result["banner"].startswith("asyncio REPL")
    assert run.result["printed"] == "'hello'"
    assert "exit code = 0" in messages(run, LogLevel.RESULT)


def test_asyncio_repl_prints_the_awaited_value() -> None:
    run = run_headless("intro.asyncio-repl", {"delay": 0.0, "result": "[1, 2, 3]"})
    assert run.ok, run.error
    assert run.result["printed"] == "[1, 2, 3]"


def test_asyncio_repl_child_is_killed_when_stopped() -> None:
    demo = catalogue.get("intro.asyncio-repl")
    ctx = DemoContext(Tracker())
    children_before = _children()

    async def stop_it_half_way() -> set[str]:
        task = asyncio.create_task(demo.run(ctx, delay=3.0, result="42"))
        await asyncio.sleep(0.5)  # the REPL is running its 3 s sleep
        during = _children()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return during

    during = asyncio.run(stop_it_half_way())
    if Path("/proc").exists():
        assert during - children_before  # the REPL really was running
    assert _children() <= children_before


def _children() -> set[str]:
    """Our child processes, from /proc (Linux); empty elsewhere."""
    path = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return set(path.read_text().split()) if path.exists() else set()


# §1 asyncio.run -------------------------------------------------------------------------------
def test_asyncio_run_makes_a_new_loop_each_time_in_another_thread() -> None:
    run = run_headless("running.asyncio-run", {"runs": 3}, speed=20)
    assert run.ok, run.error
    facts = run.result
    assert facts["distinct loops"] == 3
    assert facts["all closed afterwards"] is True
    assert facts["worker thread"] != facts["demo thread"]
    assert run.checkpoints == ["refused inside a running loop", "worker thread finished"]
    warnings = messages(run, LogLevel.WARNING)
    assert any("cannot be called from a running event loop" in w for w in warnings)
    # the inner runs log from the worker thread, the demo from its own
    inner = [e for e in run.events if isinstance(e, LogEvent) and e.message.startswith("run ")]
    assert len(inner) == 3
    assert {e.thread for e in inner} == {facts["worker thread"]}


def test_asyncio_run_without_the_refusal() -> None:
    run = run_headless("running.asyncio-run", {"show_refusal": False}, speed=20)
    assert run.ok, run.error
    assert run.checkpoints == ["worker thread finished"]
    assert run.result["distinct loops"] == 2


def test_runner_reuses_one_loop_and_one_context() -> None:
    run = run_headless("running.runner", {"runs": 4}, speed=20)
    assert run.ok, run.error
    facts = run.result
    assert facts["distinct loops"] == 1
    assert facts["get_loop() is that loop"] is True
    assert facts["last_run seen by each run"] == [0, 1, 2, 3]
    assert facts["closed after the block"] is True
    assert facts["run() after close"].startswith("RuntimeError")
    ids = {m.split()[2] for m in messages(run) if m.startswith("run(") and "loop 0x" in m}
    assert len(ids) == 1  # every run() printed the same loop id


# §1 loop_factory -----------------------------------------------------------------------------
def test_loop_factory_custom_class_is_used() -> None:
    run = run_headless("running.loop-factory", {"loop": "custom"})
    assert run.ok, run.error
    assert run.result
    assert all(cls.endswith("LabLoop") for cls in run.result.values())
    if sys.version_info >= (3, 12):
        assert len(run.result) == 2  # asyncio.run took the factory too
    else:
        assert list(run.result) == ["Runner(loop_factory=...)"]


def test_loop_factory_default_is_the_standard_loop() -> None:
    run = run_headless("running.loop-factory", {"loop": "default"})
    assert run.ok, run.error
    assert all(cls.startswith("asyncio.") for cls in run.result.values())


def test_loop_factory_without_uvloop_says_so_and_falls_back(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # makes `import uvloop` fail
    run = run_headless("running.loop-factory", {"loop": "uvloop"})
    assert run.ok, run.error
    assert any("uvloop is not installed" in w for w in messages(run, LogLevel.WARNING))
    assert all(cls.startswith("asyncio.") for cls in run.result.values())


def test_loop_factory_uses_uvloop_when_it_is_there(monkeypatch) -> None:
    class FakeUvloopLoop(asyncio.SelectorEventLoop):
        pass

    fake = types.ModuleType("uvloop")
    fake.new_event_loop = FakeUvloopLoop  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "uvloop", fake)
    run = run_headless("running.loop-factory", {"loop": "uvloop"})
    assert run.ok, run.error
    assert not messages(run, LogLevel.WARNING)
    assert all(cls.endswith("FakeUvloopLoop") for cls in run.result.values())


# §1 debug mode -------------------------------------------------------------------------------
def test_debug_mode_reports_origin_and_slow_step() -> None:
    run = run_headless("running.debug-mode", {"debug": True, "block": 0.3})
    assert run.ok, run.error
    assert run.result["debug"] is True
    assert run.result["origin shown"] is True
    assert run.result["slow reported"] is True
    warned = messages(run, LogLevel.WARNING)
    assert any("was never awaited" in w and "forgotten" in w for w in warned)


def test_without_debug_the_warning_has_no_origin_and_no_slow_report() -> None:
    run = run_headless("running.debug-mode", {"debug": False, "block": 0.3})
    assert run.ok, run.error
    assert run.result["debug"] is False
    assert run.result["warnings"] == 1  # the never-awaited warning is still there
    assert run.result["origin shown"] is False
    assert run.result["slow reported"] is False
    assert not any(w.startswith("asyncio logger") for w in messages(run, LogLevel.WARNING))


# Parameters --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("demo_id", "params", "bounds"),
    [
        ("intro.hello-world", {"pause": 9}, "0 to 5 s"),
        ("intro.building-blocks", {"delay": 6}, "0 to 5"),
        ("intro.asyncio-repl", {"delay": 4}, "0 to 3 s"),
        ("running.asyncio-run", {"runs": 1}, "2 to 4"),
        ("running.runner", {"runs": 6}, "2 to 5"),
        ("running.loop-factory", {"loop": "trio"}, "uvloop, custom, default"),
        ("running.debug-mode", {"block": 0.01}, "0.15 to 2 s"),
    ],
)
def test_bad_parameter_names_the_bounds(demo_id: str, params: dict, bounds: str) -> None:
    with pytest.raises(ValueError, match=bounds):
        run_headless(demo_id, params)
    assert catalogue.get(demo_id)  # still there, nothing ran
