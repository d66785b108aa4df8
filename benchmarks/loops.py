"""Run one coroutine to completion on each kind of loop the benchmarks compare.

``plain`` and ``uvloop`` run in a background thread (where the threaded host puts its loop);
``lab`` (our :class:`LabQtLoop`), ``qasync`` (stock) and ``qtasyncio`` run on the main thread
as the GUI thread, driven by ``QApplication.exec``.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any

CoroFn = Callable[[], Coroutine[Any, Any, Any]]

LOOPS = ("plain", "uvloop", "qasync", "lab", "qtasyncio")
LOOP_LABELS = {
    "plain": "plain asyncio (thread)",
    "uvloop": "uvloop (thread)",
    "qasync": "stock qasync",
    "lab": "LabQtLoop (integrated)",
    "qtasyncio": "QtAsyncio",
}


def unavailable_reason(kind: str) -> str | None:
    """Why ``kind`` cannot run here, or None when it can."""
    if kind == "uvloop" and importlib.util.find_spec("uvloop") is None:
        return "not installed"
    if kind == "qtasyncio":
        try:
            found = importlib.util.find_spec("PySide6.QtAsyncio")
        except ImportError:
            found = None
        if found is None:
            return "not installed (PySide6-Addons)"
    return None


def qapp() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def run_on(kind: str, coro_fn: CoroFn) -> Any:
    """Run ``coro_fn()`` on a fresh loop of ``kind`` and return its result."""
    if kind == "plain":
        return in_thread(lambda: asyncio.run(coro_fn()))
    if kind == "uvloop":
        import uvloop

        def run_uv() -> Any:
            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                return runner.run(coro_fn())

        return in_thread(run_uv)
    if kind == "lab":
        return run_lab(coro_fn)
    if kind == "qasync":
        import qasync  # type: ignore[import-untyped]

        qapp()
        loop = qasync.QEventLoop()
        try:
            return loop.run_until_complete(coro_fn())
        finally:
            loop.close()
    if kind == "qtasyncio":
        from PySide6 import QtAsyncio

        qapp()
        return QtAsyncio.run(  # type: ignore[attr-defined]
            coro_fn(), keep_running=False, quit_qapp=False
        )
    raise ValueError(f"unknown loop {kind!r}")


def run_lab(coro_fn: CoroFn) -> Any:
    """Our integrated loop, attached to the GUI thread while ``QApplication.exec`` runs."""
    from asyncio_lab.gui.qt_loop import LabQtLoop

    app = qapp()
    loop = LabQtLoop()
    loop.attach()
    try:
        task = loop.create_task(coro_fn())
        task.add_done_callback(lambda _: app.quit())
        app.exec()
        return task.result()
    finally:
        loop.detach()
        loop.close()


def in_thread(target: Callable[[], Any], name: str = "asyncio-loop") -> Any:
    """Run ``target`` in a new thread, wait for it, and return its result or raise its error."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, target()))
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name=name)
    thread.start()
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value
