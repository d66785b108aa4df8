"""Lessons are programs the learner can edit, run, save and bring: through the window, on both
hosts, the way a person does it (type in the code, click Run, pick a file in the dialog)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from tests import window_driver as drive

LESSON = "intro.hello-world"


def wait_until_ended(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.session.demos.running is None, timeout=15_000)


def printed(window) -> list[str]:
    return window.lesson_view.output.lines()


def replace_in_code(qtbot, window, old: str, new: str) -> None:
    """Find ``old`` in the code (it gets selected) and type ``new`` over it."""
    code = window.lesson_view.code
    code.setFocus()
    code.moveCursor(code.textCursor().MoveOperation.Start)
    assert code.find(old), f"{old!r} not in the code"
    qtbot.keyClicks(code, new)


def click(qtbot, window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_file(qtbot, window, dialog_name: str, path: Path) -> None:
    """Answer the (opened, non-blocking) file dialog as a person would."""
    qtbot.waitUntil(lambda: window.findChild(QFileDialog, dialog_name) is not None, timeout=3000)
    dialog = window.findChild(QFileDialog, dialog_name)
    dialog.selectFile(str(path))
    dialog.accept()


def test_edit_the_lesson_run_the_edited_version_and_reset(qtbot, window):
    drive.run_demo(window, LESSON, {"pause": "0.1"})
    wait_until_ended(qtbot, window)
    assert printed(window)[:2] == ["Hello ...", "... world!"]
    original = window.lesson_view.code.toPlainText()

    replace_in_code(qtbot, window, "Hello ...", "Bonjour ...")
    assert "edited" in window.lesson_view.file_label.text()
    drive.run_demo(window, LESSON, {"pause": "0.1"})
    wait_until_ended(qtbot, window)
    assert printed(window)[:2] == ["Bonjour ...", "... world!"]
    # the printed line is attributed to the task and thread that printed it
    row = window.lesson_view.output.topLevelItem(0)
    assert row.text(1) == "main" and row.text(2) == window.session.host.thread_name
    assert "Bonjour ..." in window.log_view.toPlainText()

    click(qtbot, window, "resetCodeButton")
    assert window.lesson_view.code.toPlainText() == original
    assert "edited" not in window.lesson_view.file_label.text()
    drive.run_demo(window, LESSON, {"pause": "0.1"})
    wait_until_ended(qtbot, window)
    assert printed(window)[0] == "Hello ..."


def test_a_syntax_error_and_an_exception_point_at_the_learners_line(qtbot, window):
    drive.run_demo(window, LESSON, {"pause": "0.05"})
    wait_until_ended(qtbot, window)
    code = window.lesson_view.code
    line = next(n for n in range(1, 30) if 'print("Hello ...")' in code.line_text(n))

    replace_in_code(qtbot, window, 'print("Hello ...")', "print(")
    drive.run_demo(window, LESSON, {"pause": "0.05"})
    wait_until_ended(qtbot, window)
    note = window.lesson_view.note.text()
    assert "hello_world.py" in note and "SyntaxError" in note
    assert code.error_line is not None and abs(code.error_line - line) <= 1
    assert "asyncio_lab" not in "\n".join(printed(window))

    click(qtbot, window, "resetCodeButton")
    replace_in_code(qtbot, window, 'print("Hello ...")', 'raise ValueError("no greeting")')
    drive.run_demo(window, LESSON, {"pause": "0.05"})
    wait_until_ended(qtbot, window)
    assert window.lesson_view.note.text() == (
        f"✖ hello_world.py (line {line}): ValueError: no greeting"
    )
    assert code.error_line == line
    shown = "\n".join(printed(window))
    assert f'File "hello_world.py", line {line}, in main' in shown
    assert "asyncio_lab" not in shown and "asyncio/" not in shown
    said = window.demo_panel.message.text()
    assert (
        said
        == f"{LESSON} failed: hello_world.py (line {line}): ValueError: no greeting (see the log)"
    )
    # the app goes on: the original runs again
    click(qtbot, window, "resetCodeButton")
    drive.run_demo(window, LESSON, {"pause": "0.05"})
    wait_until_ended(qtbot, window)
    assert printed(window)[0] == "Hello ..."


def test_save_as_writes_a_file_python_runs_with_the_same_lines(qtbot, window, tmp_path):
    drive.run_demo(window, LESSON, {"pause": "0.2"})
    wait_until_ended(qtbot, window)
    replace_in_code(qtbot, window, "Hello ...", "Saved hello ...")
    drive.run_demo(window, LESSON, {"pause": "0.2"})
    wait_until_ended(qtbot, window)
    in_lab = printed(window)

    target = tmp_path / "mine.py"
    click(qtbot, window, "saveProgramButton")
    choose_file(qtbot, window, "saveProgramDialog", target)
    assert "Saved to" in window.lesson_view.note.text()
    text = target.read_text(encoding="utf-8")
    assert "PAUSE = 0.2" in text and "asyncio_lab" not in text
    plain = subprocess.run(
        [sys.executable, "-I", target.name], cwd=tmp_path, capture_output=True, text=True
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines() == in_lab

    assert not window.lesson_view.save_to(str(tmp_path / "no-such-folder" / "x.py"))
    assert window.lesson_view.note.text().startswith("✖ Not saved:")


def test_open_your_own_program_and_run_it(qtbot, window, tmp_path):
    script = tmp_path / "mine.py"
    script.write_text(
        "import asyncio\n"
        "import threading\n\n\n"
        "async def worker(lock):\n"
        "    async with lock:\n"
        "        await asyncio.sleep(0.05)\n"
        "        print('worker done')\n\n\n"
        "async def main():\n"
        "    guard = asyncio.Lock()\n"
        "    await asyncio.gather(worker(guard), worker(guard))\n"
        "    print(await asyncio.to_thread(threading.current_thread))\n\n\n"
        "asyncio.run(main())\n",
        encoding="utf-8",
    )
    from PySide6.QtGui import QAction

    window.findChild(QAction, "openProgramAction").trigger()
    choose_file(qtbot, window, "openProgramDialog", script)
    assert window.lesson_view.demo is not None and window.lesson_view.demo.title == "mine.py"
    assert window.lesson_view.code.toPlainText() == script.read_text()
    drive.click(window, "runDemoButton")
    wait_until_ended(qtbot, window)
    said = printed(window)
    assert said[:2] == ["worker done", "worker done"]
    assert "Thread(" in said[2]
    assert window.lesson_view.note.text().endswith("mine.py finished")
    # its lock appeared in the Sync view without a word from the program
    table = window.sync_view.table

    def shows_guard() -> None:
        labels = [table.item(r, 0).text() for r in range(table.rowCount())]
        assert "guard" in labels

    qtbot.waitUntil(shows_guard, timeout=3000)


def test_a_program_that_never_uses_asyncio_or_cannot_be_read_gets_one_line(qtbot, window, tmp_path):
    plain = tmp_path / "plain.py"
    plain.write_text("print('no loop here')\n", encoding="utf-8")
    assert window.opener.open(str(plain))
    drive.click(window, "runDemoButton")
    wait_until_ended(qtbot, window)
    assert "without starting asyncio" in window.lesson_view.note.text()
    assert printed(window) == ["no loop here"]

    binary = tmp_path / "blob.py"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert not window.opener.open(str(binary))
    assert "not UTF-8" in window.statusBar().currentMessage()


NEVER_ENDS = """\
import asyncio
import time


async def main():
    print("main starts")


asyncio.run(main())
print("the top level now loops forever")
while True:
    pass  # no sleep, no await: only the lab can end this
"""


def test_a_program_that_never_returns_is_stopped_and_closing_leaves_no_thread(
    qtbot, window, tmp_path
):
    script = tmp_path / "forever.py"
    script.write_text(NEVER_ENDS, encoding="utf-8")
    assert window.opener.open(str(script))
    drive.click(window, "runDemoButton")
    qtbot.waitUntil(lambda: "the top level now loops forever" in printed(window), timeout=5000)
    assert window.session.demos.running is not None
    drive.stop_demo(window)
    wait_until_ended(qtbot, window)
    assert window.lesson_view.note.text() == f"{script} was stopped"
    # and once more, this time closing the window with it running (the fixture checks that no
    # thread is left behind)
    drive.click(window, "runDemoButton")
    qtbot.waitUntil(lambda: "the top level now loops forever" in printed(window), timeout=5000)


def test_main_is_parked_on_the_learners_line_not_the_labs(qtbot, window):
    drive.run_demo(window, LESSON, {"pause": "2"})
    code = window.lesson_view.code
    line = next(n for n in range(1, 30) if "await asyncio.sleep(PAUSE)" in code.line_text(n))
    qtbot.waitUntil(lambda: line in code.marked, timeout=5000)
    assert code.marked[line] == ["main"]
    assert f"line {line} ← main" in window.lesson_view.parked.text()
    drive.stop_demo(window)
    wait_until_ended(qtbot, window)


def run_script(qtbot, window, tmp_path, text: str, name: str = "prog.py") -> Path:
    """Open ``text`` as the learner's own script and click Run."""
    script = tmp_path / name
    script.write_text(textwrap.dedent(text), encoding="utf-8")
    assert window.opener.open(str(script))
    drive.click(window, "runDemoButton")
    return script


def test_sys_exit_in_main_ends_the_program_not_the_lab(qtbot, window, tmp_path):
    script = run_script(
        qtbot,
        window,
        tmp_path,
        """
        import asyncio, sys
        async def main():
            print("giving up")
            sys.exit(3)
        asyncio.run(main())
        """,
    )
    wait_until_ended(qtbot, window)
    assert f"{script} exited with code 3: 3" in window.lesson_view.note.text()
    assert window.session.host.is_running
    drive.click(window, "runDemoButton")  # the lab, and its loop, carry on
    wait_until_ended(qtbot, window)
    assert printed(window) == ["giving up"]


def test_stop_ends_a_thread_that_runs_a_loop_of_its_own(qtbot, window, tmp_path):
    script = run_script(
        qtbot,
        window,
        tmp_path,
        """
        import asyncio, threading
        async def ticker():
            while True:
                print("tick")
                await asyncio.sleep(0.05)
        t = threading.Thread(target=lambda: asyncio.run(ticker()))
        t.start()
        t.join()
        print("after join")
        """,
    )
    qtbot.waitUntil(lambda: "tick" in printed(window), timeout=5000)
    drive.stop_demo(window)
    wait_until_ended(qtbot, window)
    assert window.lesson_view.note.text() == f"{script} was stopped"


def test_a_program_stop_cannot_reach_is_reported_stuck_and_run_works_again(
    qtbot, window, tmp_path, monkeypatch
):
    from asyncio_lab.gui import demo_session

    monkeypatch.setattr(demo_session, "STOP_TIMEOUT_SECONDS", 0.3)
    script = run_script(
        qtbot,
        window,
        tmp_path,
        """
        import threading
        print("waiting")
        threading.Event().wait(2)  # nothing of the lab's can interrupt it
        """,
    )
    qtbot.waitUntil(lambda: "waiting" in printed(window), timeout=5000)
    drive.stop_demo(window)
    wait_until_ended(qtbot, window)
    assert window.lesson_view.note.text() == (
        f"{script} could not be stopped: its thread is stuck in line 4: "
        "threading.Event().wait(2)  # nothing of the lab's can interrupt it"
    )
    run_script(qtbot, window, tmp_path, "print('again')\n", name="again.py")
    qtbot.waitUntil(lambda: "again" in printed(window), timeout=5000)
    wait_until_ended(qtbot, window)
    # the stuck thread ends when its wait does
    qtbot.waitUntil(
        lambda: sum(t.name == "program-main" for t in threading.enumerate()) == 0, timeout=5000
    )
