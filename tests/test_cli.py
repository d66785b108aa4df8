"""The command line a person without a screen uses: list, run, errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from asyncio_lab.core.events import HandoffKind

DEMO = "coroutines.sequential-vs-tasks"


COMMAND = Path(sys.executable).with_name("asyncio-lab")  # the installed command, as typed


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, timeout=60)


def test_list_shows_every_demo_as_text_and_json():
    text = cli("list")
    assert text.returncode == 0 and DEMO in text.stdout
    rows = [json.loads(line) for line in cli("list", "--json").stdout.splitlines()]
    assert DEMO in {r["id"] for r in rows}
    assert all({"id", "chapter", "title", "params", "available"} <= r.keys() for r in rows)


def test_run_prints_one_event_per_line_with_time_and_thread():
    out = cli("run", DEMO, "--param", "first=0.1", "--param", "second=0.2", "--speed", "4")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("+") and "[MainThread]" in lines[0]
    assert any("as two tasks" in line for line in lines)


def test_run_json_has_the_promised_fields():
    out = cli("run", DEMO, "--param", "first=0.1", "--param", "second=0.1", "--json")
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    for record in records:
        assert {"t", "thread", "kind", "task", "message"} <= record.keys()
        assert record["kind"] in {
            "log",
            "print",  # a line the lesson's program printed
            "task",
            "result",
            "error",
            "warning",
            "handoff",
            "progress",
        }
    task_records = [r for r in records if r["kind"] == "task"]
    assert {"pending", "running", "suspended", "done"} <= {r["state"] for r in task_records}
    # this demo's events all come from the loop's thread, stamped by one clock as they happen,
    # so the lines come out in time order, from the run's start on
    assert {r["thread"] for r in records} == {"MainThread"}
    times = [r["t"] for r in records]
    assert times[0] >= 0 and all(a <= b for a, b in pairwise(times))


def test_run_json_names_each_handoff_kind_by_its_value():
    out = cli("run", "interplay.to-thread-fix", "--param", "block=0.1", "--json")
    assert out.returncode == 0, out.stderr
    handoffs = [r for r in map(json.loads, out.stdout.splitlines()) if r["kind"] == "handoff"]
    kinds = [HandoffKind(r["handoff"]) for r in handoffs]
    assert HandoffKind.JOB_START in kinds and HandoffKind.JOB_RETURN in kinds
    for record, kind in zip(handoffs, kinds, strict=True):
        assert record["message"].endswith(kind.describe(record["subject"]))


def test_unknown_demo_and_bad_parameters_exit_2_with_one_line():
    for args, needle in (
        (("run", "no.such.demo"), "valid demos:"),
        (("run", DEMO, "--param", "first=-3"), "expected 0 to 10"),
        (("run", DEMO, "--param", "nope=1"), "valid: first, second"),
        (("run", DEMO, "--param", "first"), "NAME=VALUE"),
        (("run", DEMO, "--speed", "100"), "--speed"),
    ):
        out = cli(*args)
        assert out.returncode == 2, args
        assert needle in out.stderr, (args, out.stderr)
        assert len(out.stderr.strip().splitlines()) == 1


def test_headless_runs_name_the_mistake_once():
    out = cli("run", "interplay.blocking-sleep", "--json")
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    warnings = [r for r in records if r["kind"] == "warning" and "Blocked the loop" in r["message"]]
    assert len(warnings) == 1
    assert "sleepy" in warnings[0]["message"] and "Fix:" in warnings[0]["message"]


def test_trace_option_writes_a_perfetto_file(tmp_path):
    path = tmp_path / "trace.json"
    out = cli("run", DEMO, "--param", "first=0.05", "--param", "second=0.05", "--trace", str(path))
    assert out.returncode == 0, out.stderr
    trace = json.loads(path.read_text())
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    names = {e["args"]["name"] for e in events if e.get("ph") == "M" and e["name"] == "thread_name"}
    assert "MainThread" in names
    assert any(e.get("ph") == "X" for e in events)


def test_the_benchmarks_run_from_the_checkout_and_are_not_a_command():
    checkout = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=checkout,
    )
    assert out.returncode == 0, out.stderr
    assert "--quick" in out.stdout and "--json" in out.stdout
    assert cli("bench").returncode == 2


def test_export_prints_a_plain_program_that_python_runs_with_the_chosen_values(tmp_path):
    out = cli("export", "intro.hello-world", "--param", "pause=0.2")
    assert out.returncode == 0, out.stderr
    assert "PAUSE = 0.2" in out.stdout and "asyncio_lab" not in out.stdout
    script = tmp_path / "hello.py"
    script.write_text(out.stdout, encoding="utf-8")
    plain = subprocess.run(
        [sys.executable, "-I", script.name], cwd=tmp_path, capture_output=True, text=True
    )
    assert plain.returncode == 0 and plain.stdout.splitlines()[:2] == ["Hello ...", "... world!"]
    bad = cli("export", "intro.hello-world", "--param", "pause=99")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_run_takes_your_own_script_and_names_its_errors_in_one_line(tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text(
        "import asyncio\n\n\nasync def main():\n    print('mine ran')\n\n\nasyncio.run(main())\n"
    )
    out = cli("run", str(mine), "--json")
    assert out.returncode == 0, out.stderr
    prints = [r for r in map(json.loads, out.stdout.splitlines()) if r["kind"] == "print"]
    assert [(r["message"], r["thread"]) for r in prints] == [("mine ran", "MainThread")]
    assert {"t", "thread", "task", "kind", "message"} <= prints[0].keys()

    broken = tmp_path / "broken.py"
    broken.write_text("import asyncio\n\nasync def main(:\n    pass\n")
    failed = cli("run", str(broken))
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        f"asyncio-lab: {broken} (line 3): SyntaxError: invalid syntax"
    ]
    assert "Traceback" not in failed.stderr

    plain = tmp_path / "plain.py"
    plain.write_text("print('no loop')\n")
    told = cli("run", str(plain))
    assert told.returncode == 1 and "without starting asyncio" in told.stderr
    missing = cli("run", str(tmp_path / "nope.py"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
