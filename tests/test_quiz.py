"""asyncio-lab quiz: questions in the terminal, answers piped in one per line, graded by a run."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from asyncio_lab.core import cli


def _quiz(monkeypatch, capsys, answers: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    code = cli.main(["quiz", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_piped_right_answers_exit_0(monkeypatch, capsys):
    # shown: 1 task starts, 2 caller continues, 3 task finishes; task.done() is False
    code, out, err = _quiz(
        monkeypatch, capsys, "2 1 3\nFalse\n", "tasks.create-task", "--speed", "5"
    )
    assert code == 0, out + err
    assert "Q1. Put these lines in the order they are printed." in out
    assert "   2. caller continues" in out
    assert "✔ Q1 right" in out and "✔ Q2 right" in out and "2 of 2 right" in out
    assert "  | task finishes" in out  # the run's own lines, as it ran


def test_a_wrong_answer_exits_1_with_the_right_answer_and_why(monkeypatch, capsys):
    code, out, _ = _quiz(monkeypatch, capsys, "1 2 3\n2\n", "tasks.create-task", "--speed", "5")
    assert code == 1
    assert "✖ Q1 wrong: you said task starts → caller continues → task finishes" in out
    assert "the run: caller continues → task starts → task finishes" in out
    assert "why: create_task returns at once" in out
    assert 'seen: printed line 1: "caller continues' in out
    assert "✔ Q2 right" in out and "1 of 2 right" in out


def test_the_run_decides_a_duration_not_the_stored_answer(monkeypatch, capsys):
    """The author expects about 1 s; with pause=2.5 this run lasts 2.5 s and says so."""
    args = ("intro.hello-world", "--param", "pause=2.5", "--speed", "5")
    code, out, _ = _quiz(monkeypatch, capsys, "no\n2\n", *args)  # 2: "0.5–1.5 s"
    assert code == 1 and "the run: 1.5–3 s (it took 2." in out
    code, out, _ = _quiz(monkeypatch, capsys, "no\n1.5–3 s\n", *args)
    assert code == 0, out


@pytest.mark.parametrize("answers", ["what\n1\n", "", "2 1 3\n"])
def test_unreadable_or_missing_answers_exit_1_without_a_traceback(monkeypatch, capsys, answers):
    code, out, err = _quiz(monkeypatch, capsys, answers, "tasks.create-task", "--speed", "5")
    assert code == 1
    assert "unreadable answer" in out and "Traceback" not in out + err


def test_bad_input_is_one_line(monkeypatch, capsys):
    code, out, err = _quiz(monkeypatch, capsys, "", "tasks.crate-task")
    assert code == 2 and err.count("\n") == 1 and "did you mean tasks.create-task" in err
    code, out, err = _quiz(monkeypatch, capsys, "", "tasks.create-task", "--speed", "0")
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_a_real_pipe_into_the_installed_command():
    done = subprocess.run(
        [sys.executable, "-m", "asyncio_lab.gui", "quiz", "waiting.wait-timeout", "--speed", "5"],
        input="A\nFalse\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "done: A; pending: B, C" in done.stdout and "2 of 2 right" in done.stdout
