"""The async console: top-level await on the live loop; errors stay in the panel."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from asyncio_lab.core import playground as pg
from asyncio_lab.core.console import AsyncConsole
from asyncio_lab.core.events import TaskState
from asyncio_lab.gui.task_model import Column
from tests import window_driver as drive
from tests.gui_helpers import row, wait_for_state


def run(console: AsyncConsole, source: str):
    return asyncio.run(console.run(source))


def test_top_level_await_and_values():
    console = AsyncConsole()
    assert run(console, "await asyncio.sleep(0.01, result='hello')").value == "'hello'"
    reply = run(console, "x = 6\nprint('x is', x)\nx * 7")
    assert reply.output == "x is 6\n" and reply.value == "42" and reply.error is None
    assert run(console, "_ + 1").value == "43"  # the last value is kept as _


def test_multi_line_blocks_wait_for_completion():
    console = AsyncConsole()
    assert not console.is_complete("async def f():")
    assert not console.is_complete("async def f():\n    return 1")
    assert console.is_complete("async def f():\n    return 1\n")
    assert console.is_complete("1 +* 2")  # a syntax error runs, and reports itself


def test_errors_are_tracebacks_in_the_reply_not_exceptions():
    console = AsyncConsole()
    reply = run(console, "1/0")
    assert reply.value is None and reply.error.endswith("ZeroDivisionError: division by zero")
    assert 'File "<console>", line 1' in reply.error
    assert "console.py" not in reply.error
    assert "SystemExit" in run(console, "raise SystemExit(3)").error
    assert "SyntaxError" in run(console, "1 +* 2").error


def test_console_in_the_window_runs_on_the_loop_and_its_tasks_show(qtbot, window):
    panel = window.console_panel
    window.center_tabs.setCurrentWidget(panel)
    panel.input.setFocus()
    qtbot.keyClicks(panel.input, "import threading")
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)  # complete: runs at once
    qtbot.waitUntil(lambda: "runs as task console-1" in panel.output.toPlainText(), timeout=3000)
    qtbot.keyClicks(panel.input, "threading.current_thread().name")
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)
    loop_thread = window.session.host.thread_name
    qtbot.waitUntil(lambda: repr(loop_thread) in panel.output.toPlainText(), timeout=5000)

    panel.input._submit("t = asyncio.create_task(asyncio.sleep(30), name='from-console')")
    wait_for_state(qtbot, window, "from-console", TaskState.SUSPENDED)

    panel.input._submit("await asyncio.sleep(0.05, result='hello')")
    qtbot.waitUntil(lambda: "'hello'" in panel.output.toPlainText(), timeout=5000)
    panel.input._submit("undefined_name")
    qtbot.waitUntil(lambda: "NameError" in panel.output.toPlainText(), timeout=5000)
    drive.click(window, "cancelAllButton")
    wait_for_state(qtbot, window, "from-console", TaskState.CANCELLED)


def test_history_walks_back_and_forth(qtbot, window):
    entry = window.console_panel.input
    entry._submit("1")
    entry._submit("2")
    entry.setFocus()
    qtbot.keyClick(entry, Qt.Key.Key_Up)
    assert entry.toPlainText() == "2"
    qtbot.keyClick(entry, Qt.Key.Key_Up)
    assert entry.toPlainText() == "1"
    qtbot.keyClick(entry, Qt.Key.Key_Down)
    assert entry.toPlainText() == "2"


def test_loop_stop_from_the_console_is_explained_and_the_host_can_restart(qtbot, window):
    panel = window.console_panel
    kind = window.session.kind
    panel.input._submit("asyncio.get_running_loop().stop()")
    qtbot.waitUntil(lambda: not window.session.host.is_running, timeout=5000)
    drive.launch(window, 0.05, pg.Outcome.RETURN)  # refused with a message, not an exception
    qtbot.waitUntil(lambda: "loop.stop()" in window.log_view.toPlainText(), timeout=3000)
    drive.pick_host(window, kind)  # the same host again: a fresh loop
    assert window.session.host.is_running
    drive.launch(window, 0.05, pg.Outcome.RETURN)
    wait_for_state(qtbot, window, "job-2", TaskState.DONE)


def test_a_bare_coroutine_is_shown_not_awaited_and_the_mistake_named():
    console = AsyncConsole()

    async def entry():  # were it awaited for the learner, this would sleep 30 s
        return await asyncio.wait_for(console.run("asyncio.sleep(30)"), 5)

    reply = asyncio.run(entry())
    assert reply.value.startswith("<coroutine object sleep at")
    assert "coroutine 'sleep' was never awaited" in reply.note
    assert "Coroutine never awaited" in reply.note and "put `await` in front" in reply.note
    # a coroutine kept in a name is the learner's: shown, kept as _, awaitable later
    assert run(console, "c = asyncio.sleep(0, result=5)").value is None
    assert run(console, "c").note is None
    assert run(console, "await _").value == "5"


def test_tracebacks_show_only_the_learners_frames():
    console = AsyncConsole()
    error = run(console, "await asyncio.wait_for(asyncio.sleep(1), 0.01)").error
    assert 'File "<console>", line 1' in error and error.endswith("TimeoutError")
    assert "asyncio" not in error and "traced_coro" not in error and ".py" not in error
    run(console, "async def f():\n    await asyncio.sleep(0)\n    return 1/0\n")
    error = run(console, "await f()").error
    assert error.count('File "<console>"') == 2 and "ZeroDivisionError" in error


def test_entries_end_as_their_code_did_and_say_so(qtbot, window):
    panel = window.console_panel
    assert "your own permissions" in panel.findChild(QLabel, "consoleHint").text()
    panel.input._submit("1/0")
    wait_for_state(qtbot, window, "console-1", TaskState.FAILED)  # not a green "done"
    qtbot.waitUntil(lambda: "ZeroDivisionError" in panel.output.toPlainText(), timeout=5000)
    panel.input._submit("await asyncio.sleep(0.3)")
    qtbot.waitUntil(lambda: "running: console-2" in panel.running.text(), timeout=3000)
    qtbot.waitUntil(lambda: "# console-2 finished" in panel.output.toPlainText(), timeout=5000)
    assert "console-2" not in panel.running.text()
    panel.input._submit("asyncio.sleep(30)")
    qtbot.waitUntil(lambda: "never awaited" in panel.output.toPlainText(), timeout=3000)
    wait_for_state(qtbot, window, "console-3", TaskState.DONE)
    assert "<coroutine object sleep" in panel.output.toPlainText()
    panel.input._submit("raise SystemExit(2)")
    wait_for_state(qtbot, window, "console-4", TaskState.FAILED)
    assert window.session.host.is_running
    for name in ("console-1", "console-3"):
        assert "ConsoleReply" not in row(window, name)[Column.OUTCOME]
