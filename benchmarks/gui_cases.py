"""What the person at the window feels: frame gaps under a task storm, the inspector's refresh
cost, and the time from launch to the first painted window."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import time
from typing import Any

from benchmarks.loops import qapp
from benchmarks.stats import summary

STORM_CHUNK = 1_000  # the spawner yields after this many create_task calls


async def storm(n: int) -> float:
    """``n`` trivial tasks in a TaskGroup, created ``STORM_CHUNK`` at a time.

    A single step that creates a million tasks holds the thread for its whole duration, on any
    loop; yielding between chunks is what a well-behaved spawner does, and then it is the
    loop's job to keep the window alive while it runs the tasks.
    """

    async def trivial() -> None:
        pass

    start = time.perf_counter()
    async with asyncio.TaskGroup() as tg:
        for first in range(0, n, STORM_CHUNK):
            for _ in range(min(STORM_CHUNK, n - first)):
                tg.create_task(trivial())
            await asyncio.sleep(0)
    return time.perf_counter() - start


def frame_gaps(host: str, n: int, tick_ms: int) -> dict[str, Any]:
    """Gaps (ms) between firings of a ``tick_ms`` QTimer on the GUI thread while a storm runs.

    ``integrated``: the storm runs on LabQtLoop on the GUI thread itself. ``threaded``: on a
    plain loop in a background thread, so the GUI thread only competes for the GIL.
    """
    from PySide6.QtCore import Qt, QTimer

    app = qapp()
    ticks: list[float] = []
    tick = QTimer()
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    outcome: dict[str, Any] = {}
    gc.collect()

    if host == "integrated":
        from asyncio_lab.gui.qt_loop import LabQtLoop

        loop = LabQtLoop()
        loop.attach()

        def begin() -> None:
            task = loop.create_task(storm(n))
            task.add_done_callback(lambda t: (outcome.update(storm_s=t.result()), app.quit()))

        tick.start(tick_ms)
        QTimer.singleShot(0, begin)
        try:
            app.exec()
        finally:
            tick.stop()
            loop.detach()
            loop.close()
    elif host == "threaded":
        import concurrent.futures
        import threading

        future: concurrent.futures.Future[float] = concurrent.futures.Future()

        def run() -> None:
            future.set_result(asyncio.run(storm(n)))

        poll = QTimer()
        poll.timeout.connect(lambda: future.done() and app.quit())
        tick.start(tick_ms)
        poll.start(tick_ms)
        thread = threading.Thread(target=run, name="asyncio-loop")
        thread.start()
        app.exec()
        thread.join()
        tick.stop()
        poll.stop()
        outcome["storm_s"] = future.result()
    else:
        raise ValueError(host)
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
    return outcome | {"gap_ms": summary(gaps)}


def inspector_refresh(n: int) -> dict[str, Any]:
    """Milliseconds for the task table (the self-sorting model + view) to take ``n`` tasks.

    ``insert``: one batch of ``n`` creation events; ``update``: one batch in which every task
    starts running and suspends; ``repaint``: the elapsed-column refresh plus a repaint.
    """
    if importlib.util.find_spec("asyncio_lab.gui.task_model") is None:
        return {"skipped": "asyncio_lab.gui.task_model does not exist yet"}
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from asyncio_lab.core.events import LabEvent, TaskEvent, TaskState
    from asyncio_lab.gui.task_model import Column, TaskTableModel

    app = qapp()
    model = TaskTableModel(time.perf_counter)
    view = QTableView()
    view.setModel(model)  # as the window does: the model sorts itself
    view.setSortingEnabled(True)
    view.sortByColumn(Column.ID, Qt.SortOrder.AscendingOrder)
    view.resize(1200, 700)
    view.show()
    app.processEvents()

    created: list[LabEvent] = [
        TaskEvent(0.0, i, f"Task-{i}", TaskState.PENDING, "MainThread", coro_name="work")
        for i in range(1, n + 1)
    ]
    steps: list[LabEvent] = []
    for i in range(1, n + 1):
        steps.append(TaskEvent(0.1, i, f"Task-{i}", TaskState.RUNNING, "asyncio-loop"))
        steps.append(
            TaskEvent(
                0.1, i, f"Task-{i}", TaskState.SUSPENDED, "asyncio-loop", awaiting="sleep()", line=7
            )
        )
    timings: dict[str, float] = {}
    start = time.perf_counter()
    model.apply_events(created)
    app.processEvents()
    timings["insert_ms"] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    model.apply_events(steps)
    app.processEvents()
    timings["update_ms"] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    model.refresh_elapsed()
    view.viewport().repaint()
    app.processEvents()
    timings["repaint_ms"] = (time.perf_counter() - start) * 1000
    view.close()
    return timings


def first_paint(what: str) -> dict[str, Any]:
    """Build the window, show it, and report ``time.monotonic()`` once it has painted.

    The parent process started its clock before launching this one (CLOCK_MONOTONIC is shared
    by all processes), so the figure includes interpreter start-up and every import.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    app = qapp()
    stamps: dict[str, float] = {}

    class PaintWatch(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and "painted" not in stamps:
                stamps["painted"] = 0.0
                # the whole window paints in this pass; stop the clock when it is over
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        stamps["painted"] = time.monotonic()
        app.quit()

    watch = PaintWatch()
    app.installEventFilter(watch)
    used = what
    if what == "app" and importlib.util.find_spec("asyncio_lab.gui.app") is not None:
        from asyncio_lab.gui.app import create_main_window

        window: Any = create_main_window("integrated")
    else:
        from PySide6.QtWidgets import QMainWindow

        used = "bare"
        window = QMainWindow()
        window.resize(1400, 860)
    window.show()
    QTimer.singleShot(20_000, app.quit)  # never hang the benchmark
    app.exec()
    app.removeEventFilter(watch)
    window.close()
    app.processEvents()
    return {"painted_monotonic": stamps.get("painted"), "window": used}
