"""Shared test setup: offscreen Qt, a window fixture on both hosts, helpers to read it."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

HOSTS = ("integrated", "threaded")


@pytest.fixture(params=HOSTS)
def window(qtbot, request):
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
    errors = session.tracker.loop_errors
    assert not errors, f"the loop's exception handler saw: {errors}"
    # Threads Python did not start (qasync's QThreads) stay listed as "dummy" threads forever;
    # test_shutdown checks those through Qt instead.
    leftover = [
        t
        for t in threading.enumerate()
        if t not in threads_before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    assert not leftover, f"threads left running: {leftover}"
