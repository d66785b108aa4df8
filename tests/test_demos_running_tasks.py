"""Intro and §1: hello world, the four pieces, asyncio.run, Runner, loop_factory, debug mode."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import time
import types
from pathlib import Path

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless
from tests.demo_helpers import final_states, printed, printed_by, run_program


def states_of_coro(run: DemoRun, coro_name: str) -> list[TaskState]:
    """Every state change of the tasks whose coroutine is ``coro_name`` (main is unnamed)."""
    tasks = [e for e in run.events if isinstance(e, TaskEvent)]
    ids = {e.task_id for e in tasks if e.coro_name == coro_name}
    return [e.state for e in tasks if e.task_id in ids]


# Intro ----------------------------------------------------------------------------------------
def test_hello_then_a_pause_then_world() -> None:
    run = run_program("intro.hello-world", speed=20)
    said = printed(run)
    assert said[:2] == ["Hello ...", "... world!"]
    # main is parked at the sleep between the two words, then done
    states = states_of_coro(run, "main")
    assert TaskState.SUSPENDED in states
    assert states[-1] is TaskState.DONE


def test_hello_world_pause_is_visible_in_program_time() -> None:
    def pause_taken(pause: float) -> float:
        run = run_program("intro.hello-world", speed=20, pause=pause)
        line = next(m for m in printed(run) if m.startswith("the pause took"))
        return float(line.split()[3])

    short, long = pause_taken(0.0), pause_taken(4.0)
    assert short < long
    assert long >= 3.5  # never shorter than asked, generous above


def test_building_blocks_coroutine_runs_only_when_driven() -> None:
    run = run_program("intro.building-blocks", speed=20)
    said = printed(run)
    assert said.index("coroutine object made; is it a coroutine? True") < said.index(
        "the coroutine's body runs"
    )
    assert "is the loop running? True" in said
    assert "is a Task a Future? True" in said
    assert "future done before? False" in said
    assert said[-2:] == ["task result: 42", "future result: filled in later"]
    assert final_states(run)["compute"] is TaskState.DONE


def test_asyncio_repl_allows_top_level_await() -> None:
    run = run_program("intro.asyncio-repl", speed=20, delay=0.5)
    said = printed(run)
    assert any(line.startswith("banner: asyncio REPL") for line in said)
    assert "the REPL printed: 'hello'" in said
    assert "exit code: 0" in said


def test_asyncio_repl_prints_the_awaited_value() -> None:
    run = run_program("intro.asyncio-repl", delay=0.0, result="[1, 2, 3]")
    assert "the REPL printed: [1, 2, 3]" in printed(run)


def test_asyncio_repl_child_is_killed_when_stopped() -> None:
    from asyncio_lab.core.program.on_host import ProgramHandle
    from asyncio_lab.core.threaded_host import ThreadedHost

    demo = catalogue.get("intro.asyncio-repl")
    children_before = _children()
    host = ThreadedHost()
    host.start()
    try:
        handle = ProgramHandle(demo.program({"delay": 3.0, "result": "42"}), host).start()
        deadline = time.monotonic() + 10
        while not _children() - children_before and time.monotonic() < deadline:
            time.sleep(0.05)
        during = _children()
        handle.stop()
        handle.outcome.result(timeout=10)
        deadline = time.monotonic() + 1.5  # well before the REPL's 3 s sleep would end
        while _children() - children_before and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        host.shutdown()
    if Path("/proc").exists():
        assert during - children_before  # the REPL really was running
    assert _children() <= children_before


def _children() -> set[str]:
    """Our child processes, started from any of our threads, from /proc (Linux); else empty."""
    found: set[str] = set()
    for thread in Path(f"/proc/{os.getpid()}/task").glob("*"):
        with contextlib.suppress(OSError):  # the thread ended meanwhile
            found.update((thread / "children").read_text().split())
    return found


# §1 asyncio.run -------------------------------------------------------------------------------
def test_asyncio_run_makes_a_new_loop_each_time_and_none_runs_outside() -> None:
    run = run_program("running.asyncio-run", speed=20, runs=3)
    said = printed(run)
    assert said[0] == "top level, before asyncio.run: RuntimeError: no running event loop"
    assert [m for m in said if m.startswith("asyncio.run(main(")] == [
        "asyncio.run(main(1)) returned 10",
        "asyncio.run(main(2)) returned 20",
        "asyncio.run(main(3)) returned 30",
    ]
    assert said.count("run 2: inside main(), is the loop running? True") == 1
    assert said[-2:] == [
        "a different loop for every run: True",
        "every one of them closed afterwards: True",
    ]
    refused = [m for m in said if "asyncio.run() inside main()" in m]
    assert refused == [
        "  asyncio.run() inside main() -> RuntimeError: "
        "asyncio.run() cannot be called from a running event loop"
    ]
    # each run's clean-up cancels the task main() left behind, before run returns
    for n in (1, 2, 3):
        assert final_states(run)[f"left-behind-{n}"] is TaskState.CANCELLED
    cancelled = [i for i, m in enumerate(said) if "cancelled by asyncio.run's clean-up" in m]
    assert len(cancelled) == 3
    assert cancelled[0] < said.index("asyncio.run(main(1)) returned 10")
    # the top level and main() both run on the main thread: one loop per thread, in turn
    assert {thread for _, _, thread in printed_by(run)} == {"MainThread"}


def test_asyncio_run_without_the_refusal() -> None:
    run = run_program("running.asyncio-run", speed=20, show_refusal=False)
    said = printed(run)
    assert not any("RuntimeError: asyncio.run()" in m for m in said)
    assert "a different loop for every run: True" in said


def test_runner_reuses_one_loop_and_one_context() -> None:
    run = run_program("running.runner", speed=20, runs=4)
    said = printed(run)
    assert [m for m in said if re.match(r"run\(\d", m)] == [
        "run(1): last_run was 0",
        "run(2): last_run was 1",
        "run(3): last_run was 2",
        "run(4): last_run was 3",
        "run(5): last_run was 0",  # a fresh asyncio.run: a new copy of the context
    ]
    assert "every run() used the same loop: True" in said
    assert "runner.get_loop() is that loop: True" in said
    assert "run() after the block -> RuntimeError: Runner is closed" in said
    assert "the top level's own last_run is untouched: 0" in said


def test_runner_context_shares_a_context_between_the_runs_given_it() -> None:
    run = run_program("running.runner-context", speed=20, user="grace")
    assert printed(run) == [
        "login: user is (nobody)",
        "profile: user is grace",
        "other client: user is (nobody)",  # the runner's default context
        "settings: user is grace",
        "the session context holds: grace",
        "the top level still sees: (nobody)",
        "asyncio.run: user is (nobody)",
    ]


# §1 loop_factory -----------------------------------------------------------------------------
def test_loop_factory_custom_class_is_used() -> None:
    run = run_program("running.loop-factory", loop="custom")
    assert printed(run) == ["using our own MyLoop", "main() ran on a MyLoop"]


def test_loop_factory_default_is_the_lab_loop_you_can_watch() -> None:
    run = run_program("running.loop-factory", loop="default")
    assert printed(run) == [
        "no factory: asyncio builds its standard loop",
        "main() ran on the standard loop",
    ]
    assert states_of_coro(run, "main")[-1] is TaskState.DONE  # the lab saw main run


def test_loop_factory_without_uvloop_says_so_and_falls_back(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # makes `import uvloop` fail
    run = run_program("running.loop-factory", loop="uvloop")
    said = printed(run)
    assert said[0] == "uvloop is not installed: falling back to asyncio.SelectorEventLoop"
    assert said[1].startswith("main() ran on a ") and said[1].endswith("SelectorEventLoop")
    # a loop of the program's own: the lab shows its prints, not its tasks
    assert states_of_coro(run, "main") == []


def test_loop_factory_uses_uvloop_when_it_is_there(monkeypatch) -> None:
    class FakeUvloopLoop(asyncio.SelectorEventLoop):
        pass

    fake = types.ModuleType("uvloop")
    fake.new_event_loop = FakeUvloopLoop  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "uvloop", fake)
    run = run_program("running.loop-factory", loop="uvloop")
    assert printed(run) == [
        "uvloop is installed: using uvloop.new_event_loop",
        "main() ran on a FakeUvloopLoop",
    ]


# §1 debug mode -------------------------------------------------------------------------------
def test_debug_mode_reports_origin_and_slow_step() -> None:
    run = run_program("running.debug-mode", speed=5, debug=True, block=0.3)
    said = printed(run)
    assert said[0] == "loop.get_debug(): True"
    assert "RuntimeWarning: coroutine 'forgotten' was never awaited" in said
    assert "  ... and it says where the coroutine was made: True" in said
    assert "the loop reported the slow step of 'blocker': True" in said
    took = next(m for m in said if m.startswith("  it took"))
    assert float(took.split()[2]) >= 0.29  # the program's seconds, whatever the speed


def test_without_debug_the_warning_has_no_origin_and_no_slow_report() -> None:
    run = run_program("running.debug-mode", speed=5, debug=False, block=0.3)
    assert printed(run) == [
        "loop.get_debug(): False",
        "RuntimeWarning: coroutine 'forgotten' was never awaited",  # still warned
        "  ... and it says where the coroutine was made: False",
        "the loop reported the slow step of 'blocker': False",
    ]


# Parameters --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("demo_id", "params", "bounds"),
    [
        ("intro.hello-world", {"pause": 9}, "0 to 5 s"),
        ("intro.building-blocks", {"delay": 6}, "0 to 5"),
        ("intro.asyncio-repl", {"delay": 4}, "0 to 3 s"),
        ("running.asyncio-run", {"runs": 1}, "2 to 4"),
        ("running.runner", {"runs": 6}, "2 to 5"),
        ("running.runner-context", {"user": "eve"}, "ada, grace, alan"),
        ("running.loop-factory", {"loop": "trio"}, "uvloop, custom, default"),
        ("running.debug-mode", {"block": 0.01}, "0.15 to 2 s"),
    ],
)
def test_bad_parameter_names_the_bounds(demo_id: str, params: dict, bounds: str) -> None:
    with pytest.raises(ValueError, match=bounds):
        run_headless(demo_id, params)
    assert catalogue.get(demo_id)  # still there, nothing ran
