"""A plain program under the lab: prints, slow motion, errors in the learner's own lines."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from asyncio_lab.core.events import LogEvent, LogLevel, PrimitiveEvent, TaskEvent, TaskState
from asyncio_lab.core.program.run import Ending
from asyncio_lab.core.program.source import ProgramSource, set_constants
from asyncio_lab.core.runner import run_program_headless


def run_text(text: str, speed: float = 1.0, name: str = "prog.py"):
    return run_program_headless(ProgramSource(text, name), speed=speed)


def test_prints_are_lines_with_their_task_and_thread() -> None:
    run = run_text(
        "import asyncio, threading\n"
        "def job():\n"
        "    print('in a thread', threading.current_thread().name != 'MainThread')\n"
        "async def main():\n"
        "    print('start', end='')\n"
        "    print(' of main')\n"
        "    await asyncio.to_thread(job)\n"
        "    await asyncio.create_task(child(), name='kid')\n"
        "async def child():\n"
        "    print('child')\n"
        "if __name__ == '__main__':\n"
        "    asyncio.run(main())\n"
    )
    assert run.outcome is not None and run.outcome.ok
    lines = [
        (e.message, e.task_name, e.thread)
        for e in run.events
        if isinstance(e, LogEvent) and e.level is LogLevel.PRINT
    ]
    assert lines[0] == ("start of main", "Task-1", "MainThread") or lines[0][0] == "start of main"
    assert lines[0][2] == "MainThread"
    assert lines[1][0] == "in a thread True" and lines[1][2] != "MainThread"
    assert lines[2] == ("child", "kid", "MainThread")


def test_constants_are_set_in_place_and_comments_stay() -> None:
    text = "X = 1.0  # seconds\nNAME: str = 'a'\nprint(X)\n"
    assert set_constants(text, {"X": 2.5, "NAME": "b"}) == (
        'X = 2.5  # seconds\nNAME: str = "b"\nprint(X)\n'
    )
    # strings in double quotes, as the formatter writes them (so a program file with its
    # defaults reads the same before and after), unless that would need escaping
    assert set_constants('S = "a"\n', {"S": "x'y"}) == 'S = "x\'y"\n'
    assert set_constants('S = "a"\n', {"S": 'say "hi"'}) == "S = 'say \"hi\"'\n"
    assert set_constants('S = "a"\n', {"S": "a\\b"}) == 'S = "a\\\\b"\n'
    with pytest.raises(ValueError, match="no top-level constant Y"):
        set_constants(text, {"Y": 1})


def test_a_syntax_error_names_the_learners_line() -> None:
    run = run_text("import asyncio\n\nasync def main(:\n    pass\n")
    assert run.outcome is not None and run.outcome.ending is Ending.FAILED
    assert run.outcome.line == 3
    assert "prog.py (line 3): SyntaxError" in run.outcome.message


def test_an_exception_shows_only_the_programs_frames() -> None:
    run = run_text(
        "import asyncio\n"
        "async def main():\n"
        "    await asyncio.sleep(0)\n"
        "    raise ValueError('bad input')\n"
        "asyncio.run(main())\n"
    )
    outcome = run.outcome
    assert outcome is not None and outcome.ending is Ending.FAILED and outcome.line == 4
    assert outcome.message == "prog.py (line 4): ValueError: bad input"
    assert 'File "prog.py", line 4, in main' in outcome.details
    assert "asyncio_lab" not in outcome.details and "asyncio/" not in outcome.details


def test_a_program_without_asyncio_is_told_so() -> None:
    run = run_text("print('just a script')\n")
    assert run.outcome is not None and run.outcome.ending is Ending.NO_ASYNCIO
    assert "without starting asyncio" in run.outcome.message
    assert run.printed == ["just a script"]


def test_a_main_without_asyncio_run_is_run() -> None:
    run = run_text("import asyncio\nasync def main():\n    print('ran')\n")
    assert run.outcome is not None and run.outcome.ok and run.printed == ["ran"]


def test_locks_and_queues_report_holders_and_waiters_unasked() -> None:
    run = run_text(
        "import asyncio\n"
        "async def worker(lock):\n"
        "    async with lock:\n"
        "        await asyncio.sleep(0.01)\n"
        "async def main():\n"
        "    guard = asyncio.Lock()\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(worker(guard), name='a')\n"
        "        tg.create_task(worker(guard), name='b')\n"
        "asyncio.run(main())\n"
    )
    states = [
        (e.state, e.holders, e.waiters)
        for e in run.events
        if isinstance(e, PrimitiveEvent) and e.label == "guard"
    ]
    assert ("locked", ("a",), ("b",)) in states
    assert ("locked", ("b",), ()) in states
    assert states[-1] == ("unlocked", (), ())


def test_slow_motion_stretches_asyncio_sleep_and_time_sleep_in_threads() -> None:
    program = (
        "import asyncio, time\n"
        "async def main():\n"
        "    await asyncio.sleep(0.2)\n"
        "    await asyncio.to_thread(time.sleep, 0.2)\n"
        "    t = time.monotonic()\n"
        "    await asyncio.wait_for(asyncio.sleep(0.1), timeout=5)\n"
        "    print(round(time.monotonic() - t, 1))\n"
        "asyncio.run(main())\n"
    )

    def timed(speed: float) -> tuple[float, list[str]]:
        started = time.perf_counter()
        run = run_text(program, speed=speed)
        return time.perf_counter() - started, run.printed

    normal, said_normal = timed(1.0)
    slow, said_slow = timed(0.25)
    assert 3.0 < slow / normal < 5.0  # 4× slower, whatever the machine's own pace
    assert said_normal == said_slow == ["0.1"]  # the program measures its own seconds


def test_the_learners_script_runs_from_a_file(tmp_path: Path) -> None:
    script = tmp_path / "mine.py"
    script.write_text("import asyncio\nasync def main():\n    print('mine')\nasyncio.run(main())\n")
    run = run_program_headless(ProgramSource(script.read_text(), str(script)))
    assert run.outcome is not None and run.outcome.ok and run.printed == ["mine"]


@pytest.mark.skipif(sys.version_info < (3, 12), reason="eager tasks need 3.12")
def test_a_task_made_by_calling_eager_task_factory_directly_is_tracked() -> None:
    run = run_text(
        "import asyncio\n"
        "async def quick():\n"
        "    print('quick runs')\n"
        "    return 42\n"
        "async def main():\n"
        "    loop = asyncio.get_running_loop()\n"
        "    task = asyncio.eager_task_factory(loop, quick(), name='direct')\n"
        "    print('done at once:', task.done())\n"
        "    loop.set_task_factory(asyncio.eager_task_factory)\n"
        "    print('installed:', loop.get_task_factory() is asyncio.eager_task_factory)\n"
        "    await loop.create_task(quick(), name='via-loop')\n"
        "asyncio.run(main())\n"
    )
    assert run.outcome is not None and run.outcome.ok, run.outcome
    assert run.printed == ["quick runs", "done at once: True", "installed: True", "quick runs"]
    tasks = [e for e in run.events if isinstance(e, TaskEvent)]
    for name in ("direct", "via-loop"):
        mine = [e for e in tasks if e.name == name]
        assert [e.state for e in mine] == [TaskState.PENDING, TaskState.RUNNING, TaskState.DONE]
        assert len({e.task_id for e in mine}) == 1  # tracked once, not wrapped twice
    said = [(e.message, e.task_name) for e in run.events if isinstance(e, LogEvent)]
    assert ("quick runs", "direct") in said and ("quick runs", "via-loop") in said
