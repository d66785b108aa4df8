"""Shared test setup: offscreen Qt, a window fixture on both hosts, helpers to read it."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

HOSTS = ("integrated", "threaded")


@pytest.fixture(autouse=True)
def lab_settings_in_tmp(tmp_path):
    """Every test reads and writes the lab's settings in a folder of its own, never the user's."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path / "settings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, folder)
    return folder


@pytest.fixture
def settings_in_tmp(lab_settings_in_tmp):
    """The folder this test's settings live in."""
    from pathlib import Path

    return Path(lab_settings_in_tmp)


@pytest.fixture
def loop_errors(monkeypatch):
    """What the trackers' loop exception handler saw during the test ("message: exception").

    The handler is wrapped on the class, so the loop of every host the test starts is heard.
    (Wrapping each loop's handler instead would need get_exception_handler(), which qasync's
    loop answers with None: it keeps the handler where the inherited getter does not look.)
    """
    from asyncio_lab.core.tracker import Tracker

    seen: list[str] = []
    on_loop_error = Tracker._on_loop_error

    def recording(self, loop, context) -> None:
        exc = context.get("exception")
        seen.append(f"{context.get('message')}" + (f": {exc!r}" if exc is not None else ""))
        on_loop_error(self, loop, context)

    monkeypatch.setattr(Tracker, "_on_loop_error", recording)
    return seen


@pytest.fixture(params=HOSTS)
def window(qtbot, request, loop_errors):
    """The real main window on each host; closed (and checked for a clean stop) afterwards."""
    from asyncio_lab.gui.app import create_main_window

    threads_before = set(threading.enumerate())
    win = create_main_window(request.param)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    session = win.session
    assert session.host is None
    assert not loop_errors, f"the loop's exception handler saw: {loop_errors}"
    # Threads Python did not start (qasync's QThreads) stay listed as "dummy" threads forever;
    # test_shutdown checks those through Qt instead.
    leftover = [
        t
        for t in threading.enumerate()
        if t not in threads_before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    assert not leftover, f"threads left running: {leftover}"
