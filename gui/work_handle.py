"""One piece of work on the loop, seen from the GUI thread: it says itself how it ended."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from asyncio_lab.core.host import TaskFuture

#: ``settle()`` returns a check: True once the events recorded so far have reached the views.
Settle = Callable[[], Callable[[], bool]]
SETTLE_RETRY_MS = 5  # try again soon (paints and input come first)


class WorkHandle(QObject):
    """What :meth:`HostController.submit` returns for each submission (superqt's worker style).

    ``finished(result)`` or ``failed(error)`` is emitted once, on the GUI thread, when the work
    ends; a cancelled task fails with :class:`concurrent.futures.CancelledError`. Nobody filters
    a shared signal: whoever submitted the work connects to its own handle.

    Before emitting, the handle waits for ``settle()``'s check to say True (the session passes
    the event bridge's ``settle``): the events the work recorded before it ended reach the views
    first, so a result never names a task the views have not been told about yet. After a
    storm that takes a few turns of the event loop, a tick's worth of events each.

    The handle deletes its Qt half once it has reported; ``result``, ``error`` and ``ended``
    stay readable on the Python object.
    """

    finished = Signal(object)
    failed = Signal(object)
    _ended = Signal()  # from whichever thread ended the future; delivered queued

    def __init__(
        self,
        name: str,
        future: TaskFuture,
        settle: Settle,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.future = future
        self.ended = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._settle = settle
        # Queued even on the GUI thread: a future that is already done when watched must not
        # report inside submit(), before the caller has connected to this handle.
        self._ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)
        future.add_done_callback(lambda _future: self._ended.emit())

    def cancel(self) -> None:
        """Ask the task to stop; the handle reports once it and its clean-up have ended."""
        self.future.request_cancel()

    def _on_ended(self) -> None:
        future = self.future
        if future.cancelled():
            self.error = concurrent.futures.CancelledError()
        else:
            self.error = future.exception()
            self.result = None if self.error is not None else future.result()
        self._report_when(self._settle())

    def _report_when(self, caught_up: Callable[[], bool]) -> None:
        if not caught_up():  # a storm's events are still going out to the views
            QTimer.singleShot(SETTLE_RETRY_MS, lambda: self._report_when(caught_up))
            return
        self.ended = True
        if self.error is None:
            self.finished.emit(self.result)
        else:
            self.failed.emit(self.error)
        self.deleteLater()
