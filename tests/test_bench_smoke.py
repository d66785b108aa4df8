"""The benchmark suite runs and speaks JSON of the documented shape. No timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
# The benchmarks are not installed: they run from the checkout, as the README says.
sys.path.insert(0, str(CHECKOUT))
from benchmarks import cli, report  # noqa: E402
from benchmarks.stats import percentile, summary  # noqa: E402

sys.path.remove(str(CHECKOUT))

ROW_KEYS = {"figure", "subject", "value", "plain", "ratio", "target", "met", "note"}


def test_the_smallest_case_runs_in_a_worker_and_returns_json() -> None:
    result = cli.run_case("throughput", timeout=50, loop="plain", sizes=[200], budget=5.0)
    assert set(result) == {"seconds", "skipped"}
    assert result["skipped"] == []
    assert result["seconds"]["200"] > 0


def test_a_section_with_tiny_sizes_gives_rows_and_a_table(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from benchmarks import plan

    tiny = plan.Plan(
        repeats=1,
        sizes=(100, 300),
        qasync_sizes=(100,),
        qasync_repeats=1,
        budget_s=5.0,
        inner=1,
        timers=5,
        round_trips=5,
        tracker_sizes=(100,),
        eager_tasks=100,
        storm_tasks=100,
        tick_ms=5,
        inspector_sizes=(10,),
        paint_repeats=1,
    )
    monkeypatch.setattr(cli, "QUICK", tiny)
    out = tmp_path / "results.json"
    assert cli.main(["--quick", "--json", "--only", "tracker", "--out", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(out.read_text())
    assert {"meta", "tracker", "rows"} <= set(printed)
    assert {"python", "libraries", "cpu", "quick", "date"} <= set(printed["meta"])
    assert printed["meta"]["libraries"]["qasync"]
    runs = printed["tracker"]["sizes"]["100"]
    assert len(runs["untracked"]) == len(runs["tracked"]) == 1
    assert runs["tracked"][0]["events"] >= 300  # pending, running, done for each of 100 tasks
    assert printed["rows"] and all(set(row) == ROW_KEYS for row in printed["rows"])
    table = report.markdown(printed)
    assert "| Figure |" in table and "tracker overhead" in table


def test_render_table_script_turns_results_into_markdown(tmp_path: Path) -> None:
    results: dict[str, Any] = {
        "meta": {"python": "3.x", "libraries": {}, "quick": True},
        "throughput": {
            "sizes": [10],
            "loops": {
                "plain": {"runs": [{"seconds": {"10": 0.001}, "skipped": []}]},
                "lab": {"runs": [{"seconds": {"10": 0.001}, "skipped": []}]},
                "qtasyncio": {"note": "not installed"},
            },
        },
    }
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results))
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "render_table.py"
    done = subprocess.run(
        [sys.executable, str(script), str(path)], capture_output=True, text=True, check=True
    )
    assert "| TaskGroup µs/task, 10 | LabQtLoop (integrated) |" in done.stdout
    assert "not installed" in done.stdout


def test_percentiles_are_nearest_rank() -> None:
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert summary([])["n"] == 0


def test_the_tracker_speed_ups_keep_events_identical() -> None:
    """Raw task records become the very TaskEvents the tracker used to build on the spot."""
    import asyncio

    from asyncio_lab.core.buffer import TASK_FIELDS, EventBuffer, make_task_event
    from asyncio_lab.core.events import TaskEvent, TaskState
    from asyncio_lab.core.tracker import Tracker

    full = (1.5, 7, "Task-7", TaskState.SUSPENDED, "asyncio-loop", "sleep()", 12, None, "f", 3)
    for values in (full, full[:5], full[:8]):
        made = make_task_event(*values)
        expected = TaskEvent(*values)
        assert type(made) is TaskEvent
        assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert TaskEvent._fields == TASK_FIELDS

    buffer = EventBuffer()
    buffer.record_task((0.1, 1, None, "running", "MainThread"))
    buffer.append(full_event := TaskEvent(*full))
    assert len(buffer) == 2
    assert buffer.drain() == [TaskEvent(0.1, 1, None, TaskState.RUNNING, "MainThread"), full_event]
    assert len(buffer) == 0

    tracker = Tracker()

    async def child() -> int:
        await asyncio.sleep(0)
        return 1

    async def main() -> None:
        tracker.install(asyncio.get_running_loop())
        try:
            # loop.create_task: asyncio.create_task names the task only afterwards on 3.11
            await asyncio.get_running_loop().create_task(child(), name="kid")
        finally:
            tracker.uninstall()

    asyncio.run(main())
    states = [(e.name, e.state, e.outcome) for e in tracker.buffer.drain()]
    assert states == [
        ("kid", TaskState.PENDING, None),
        ("kid", TaskState.RUNNING, None),
        ("kid", TaskState.SUSPENDED, None),
        ("kid", TaskState.RUNNING, None),
        ("kid", TaskState.DONE, "1"),
    ]


def test_the_scrub_case_jumps_in_a_small_store_and_speaks_json() -> None:
    result = cli.run_case("scrub", timeout=60, kind="wakeups", events=3000, jumps=5)
    assert result["events"] == 3000
    assert set(result["jump_ms"]) == {"p50", "p95", "max"}
    assert result["jump_ms"]["p50"] <= result["jump_ms"]["max"]
