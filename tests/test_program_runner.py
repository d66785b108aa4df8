"""A plain program under the lab: prints, slow motion, errors in the learner's own lines."""

from __future__ import annotations

import ast
import sys
import time
from pathlib import Path

import pytest

from asyncio_lab.core.events import LogEvent, LogLevel, TaskEvent, TaskState
from asyncio_lab.core.program.run import Ending
from asyncio_lab.core.program.source import ProgramSource, set_constants
from asyncio_lab.core.runner import run_program_headless
from tests.program_helpers import on_a_host, run_text


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
    main_task = lines[0][1]  # asyncio numbers tasks per process: "Task-1" only in a fresh one
    assert main_task is not None and main_task.startswith("Task-")
    assert lines[0] == ("start of main", main_task, "MainThread")
    assert lines[1][0] == "in a thread True" and lines[1][2] != "MainThread"
    assert lines[1][1] == main_task  # a to_thread job's print is the awaiting task's doing
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


def test_string_constants_are_written_as_the_formatter_writes_them() -> None:
    # A lesson file holds its defaults in the formatter's double quotes, and the program
    # shown with those defaults must equal the file: set strings the same way.
    for value in ("caller", "it's", 'say "hi"', "both ' and \"", "tab\there", "ü"):
        (line,) = set_constants("S = ''\n", {"S": value}).splitlines()
        literal = line.removeprefix("S = ")
        assert eval(literal) == value
        assert literal.startswith('"') or '"' in value


def test_string_constants_get_the_quotes_a_formatter_would_write() -> None:
    # A program at its defaults must read exactly like the file, which ruff formats.
    text = 'WORD = "x"\n'
    for value in ("req-7", "it's", 'say "hi"', "both ' and \""):
        written = set_constants(text, {"WORD": value})
        assert ast.literal_eval(written.split(" = ", 1)[1]) == value
    assert set_constants(text, {"WORD": "req-7"}) == 'WORD = "req-7"\n'
    assert set_constants(text, {"WORD": "'hello'"}) == "WORD = \"'hello'\"\n"


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


def test_a_main_without_asyncio_run_is_run_and_the_learner_is_told() -> None:
    run = run_text("import asyncio\nasync def main():\n    print('ran')\n")
    assert run.outcome is not None and run.outcome.ok and run.printed == ["ran"]
    assert "the lab ran main() for you, python would not" in run.outcome.message


def test_main_called_without_asyncio_run_is_not_run_as_python_does_not() -> None:
    with pytest.warns(RuntimeWarning, match="coroutine 'main' was never awaited"):
        run = run_text("import asyncio\nasync def main():\n    print('ran')\nmain()\n")
    assert run.outcome is not None and run.outcome.ending is Ending.NO_ASYNCIO
    assert run.printed == []
    assert "was never awaited" in run.outcome.message


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


def test_on_a_host_a_runner_keeps_one_context_for_all_its_runs() -> None:
    # as asyncio.Runner does: a ContextVar set by one run() is seen by the next
    outcome, said = on_a_host(
        "import asyncio, contextvars\n"
        "var = contextvars.ContextVar('var', default=0)\n"
        "async def step(n):\n"
        "    print(n, var.get())\n"
        "    var.set(n)\n"
        "with asyncio.Runner() as runner:\n"
        "    runner.run(step(1))\n"
        "    runner.run(step(2))\n"
        "    runner.run(step(3), context=contextvars.Context())\n"
        "asyncio.run(step(4))\n"
        "print('top', var.get())\n"
    )
    assert outcome.ok, outcome  # type: ignore[attr-defined]
    assert said == ["1 0", "2 1", "3 0", "4 0", "top 0"]


def test_on_a_host_a_debug_run_gets_a_debug_loop_and_runs_once() -> None:
    # the host's loop cannot change its debug mode for one program: the run gets its own loop
    outcome, said = on_a_host(
        "import asyncio\n"
        "async def main():\n"
        "    print('debug', asyncio.get_running_loop().get_debug())\n"
        "asyncio.run(main(), debug=True)\n"
        "with asyncio.Runner(debug=True) as runner:\n"
        "    runner.run(main())\n"
    )
    assert outcome.ok, outcome  # type: ignore[attr-defined]
    assert said == ["debug True", "debug True"]


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


def test_slow_motion_stretches_a_threads_wait_on_run_coroutine_threadsafe() -> None:
    # The coroutine's sleep is stretched; result(timeout=...) must be too, or slow motion
    # would turn an answer in time into a TimeoutError.
    program = (
        "import asyncio, concurrent.futures, threading\n"
        "async def work():\n"
        "    await asyncio.sleep(0.2)\n"
        "    return 42\n"
        "def worker(loop, out):\n"
        "    future = asyncio.run_coroutine_threadsafe(work(), loop)\n"
        "    out.append(isinstance(future, concurrent.futures.Future))\n"
        "    out.append(future.result(timeout=0.4))\n"
        "async def main():\n"
        "    out = []\n"
        "    thread = threading.Thread(target=worker, args=(asyncio.get_running_loop(), out))\n"
        "    thread.start()\n"
        "    await asyncio.to_thread(thread.join)\n"
        "    print(out)\n"
        "asyncio.run(main())\n"
    )
    run = run_text(program, speed=0.25)  # 0.8 s of real work, a 1.6 s real limit
    assert run.outcome is not None and run.outcome.ok, run.outcome
    assert run.printed == ["[True, 42]"]


def test_string_constants_are_written_as_ruff_writes_them() -> None:
    # The lesson files pass `ruff format --check`, and a lesson's code at its defaults must
    # read exactly as its file: so a string is set in double quotes, as ruff would write it.
    text = 'TEXT = "abc"  # what to send\n'
    for value, written in [
        ("abc", '"abc"'),
        ("it's", '"it\'s"'),
        ("$HOME", '"$HOME"'),
        ("a\tb", '"a\\tb"'),
        ("'hello'", "\"'hello'\""),
        ('say "hi" it\'s', "'say \"hi\" it\\'s'"),
    ]:
        new = set_constants(text, {"TEXT": value})
        assert new == f"TEXT = {written}  # what to send\n"
        namespace: dict[str, object] = {}
        exec(new, namespace)
        assert namespace["TEXT"] == value


def test_asyncio_runs_own_clean_up_is_not_shown_as_the_programs_tasks() -> None:
    run = run_text(
        "import asyncio\nasync def main():\n    await asyncio.sleep(0)\nasyncio.run(main())\n"
    )
    names = {e.coro_name for e in run.events if isinstance(e, TaskEvent) and e.coro_name}
    assert names == {"main"}


@pytest.mark.skipif(sys.version_info < (3, 12), reason="asyncio.run(loop_factory=) is 3.12+")
def test_a_run_with_a_loop_factory_of_its_own_runs_main_once() -> None:
    run = run_text(
        "import asyncio\n"
        "async def main():\n"
        "    print('main ran')\n"
        "asyncio.run(main(), loop_factory=asyncio.SelectorEventLoop)\n"
    )
    assert run.outcome is not None and run.outcome.ok
    assert run.printed == ["main ran"]  # not a second time on the lab's own loop


def test_sys_exit_in_main_ends_the_program_with_its_code_not_the_loop() -> None:
    text = (
        "import asyncio, sys\n"
        "async def main():\n"
        "    print('giving up')\n"
        "    sys.exit(3)\n"
        "asyncio.run(main())\n"
    )
    for outcome in (run_text(text).outcome, on_a_host(text)[0]):
        assert outcome.ending is Ending.FAILED and outcome.exit_code == 3, outcome  # type: ignore[attr-defined]


def test_on_a_host_asyncio_run_in_a_thread_of_the_program_runs_main_once() -> None:
    outcome, said = on_a_host(
        "import asyncio, threading\n"
        "async def main():\n"
        "    print('main runs in', threading.current_thread().name)\n"
        "t = threading.Thread(target=lambda: asyncio.run(main()), name='worker')\n"
        "t.start()\n"
        "t.join()\n"
        "print('top level done')\n"
    )
    assert outcome.ok, outcome  # type: ignore[attr-defined]
    assert said == ["main runs in worker", "top level done"]


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_script_imports_its_neighbours_sees_its_argv_and_a_process_pool_runs_its_functions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from asyncio_lab.core import cli

    (tmp_path / "helpers_beside_it.py").write_text("GREETING = 'hello from helpers'\n")
    script = tmp_path / "mine.py"
    script.write_text(
        "import asyncio, concurrent.futures, sys\n"
        "import helpers_beside_it\n"
        "def cpu(n):\n"
        "    return sum(range(n))\n"
        "async def main():\n"
        "    print(helpers_beside_it.GREETING, sys.argv[1:])\n"
        "    with concurrent.futures.ProcessPoolExecutor(1) as pool:\n"
        "        print(await asyncio.get_running_loop().run_in_executor(pool, cpu, 4))\n"
        "asyncio.run(main())\n"
    )
    before = (list(sys.argv), list(sys.path), sys.modules["__main__"])
    try:
        run = run_program_headless(ProgramSource(script.read_text(), str(script), ("-n", "5")))
        assert run.outcome is not None and run.outcome.ok, run.outcome
        assert run.printed == ["hello from helpers ['-n', '5']", "6"]
        assert (sys.argv, sys.path, sys.modules["__main__"]) == before
        assert cli.main(["run", str(script), "--", "-x"]) == 0
        assert "hello from helpers ['-x']" in capsys.readouterr().out
    finally:
        sys.modules.pop("helpers_beside_it", None)


def test_redirect_stdout_sends_the_programs_prints_where_it_says() -> None:
    text = (
        "import asyncio, contextlib, io\n"
        "async def main():\n"
        "    buf = io.StringIO()\n"
        "    with contextlib.redirect_stdout(buf):\n"
        "        print('captured')\n"
        "    print('buffer holds', repr(buf.getvalue()))\n"
        "asyncio.run(main())\n"
    )
    assert run_text(text).printed == ["buffer holds 'captured\\n'"]


def test_an_exception_group_shows_only_the_programs_frames() -> None:
    text = (
        "import asyncio\n"
        "async def boom():\n"
        "    await asyncio.sleep(0)\n"
        "    raise ValueError('bad input')\n"
        "async def main():\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(boom())\n"
        "asyncio.run(main())\n"
    )
    for outcome in (run_text(text).outcome, on_a_host(text)[0]):
        details = outcome.details  # type: ignore[attr-defined]
        assert 'File "prog.py", line 4, in boom' in details
        assert "asyncio_lab" not in details and "asyncio/" not in details
        assert "traced_coro" not in details


def test_set_constants_refuses_a_twice_assigned_name_and_keeps_odd_line_breaks() -> None:
    with pytest.raises(ValueError, match="assigns the constant X more than once"):
        set_constants("X = 1\nX = 2\n", {"X": 3})
    text = "A = 1\n\x0cB = 2  # a \u2028 in a comment\nC = 3\n"
    assert set_constants(text, {"C": 4}) == "A = 1\n\x0cB = 2  # a \u2028 in a comment\nC = 4\n"
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="finite"):
            set_constants("X = 1.0\n", {"X": bad})


def test_in_slow_motion_time_monotonic_and_loop_time_are_one_clock_and_time_time_slows_too() -> (
    None
):
    text = (
        "import asyncio, time\n"
        "time.sleep(0.1)  # top-level work before the loop starts\n"
        "async def main():\n"
        "    gap = asyncio.get_running_loop().time() - time.monotonic()\n"
        "    print(f'{abs(gap):.2f}')\n"
        "    t0 = time.time()\n"
        "    await asyncio.sleep(0.2)\n"
        "    print(f'{time.time() - t0:.1f}')\n"
        "asyncio.run(main())\n"
    )
    run = run_text(text, speed=0.25)
    assert run.outcome is not None and run.outcome.ok, run.outcome
    assert run.printed == ["0.00", "0.2"]
    outcome, said = on_a_host(text, speed=0.25)
    assert outcome.ok, outcome  # type: ignore[attr-defined]
    assert said == ["0.00", "0.2"]
