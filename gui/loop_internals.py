"""Every private of qasync and asyncio that :class:`~asyncio_lab.gui.qt_loop.LabQtLoop` relies on.

LabQtLoop runs callbacks from asyncio's own ready deque and timer heap instead of qasync's
per-callback Qt timers, and drives qasync's loop in guest mode. Neither library promises to keep
what that needs, so all of it is named here, checked when this module is imported (an
ImportError of one line naming the version and the missing piece, instead of a strange failure
in the middle of a run), and reached from qt_loop only through this module:

* qasync keeps "the loop is running" in a name-mangled attribute that ``is_running()`` reads;
* asyncio's module functions that make a loop the running one, and name a slow handle;
* the attributes a loop, a handle and a timer handle carry inside asyncio (listed below; a test
  checks that qt_loop uses no other private name).
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import sys
from asyncio import base_events, events
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import qasync  # type: ignore[import-untyped]
import shiboken6
from PySide6.QtCore import QDeadlineTimer, QObject, QThread

from asyncio_lab.core.left_behind import leave_behind

QASYNC_VERSION = importlib.metadata.version("qasync")
QASYNC_RUNNING_FLAG = "_QEventLoop__is_running"  # qasync's ``self.__is_running``
QASYNC_EXECUTOR = "_QEventLoop__default_executor"  # the loop's QThreadExecutor, made on first use
QASYNC_WORKERS = "_QThreadExecutor__workers"  # that executor's QThreads
QASYNC_TIMER = "_timer"  # qasync's _SimpleTimer: a QObject with a Qt timer per call_later
QASYNC_SIGNALLER = "_QEventLoop__call_soon_signaller"  # the QObject behind its threadsafe calls

# What LabQtLoop reads or writes on itself that asyncio.BaseEventLoop defines.
LOOP_ATTRIBUTES = ("_ready", "_scheduled", "_timer_cancelled_count", "_thread_id",
                   "_current_handle", "_debug")  # fmt: skip
LOOP_METHODS = ("_check_closed", "_check_thread", "_check_callback")
# What it reads or writes on the handles in those queues.
HANDLE_ATTRIBUTES = ("_run", "_cancelled")
TIMER_HANDLE_ATTRIBUTES = ("_when", "_scheduled")
# asyncio's module-level helpers it calls (through the names below).
ASYNCIO_FUNCTIONS = (
    (events, "_set_running_loop"),
    (events, "_get_running_loop"),
    (base_events, "_format_handle"),
)

PRIVATE_NAMES = frozenset(
    (*LOOP_ATTRIBUTES, *LOOP_METHODS, *HANDLE_ATTRIBUTES, *TIMER_HANDLE_ATTRIBUTES)
)
"""Every private attribute name qt_loop may use that is not LabQtLoop's own."""

if TYPE_CHECKING:

    class TimerHandle(asyncio.TimerHandle):
        """asyncio's TimerHandle with the two slots typeshed lists but leaves untyped."""

        _when: float
        _scheduled: bool  # in a loop's heap; cancel() tells the loop only while it is

else:
    TimerHandle = asyncio.TimerHandle  # the very class: the subclass above exists for mypy


def find_missing(qasync_loop: Any = qasync.QEventLoop) -> list[str]:
    """The internals this qasync and this Python lack, in words (empty when all is there)."""
    missing = []
    if QASYNC_RUNNING_FLAG not in qasync_loop.is_running.__code__.co_names:
        missing.append(f"{qasync_loop.__name__}.is_running() reading {QASYNC_RUNNING_FLAG}")
    if QASYNC_EXECUTOR not in qasync_loop.close.__code__.co_names:
        missing.append(f"{qasync_loop.__name__}.close() reading {QASYNC_EXECUTOR}")
    if QASYNC_WORKERS not in qasync.QThreadExecutor.__init__.__code__.co_names:
        missing.append(f"QThreadExecutor.__init__ setting {QASYNC_WORKERS}")
    made = qasync_loop.__init__.__code__.co_names  # the Qt objects close() deletes
    missing += [
        f"{qasync_loop.__name__}.__init__ setting {name}"
        for name in (QASYNC_TIMER, QASYNC_SIGNALLER)
        if name not in made
    ]
    plain = asyncio.SelectorEventLoop()  # what every loop inherits, without needing Qt
    try:
        missing += [f"loop.{name}" for name in (*LOOP_ATTRIBUTES, *LOOP_METHODS)
                    if not hasattr(plain, name)]  # fmt: skip
    finally:
        plain.close()
    missing += [f"Handle.{n}" for n in HANDLE_ATTRIBUTES if not hasattr(asyncio.Handle, n)]
    missing += [
        f"TimerHandle.{n}" for n in TIMER_HANDLE_ATTRIBUTES if not hasattr(asyncio.TimerHandle, n)
    ]
    missing += [
        f"{module.__name__}.{name}"
        for module, name in ASYNCIO_FUNCTIONS
        if not callable(getattr(module, name, None))
    ]
    return missing


def check(qasync_loop: Any = qasync.QEventLoop) -> None:
    """Raise a one-line ImportError if an internal LabQtLoop needs is gone."""
    missing = find_missing(qasync_loop)
    if missing:
        python = ".".join(map(str, sys.version_info[:3]))
        raise ImportError(
            f"asyncio-lab's integrated loop needs internals that qasync {QASYNC_VERSION} on "
            f"Python {python} lacks: {', '.join(missing)} (qasync 0.27.1 and 0.28.0 have them)"
        )


check()


def set_qasync_running(loop: Any, running: bool) -> None:
    """Tell qasync whether ``loop`` runs (its ``is_running()`` answers from this flag)."""
    setattr(loop, QASYNC_RUNNING_FLAG, running)


set_running_loop: Callable[[asyncio.AbstractEventLoop | None], None] = events._set_running_loop
get_running_loop_or_none: Callable[[], asyncio.AbstractEventLoop | None] = events._get_running_loop
format_handle: Callable[[asyncio.Handle], str] = base_events._format_handle  # type: ignore[attr-defined]


def take_default_executor(loop: Any) -> Any:
    """The loop's QThreadExecutor (None if no job ever ran), taken away from qasync so that
    its close() does not wait for the executor's threads without a limit."""
    executor = getattr(loop, QASYNC_EXECUTOR, None)
    setattr(loop, QASYNC_EXECUTOR, None)
    return executor


def executor_workers(executor: Any) -> list[Any]:
    """The QThreads of a qasync QThreadExecutor."""
    return list(getattr(executor, QASYNC_WORKERS))


def shut_down_executor(executor: Any, wait_s: float) -> None:
    """Stop a qasync QThreadExecutor without waiting for ever: idle workers end at once; one
    still blocked in a job after ``wait_s`` is left behind, recorded (the app exits without
    waiting for it) and kept referenced, since Qt aborts when a running QThread is destroyed."""
    executor.shutdown(wait=False)
    workers = executor_workers(executor)
    deadline = QDeadlineTimer(max(0, int(wait_s * 1000)))
    for worker in workers:
        QThread.wait(worker, deadline)  # qasync's override of wait() takes no time limit
    stuck = [worker for worker in workers if worker.isRunning()]
    if stuck:
        names = tuple(f"a QThread worker ({i + 1} of {len(stuck)})" for i in range(len(stuck)))
        leave_behind(names, lambda: any(w.isRunning() for w in stuck), keep=executor)


def delete_qt_objects(loop: Any, *own: QObject) -> None:
    """Delete now, on this (the GUI) thread, the Qt objects a closed qasync loop owns (its
    timer object and signaller) and ``own`` ones of the caller's.

    Python owns them, and a loop is garbage in a reference cycle: left to the cycle collector,
    they were deleted by whichever thread ran it (the threaded host's loop, a to_thread job).
    A QObject deleted off its thread leaves its Qt timers registered with the GUI thread, and
    the next one to fire crashed the app in QTimerInfoList::activateTimers.
    """
    objects = [getattr(loop, QASYNC_TIMER, None), getattr(loop, QASYNC_SIGNALLER, None), *own]
    for obj in objects:
        if isinstance(obj, QObject) and shiboken6.isValid(obj):
            shiboken6.delete(obj)


def delete_ended_workers(executor: Any) -> None:
    """Delete an executor's QThreads that have ended, on this thread (see delete_qt_objects);
    one still running is left alone: Qt aborts when a running QThread is destroyed."""
    for worker in executor_workers(executor):
        if shiboken6.isValid(worker) and worker.isFinished():
            shiboken6.delete(worker)
