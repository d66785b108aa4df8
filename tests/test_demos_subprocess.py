"""Seed §5 (subprocesses): the promised behaviour, asserted from what the programs print."""

from __future__ import annotations

import os
import re
import signal

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskState
from tests.demo_helpers import final_states, printed, printed_by, run_program


def number_in(line: str) -> float:
    return float(re.findall(r"\d+\.\d+", line)[0])


@pytest.mark.parametrize(
    ("stderr", "stdout_lines", "stderr_bytes"),
    [
        ("pipe", "['to stdout']", "b'to stderr\\n'"),
        ("stdout", "['to stdout', 'to stderr']", "None"),  # merged into stdout
        ("devnull", "['to stdout']", "None"),  # thrown away
    ],
)
def test_exec_with_pipe_stdout_and_devnull(
    stderr: str, stdout_lines: str, stderr_bytes: str
) -> None:
    assert printed(run_program("subprocess.exec", stderr=stderr)) == [
        "started a child; returncode while it runs: None",
        f"stderr={stderr.upper()}",
        f"stdout lines: {stdout_lines}",
        f"stderr: {stderr_bytes}",
        "returncode: 0",
    ]


@pytest.mark.parametrize("text", catalogue.get("subprocess.shell-quoting").param("text").choices)
def test_shell_and_exec_both_print_hostile_input_literally(text: str) -> None:
    said = printed(run_program("subprocess.shell-quoting", text=text))
    assert f"exec printed: {text}" in said
    assert said[-1] == "the input came back literally: True"
    if os.name == "posix":
        assert said[0] == f"unquoted (never run):  echo {text}"
        assert said[1].startswith("quoted with shlex.quote: echo ")
        assert f"the shell printed: {text}" in said  # nothing in it was run or expanded
        assert f"characters counted by the pipeline: {len(text)}" in said
        assert not [line for line in said if line.strip() in ("INJECTED", "pwned")]


def test_streaming_lines_arrive_while_the_child_still_runs() -> None:
    said = printed(run_program("subprocess.streaming", lines=4, interval=0.5))
    got = [line for line in said if line.startswith("got ")]
    assert [line.split("'")[1] for line in got] == ["line 1", "line 2", "line 3", "line 4"]
    assert all(line.endswith("child still running: True") for line in got)
    assert said[-1].startswith("the child exited with 0 at")
    # Spread out as the child printed them, not all at its exit: the lines arrive over most
    # of the child's life (three of its four intervals), whatever the speed of the loop.
    times = [number_in(line) for line in got]
    exit_at = number_in(said[-1])
    assert times == sorted(times)
    assert times[-1] - times[0] > 0.5 * exit_at


def test_interactive_child_driven_over_stdin() -> None:
    said = printed(run_program("subprocess.interactive", x=6))
    assert said == [
        ">>> x = 6",  # a statement: no answer, and none is waited for
        ">>> x * 7",
        "child answered 42",
        ">>> sum(range(x))",
        "child answered 15",
        ">>> 'ok'",
        "child answered 'ok'",
        "exit code: 0",  # closing stdin ended the session
    ]


def test_several_children_at_once_the_longest_sets_the_total() -> None:
    run = run_program("subprocess.several-at-once", speed=1, first=0.5, second=1.5, third=1.0)
    said = printed(run)
    done = [line.split()[0] for line in said if " done (exit code 0)" in line]
    assert done == ["child-1", "child-3", "child-2"]  # in the order they finish
    assert "results, in argument order: ['child-1', 'child-2', 'child-3']" in said
    took = number_in(said[-1])
    assert took >= 1.5  # at least the longest child
    assert took < (0.5 + 1.5 + 1.0) * 0.85  # nowhere near the sum
    assert {final_states(run)[f"child-{i}"] for i in (1, 2, 3)} == {TaskState.DONE}


def test_failures_are_explained_not_crashed_on() -> None:
    said = printed(run_program("subprocess.failures", exit_code=7))
    assert said[0] == "the child exited with 7 and said: something went wrong"
    assert "exec of a missing program raised FileNotFoundError: No such file or directory" in said
    if os.name == "posix":
        assert "through the shell, the exit code is 127" in said
    assert said[-1] == "both failures were reported, and the program carried on"


def test_cancelling_the_task_leaves_the_child_running_until_it_is_killed() -> None:
    run = run_program("subprocess.kill-on-stop", ticks=3, tick=0.1)
    said = printed(run)
    killed = -signal.SIGKILL if os.name == "posix" else 1
    assert said == [
        "child: tick 1",
        "child: tick 2",
        "child: tick 3",
        "the task ends; its child still running: True",
        f"after kill() and wait(), the exit code is {killed}",
        "the watcher task was cancelled: True",
    ]
    # the clean-up ran inside the cancelled task, in its finally
    by_task = {line: task for line, task, _ in printed_by(run)}
    assert by_task["the task ends; its child still running: True"] == "watcher"
    assert final_states(run)["watcher"] is TaskState.CANCELLED
