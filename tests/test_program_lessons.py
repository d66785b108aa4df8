"""Every lesson is a plain asyncio program: no lab in its code, and `python` prints what the lab
shows. The exported files run in an empty directory with ``python -I``, all at once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.runner import run_headless

PROGRAMS = [d for d in catalogue.all_demos() if d.unavailable_reason is None]
LAB_WORDS = re.compile(r"\bctx\b|asyncio_lab|DemoContext")
NUMBER = re.compile(r"\d+\.\d+")  # timings read differently run to run
PLAIN_TIMEOUT = 60
AT_ONCE = 6  # plain interpreters running side by side


# Verdicts a lesson prints about a measurement of this machine (the GIL lesson times threads):
# true or false depends on the machine's load, so the comparison keeps the words, not the value.
MEASURED = re.compile(
    r"^(pure-Python threads took turns \(no real speed-up\)|sleeping threads overlapped): "
)


def _normal(lines: list[str]) -> list[str]:
    cut = (m.group(0) if (m := MEASURED.match(line)) else line for line in lines)
    return sorted(NUMBER.sub("#.#", line.rstrip()) for line in cut)


@pytest.fixture(scope="module")
def plain_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    """Each exported lesson run by plain ``python -I`` in its own empty folder, a few at a time.

    A few, not all at once: the lessons time things (which line prints first), and eighty
    interpreters starting together on a small machine would stall some of them long enough
    to change an order no learner would ever see change.
    """
    waiting = list(PROGRAMS)
    running: dict[str, subprocess.Popen[str]] = {}
    done: dict[str, tuple[int, str, str]] = {}
    while waiting or running:
        while waiting and len(running) < AT_ONCE:
            demo = waiting.pop(0)
            folder = tmp_path_factory.mktemp(demo.id.replace(".", "-"))
            path = folder / demo.program_filename
            path.write_text(demo.program().text, encoding="utf-8")
            running[demo.id] = subprocess.Popen(
                [sys.executable, "-I", path.name],
                cwd=folder,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        demo_id, child = next(iter(running.items()))
        try:
            out, err = child.communicate(timeout=PLAIN_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            out, err = child.communicate()
        done[demo_id] = (child.returncode, out, err)
        del running[demo_id]
    return done


@pytest.mark.parametrize("demo", PROGRAMS, ids=lambda d: d.id)
def test_the_code_shown_is_plain_asyncio(demo: catalogue.Demo) -> None:
    text = demo.source
    assert not LAB_WORDS.search(text), "no lab import and no ctx in a lesson's program"
    assert "import asyncio" in text
    assert 'if __name__ == "__main__":' in text and "asyncio.run(" in text
    assert Path(demo.program_path).read_text(encoding="utf-8") == demo.program().text


@pytest.mark.parametrize("demo", PROGRAMS, ids=lambda d: d.id)
def test_plain_python_prints_what_the_lab_shows(
    demo: catalogue.Demo, plain_runs: dict[str, tuple[int, str, str]]
) -> None:
    code, out, err = plain_runs[demo.id]
    assert code == 0, f"python {demo.program_filename} exited {code}:\n{err}"
    lab = run_headless(demo.id, speed=5)
    assert lab.outcome is not None and lab.outcome.ok, lab.outcome
    assert _normal(lab.printed) == _normal(out.splitlines())
