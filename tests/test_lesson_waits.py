"""A lesson's own ``asyncio.wait`` shows its done and pending sets in the wait panel, as the
playground's does, and is recorded (headless ``--json`` too)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from asyncio_lab.core.events import WaitEvent
from asyncio_lab.core.runner import run_headless
from tests import window_driver as drive
from tests.gui_helpers import list_rows

pytestmark = pytest.mark.gui


def names(rows: list[str]) -> list[str]:
    """'✔ A — done' → 'A'."""
    return [row.split(" ", 1)[1].split(" — ")[0] for row in rows]


def test_the_wait_panel_shows_the_sets_a_lesson_s_wait_returned(window, qtbot):
    panel = window.wait_panel
    params = {"a": "0.1", "b": "0.6", "c": "0.7", "timeout": "0.3"}
    drive.run_demo(window, "waiting.wait-timeout", params)
    qtbot.waitUntil(lambda: "returned after" in panel.caption.text(), timeout=10_000)
    assert "asyncio.wait(return_when=ALL_COMPLETED, timeout=0.3 s)" in panel.caption.text()
    assert "1 done, 2 pending" in panel.caption.text()
    assert names(list_rows(panel.done_list)) == ["A"]
    assert names(list_rows(panel.pending_list)) == ["B", "C"]
    # main then waits for the pending two: the panel shows that wait when it returns
    qtbot.waitUntil(lambda: "2 done, 0 pending" in panel.caption.text(), timeout=10_000)
    assert names(list_rows(panel.done_list)) == ["B", "C"]


def test_a_lesson_s_waits_are_events_with_the_sets_and_its_own_seconds():
    run = run_headless("waiting.wait-timeout", {"a": 0.1, "b": 0.5, "c": 0.6, "timeout": 0.3})
    assert run.ok, run.outcome
    first, second = [e for e in run.events if isinstance(e, WaitEvent)]
    assert (first.mode, first.timeout, first.done, first.pending) == (
        "ALL_COMPLETED", 0.3, ("A",), ("B", "C"),
    )  # fmt: skip
    assert first.elapsed == pytest.approx(0.3, abs=0.1)
    assert (second.done, second.pending) == (("B", "C"), ())
    ids = {e.task_id: e.label for e in run.events if hasattr(e, "task_id")}
    assert [ids[i] for i in first.done_ids + first.pending_ids] == ["A", "B", "C"]


def test_json_output_carries_the_wait():
    done = subprocess.run(
        [sys.executable, "-m", "asyncio_lab.gui", "run", "waiting.return-when", "--json"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    waits = [json.loads(line) for line in done.stdout.splitlines() if '"kind": "wait"' in line]
    assert waits and waits[0]["done"] == ["A"] and waits[0]["pending"] == ["B", "C"]
