"""A trace or a PNG that cannot be written is said in one line: before the run on the command
line (exit 2), in the status bar in the window; never a traceback (issue 14, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import DEMO, cli

FAST = ("--param", "first=0.05", "--param", "second=0.05")


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("", "no file name given"),
        ("{tmp}/no/such/folder/trace.json", "No such file or directory"),
        ("{tmp}", "is a folder"),
    ],
)
def test_an_unwritable_trace_path_is_refused_before_the_run(tmp_path, where, says):
    out = cli("run", DEMO, *FAST, "--trace", where.format(tmp=tmp_path))
    assert out.returncode == 2
    assert out.stdout == ""  # the lesson did not run
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("asyncio-lab: error: --trace: ") and says in out.stderr


def test_a_good_trace_path_leaves_only_the_trace(tmp_path):
    path = tmp_path / "trace.json"
    assert cli("run", DEMO, *FAST, "--trace", str(path)).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["trace.json"]


def export_through_the_dialog(qtbot, window, kind: str, path: Path) -> str:
    page = window.timeline_page
    action = page.export_trace_action if kind == "trace" else page.export_png_action
    action.trigger()
    qtbot.waitUntil(lambda: page._dialog is not None and page._dialog.isVisible(), timeout=3000)
    page._dialog.selectFile(str(path))
    page._dialog.accept()
    status = window.statusBar()
    # a trace is written by a worker thread: wait for its word (the PNG's comes at once)
    qtbot.waitUntil(lambda: not status.currentMessage().startswith("Writing"), timeout=30_000)
    return status.currentMessage()


@pytest.mark.parametrize("kind", ["trace", "png"])
def test_a_failed_export_says_so_in_the_status_bar(qtbot, window, tmp_path, kind):
    said = export_through_the_dialog(qtbot, window, kind, tmp_path / "gone" / f"x.{kind}")
    assert said.startswith("Export failed: cannot write"), said
    good = tmp_path / f"timeline.{kind}"
    said = export_through_the_dialog(qtbot, window, kind, good)
    assert said.startswith(f"Exported the timeline to {good}") and good.stat().st_size > 0
