"""Demos run in the real window on both hosts: browse, run, watch, stop."""

from __future__ import annotations

import sys

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskState
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.gui.task_model import Column
from tests import window_driver as drive
from tests.gui_helpers import row, state_of, wait_for_state

# demos this Python is too old to run
GATED = [d for d in catalogue.all_demos() if d.requires and sys.version_info[:2] < d.requires]


def _finished_message(qtbot, window, timeout=15_000) -> str:
    qtbot.waitUntil(lambda: window.session.demos.running is None, timeout=timeout)
    return window.demo_panel.message.text()


def test_search_filters_the_tree(window):
    from asyncio_lab.core.chapters import chapter_title

    window.demo_panel.search.setText("Semaphore")
    visible = window.demo_panel.visible_demo_ids()
    assert "sync.semaphore" in visible and "intro.hello-world" not in visible
    for demo_id in visible:
        demo = catalogue.get(demo_id)
        text = " ".join((demo.id, demo.title, demo.explanation, chapter_title(demo.chapter)))
        assert "semaphore" in text.lower()
    window.demo_panel.search.setText("")
    assert len(window.demo_panel.visible_demo_ids()) == len(catalogue.all_demos())


def test_a_demo_shows_its_explanation_and_real_code(window):
    window.demo_panel.select("coroutines.sequential-vs-tasks")
    lesson = window.lesson_view
    assert "Awaiting in turn" in lesson.explanation.toPlainText()
    code = lesson.code.toPlainText()
    assert "async def job(label, seconds):" in code and "asyncio.create_task(" in code
    assert "@demo" not in code and "ctx" not in code  # the plain program, nothing of the lab
    assert window.center_tabs.currentWidget() is lesson


def test_run_a_demo_and_see_its_tasks_code_marks_and_result(qtbot, window):
    drive.run_demo(window, "coroutines.sequential-vs-tasks", {"first": "0.4", "second": "0.8"})
    assert window.demo_panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: state_of(window, "job-B") is TaskState.SUSPENDED, timeout=10_000)
    # the code panel tints the line the demo's tasks are parked at
    qtbot.waitUntil(lambda: bool(window.lesson_view.code.marked), timeout=5000)
    lines = window.lesson_view.code.marked
    assert any("asyncio.sleep" in window.lesson_view.code.line_text(n) for n in lines)
    message = _finished_message(qtbot, window)
    assert "finished" in message and "sequential" in message
    assert state_of(window, "job-A") is TaskState.DONE
    assert row(window, "job-A")[Column.RAN_ON] == window.session.host.thread_name
    assert "as two tasks" in window.log_view.toPlainText()


def test_stop_cancels_the_demo_and_everything_it_started(qtbot, window):
    drive.run_demo(window, "waiting.as-completed", {}, speed=0.1)
    qtbot.waitUntil(lambda: window.session.demos.running is not None, timeout=5000)
    qtbot.waitUntil(
        lambda: len([r for r in window.session.book.records if not r.state.is_final]) >= 3,
        timeout=10_000,
    )
    drive.stop_demo(window)
    assert "stopped" in _finished_message(qtbot, window)
    qtbot.waitUntil(lambda: window.session.book.live_count() == 0, timeout=5000)
    # the lesson's program runs as the task "main"; its jobs A, B and C go down with it
    for name in ("main", "A", "B", "C"):
        assert state_of(window, name) is TaskState.CANCELLED


def test_to_thread_demo_reports_a_worker_thread(qtbot, window):
    drive.run_demo(window, "threads.to-thread-beside-sleep", {"seconds": "0.3"})
    assert "finished" in _finished_message(qtbot, window)
    log = window.log_view.toPlainText()
    loop_thread = window.session.host.thread_name
    assert f"{loop_thread} → " in log and "start blocking_io" in log


def test_a_demo_that_fails_is_explained_and_the_app_goes_on(qtbot, window, monkeypatch):
    demo = catalogue.get("coroutines.sequential-vs-tasks")
    broken = ProgramSource(
        "import asyncio\n\n\nasync def main():\n    print('about to fail')\n"
        "    raise KeyError('missing piece')\n\n\nasyncio.run(main())\n",
        demo.program_filename,
    )
    monkeypatch.setattr(type(demo), "program", lambda self, values=None: broken)
    drive.run_demo(window, demo.id)
    message = _finished_message(qtbot, window)
    assert "KeyError" in message and "missing piece" in message and "(line 6)" in message
    wait_for_state(qtbot, window, "main", TaskState.FAILED)
    assert "KeyError" in window.log_view.toPlainText()
    monkeypatch.undo()
    drive.run_demo(window, "coroutines.sequential-vs-tasks", {"first": "0.05", "second": "0.05"})
    assert "finished" in _finished_message(qtbot, window)


@pytest.mark.skipif(not GATED, reason="no demo needs a newer Python than this one")
def test_a_demo_needing_a_newer_python_says_so(window):
    demo = GATED[0]
    window.demo_panel.select(demo.id)
    assert not window.demo_panel.run_button.isEnabled()
    need = ".".join(map(str, demo.requires))
    assert f"needs Python {need}" in window.demo_panel.message.text()
    assert "Not on this Python" in window.lesson_view.explanation.toPlainText()
