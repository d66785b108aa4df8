"""Regression tests for problems a review found (each names what used to go wrong)."""

from __future__ import annotations

import asyncio

from asyncio_lab.core.events import LogEvent, TaskState
from asyncio_lab.core.tracker import Tracker
from tests import window_driver as drive
from tests.gui_helpers import state_of


def test_the_integrated_loop_survives_a_keyboardinterrupt_escaping_a_callback(qtbot):
    """It used to stay stalled for good: the slice stayed 'pending' and was never re-armed."""
    from asyncio_lab.gui.integrated_host import IntegratedHost

    host = IntegratedHost()
    host.start()
    try:

        def interrupt() -> None:
            raise KeyboardInterrupt

        host.loop.call_soon(interrupt)
        with qtbot.captureExceptions() as escaped:
            qtbot.waitUntil(lambda: bool(escaped), timeout=3000)
        assert isinstance(escaped[0][1], KeyboardInterrupt)

        async def later() -> str:
            return "still running"

        done = host.submit(later(), "later")
        qtbot.waitUntil(done.done, timeout=3000)
        assert done.result() == "still running"
    finally:
        host.shutdown()
    host.loop.close()  # a second close is allowed, as for any asyncio loop


def test_stop_reports_only_after_the_demo_has_cleaned_up(qtbot, window):
    """'stopped' used to be reported at once, while the demo's clean-up still ran."""
    drive.run_demo(window, "waiting.as-completed", {}, speed=0.1)
    qtbot.waitUntil(lambda: window.session.book.live_count() >= 3, timeout=10_000)
    drive.stop_demo(window)
    qtbot.waitUntil(lambda: window.session.demos.running is None, timeout=10_000)
    # by the time the session says it stopped, nothing the demo started is left running (the
    # stop's result is delivered after the events recorded before it: no drain needed here)
    assert window.session.book.live_count() == 0
    # the lesson's program runs as the task "main"; its jobs A, B and C go down with it
    for name in ("main", "A", "B", "C"):
        assert state_of(window, name) is TaskState.CANCELLED


def test_the_tracker_keeps_and_restores_the_loops_own_exception_handler():
    seen = []

    def fixture_handler(loop, context):
        seen.append(context["message"])

    async def main():
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(fixture_handler)
        tracker = Tracker()
        tracker.install(loop)
        loop.call_exception_handler({"message": "something broke"})
        tracker.uninstall()
        assert loop.get_exception_handler() is fixture_handler
        return [e.message for e in tracker.buffer.drain() if isinstance(e, LogEvent)]

    recorded = asyncio.run(main())
    assert recorded == ["something broke"]
    assert seen == ["something broke"]  # the previous handler still heard it
