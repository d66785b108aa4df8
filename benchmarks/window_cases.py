"""The storm in the app's own window: the real MainWindow with the inspector on, each host,
beside plain asyncio on the main thread of the same kind of process (one with a QApplication).

A case is one process; the CLI interleaves them (plain, integrated, threaded, plain, ...) and
pairs each window run with the plain run next to it in time.
"""

from __future__ import annotations

import gc
import os
import resource
import time
from typing import Any

from benchmarks.gui_cases import storm
from benchmarks.loops import qapp
from benchmarks.stats import summary

TICK_MS = 5


def rss_mb() -> float:
    """The resident set size now, in MB (Linux), else the peak so far."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_window(host: str) -> Any:
    """The app's MainWindow at 1366x768 as a first start opens it: the settings point at an
    empty folder, so no remembered tab, size or splitter of the person's own use changes what
    is measured (a remembered Timeline tab costs a storm the timeline's fold)."""
    import tempfile

    from PySide6.QtCore import QSettings

    from asyncio_lab.gui.app import create_main_window

    folder = tempfile.mkdtemp(prefix="asyncio-lab-bench-settings-")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, folder)
    window = create_main_window(host)  # as the app makes it
    window.resize(1366, 768)
    window.show()
    return window


def plain_storm(n: int) -> dict[str, Any]:
    """``n`` trivial tasks with ``asyncio.run`` on the main thread of a process with Qt."""
    import asyncio

    qapp()
    gc.collect()
    base = rss_mb()
    seconds = asyncio.run(storm(n))
    return {"seconds": seconds, "us_per_task": seconds / n * 1e6, "rss_mb": peak_rss_mb(),
            "base_rss_mb": base}  # fmt: skip


def window_storm(host: str, n: int, close: bool = False, tab: str = "tasks") -> dict[str, Any]:
    """The same storm submitted to the app window's loop, timed until every view has taken in
    the last event: the handle reported and the task table counts no live task.

    ``tab`` is the centre tab shown meanwhile: ``"tasks"`` (the table, as the window opens) or
    ``"timeline"`` (the timeline folds every event as it comes; hidden, it folds nothing until
    it is shown). Frame gaps come from a 5 ms timer on the GUI thread. With ``close``, the
    window then starts a fresh storm and closes while its tasks are live (how long the GUI
    blocks, and whether asyncio complains about abandoned tasks).
    """
    from PySide6.QtCore import Qt, QTimer

    app = qapp()
    window = fresh_window(host)
    if tab == "timeline":
        window.center_tabs.setCurrentWidget(window.timeline_page)
    else:
        window.center_tabs.setCurrentIndex(0)  # the task table
    for _ in range(20):
        app.processEvents()
    session = window.session
    gc.collect()
    base = rss_mb()
    ticks: list[float] = []
    tick = QTimer()
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    out: dict[str, Any] = {}
    start = time.perf_counter()
    handle = session.submit(storm(n), "storm")
    assert handle is not None

    def check() -> None:
        if handle.ended and session.book.live_count() == 0 and not len(session.tracker.buffer):
            out["seconds"] = time.perf_counter() - start
            app.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    tick.start(TICK_MS)
    poll.start(2)
    QTimer.singleShot(600_000, app.quit)
    app.exec()
    poll.stop()
    tick.stop()
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
    out |= {
        "us_per_task": out.get("seconds", float("nan")) / n * 1e6,
        "gap_ms": summary(gaps),
        "rss_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
        "base_rss_mb": base,
        "rows": len(session.book),
    }
    out["bytes_per_task"] = (out["rss_mb"] - base) * 1024 * 1024 / n
    if close:
        out |= _close_with_live_tasks(app, window, n)
    else:
        window.close()
    return out


def _close_with_live_tasks(app: Any, window: Any, n: int) -> dict[str, Any]:
    """Start ``n`` tasks that sleep, then close the window (see :func:`window_leave`)."""
    return _leave(app, window, n, "close")


def window_leave(host: str, n: int, how: str = "close") -> dict[str, Any]:
    """``n`` sleeping tasks live on ``host`` in the app window, then the window closes
    (``how="close"``) or switches to the other host (``"switch"``): the longest the GUI thread
    went without running a 5 ms timer meanwhile, how long leaving took, how many tasks never
    finished (abandoned), and what asyncio complained of."""

    app = qapp()
    window = fresh_window(host)
    for _ in range(20):
        app.processEvents()
    return _leave(app, window, n, how)


def _leave(app: Any, window: Any, n: int, how: str) -> dict[str, Any]:
    import asyncio
    import logging
    import warnings

    from PySide6.QtCore import Qt, QTimer

    from asyncio_lab.core.host import HostKind

    finished = [0]

    async def sleepers() -> None:
        async def sleeper() -> None:
            try:
                await asyncio.sleep(3600)
            finally:
                finished[0] += 1

        async with asyncio.TaskGroup() as tg:
            for _ in range(0, n, 1000):
                for _i in range(1000):
                    tg.create_task(sleeper())
                await asyncio.sleep(0)

    complaints: list[str] = []

    class Heard(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            complaints.append(record.getMessage())

    heard = Heard(logging.WARNING)
    logging.getLogger("asyncio").addHandler(heard)
    session = window.session
    session.submit(sleepers(), "sleepers")
    deadline = time.perf_counter() + 300
    while session.book.live_count() < n and time.perf_counter() < deadline:
        app.processEvents()
    ticks: list[float] = []
    tick = QTimer()
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    tick.start(TICK_MS)
    tracker = session.tracker
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        ticks.append(start)
        if how == "close":
            window.close()
        else:
            other = next(k for k in HostKind if k is not session.kind)
            session.start(other)
        left_s = time.perf_counter() - start
        ticks.append(time.perf_counter())
        settled = time.perf_counter() + 60
        while how == "switch" and session.book.live_count() and time.perf_counter() < settled:
            app.processEvents()
        gc.collect()  # an abandoned task says so when it is collected
    tick.stop()
    logging.getLogger("asyncio").removeHandler(heard)
    complaints += [str(w.message) for w in caught]
    complaints += [
        e.message
        for e in tracker.buffer.drain()
        if getattr(e, "message", "").startswith(("Task was destroyed", "coroutine"))
    ]
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
    if how == "switch":
        window.close()
    return {"how": how, "tasks": n, "left_s": round(left_s, 3),
            "max_gap_ms": round(max(gaps), 1), "abandoned": n - finished[0],
            "rows_live": session.book.live_count(), "complaints": len(complaints),
            "complaint": complaints[0][:120] if complaints else None}  # fmt: skip
