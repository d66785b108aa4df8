"""Seed §5 (subprocesses): the promised behaviour, asserted through the headless runner."""

from __future__ import annotations

import os
import signal

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import LogLevel
from tests.demo_helpers import messages, run


@pytest.mark.parametrize(
    ("stderr", "stdout_lines", "stderr_bytes"),
    [
        ("pipe", ["to stdout"], b"to stderr\n"),
        ("stdout", ["to stdout", "to stderr"], None),  # merged into stdout
        ("devnull", ["to stdout"], None),  # thrown away
    ],
)
def test_exec_with_pipe_stdout_and_devnull(
    stderr: str, stdout_lines: list[str], stderr_bytes: bytes | None
) -> None:
    outcome = run("subprocess.exec", stderr=stderr).result
    assert outcome == {"stdout": stdout_lines, "stderr": stderr_bytes, "returncode": 0}


@pytest.mark.parametrize("text", catalogue.get("subprocess.shell-quoting").param("text").choices)
def test_shell_and_exec_both_print_hostile_input_literally(text: str) -> None:
    result = run("subprocess.shell-quoting", text=text)
    expected = {"exec": text}
    if os.name == "posix":
        expected |= {"shell": text, "pipeline": str(len(text))}
    assert result.result == expected
    if os.name == "posix":
        logs = messages(result)
        assert f"pasted in unquoted (never run): echo {text}" in logs
        assert any(m.startswith("quoted with shlex.quote (run):") for m in logs)


def test_streaming_lines_arrive_while_the_child_still_runs() -> None:
    arrivals = run("subprocess.streaming", speed=4, lines=4, interval=0.5).result
    assert [a["line"] for a in arrivals] == ["line 1", "line 2", "line 3", "line 4"]
    assert all(a["rc"] is None for a in arrivals)  # the child was still running
    times = [a["at"] for a in arrivals]
    assert times == sorted(times)
    assert times[-1] - times[0] >= 0.5 * 3 * 0.8  # spread out, not all at the exit


def test_interactive_child_driven_over_stdin() -> None:
    result = run("subprocess.interactive", x=6)
    assert result.result == ["42", "15", "'ok'"]
    assert any(m.endswith("exit code 0") for m in messages(result, LogLevel.RESULT))
    assert ">>> x * 7" in messages(result)


def test_several_children_at_once_the_longest_sets_the_total() -> None:
    result = run("subprocess.concurrent", speed=2, first=1.0, second=3.0, third=2.0)
    outcome = result.result
    assert outcome["results"] == ["child-1", "child-2", "child-3"]  # argument order
    # they ran side by side: one after the other, in argument order, child-2 (3 s) would end
    # before child-3 (2 s) began; instead they end in order of duration
    assert result.checkpoints == ["child-1 done", "child-3 done", "child-2 done"]
    assert outcome["total"] >= 3.0 * 0.9  # never less than the longest


def test_failures_are_explained_not_crashed_on() -> None:
    result = run("subprocess.failures", exit_code=7)
    assert result.result["returncode"] == 7
    assert result.result["missing"].startswith("FileNotFoundError")
    warnings = messages(result, LogLevel.WARNING)
    assert any("something went wrong" in m for m in warnings)


def test_stopping_kills_and_reaps_the_child() -> None:
    outcome = run("subprocess.kill-on-stop", speed=2, stop_after=1.0, tick=0.25).result
    assert outcome["ticks"] >= 1
    if os.name == "posix":
        assert outcome["returncode"] == -signal.SIGKILL
    else:
        assert outcome["returncode"] != 0
