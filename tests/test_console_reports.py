"""What the console's entries make Python say is said in the console and the log, never on
stderr: compile warnings, and a console task's exception nobody retrieved, even once the task's
loop is gone after a host switch (issue 14, item 7)."""

from __future__ import annotations

import gc
import logging
import warnings

import pytest

from asyncio_lab.core.host import HostKind
from tests import window_driver as drive


def _compile_warning(source: str) -> str:
    """What this Python says compiling ``source`` (3.13 names the literal's type: "is" with
    'int' literal; 3.11 and 3.12 say "is" with a literal)."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        compile(source, "<console>", "exec")
    (warning,) = seen
    return f"<console>:{warning.lineno}: {warning.category.__name__}: {warning.message}"


WARNING = _compile_warning("x = 1\nx is 1")
NEVER_RETRIEVED = "Task exception was never retrieved: ValueError: boom"


def test_a_compile_warning_shows_in_the_console_and_the_log(qtbot, window, capfd):
    panel = window.console_panel
    panel.input._submit("x = 1\nx is 1")
    qtbot.waitUntil(lambda: "True" in panel.output.toPlainText(), timeout=5000)
    assert WARNING in panel.output.toPlainText().splitlines()
    qtbot.waitUntil(lambda: WARNING in window.log_view.toPlainText(), timeout=3000)
    assert "SyntaxWarning" not in capfd.readouterr().err


def test_a_console_tasks_lost_exception_shows_after_a_host_switch(
    qtbot, window, caplog: pytest.LogCaptureFixture, loop_errors: list[str]
):
    caplog.set_level(logging.WARNING)
    panel = window.console_panel
    panel.input._submit("async def boom():\n    raise ValueError('boom')\n")
    panel.input._submit("t = asyncio.create_task(boom())")
    qtbot.waitUntil(lambda: "console-2" in window.log_view.toPlainText(), timeout=3000)
    other = next(k for k in HostKind if k is not window.session.kind)
    drive.pick_host(window, other)
    qtbot.waitUntil(lambda: window.session.kind is other, timeout=5000)
    panel.input._submit("t = None")  # the old loop's failed task is collected now
    gc.collect()
    qtbot.waitUntil(lambda: NEVER_RETRIEVED in panel.output.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: NEVER_RETRIEVED in window.log_view.toPlainText(), timeout=3000)
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]
    assert [e for e in loop_errors if "never retrieved" in e]  # the lab heard it...
    loop_errors.clear()  # ...and it is the learner's mistake, not the lab's
