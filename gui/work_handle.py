"""One piece of work on the loop, seen from the GUI thread: it says itself how it ended."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class WorkHandle(QObject):
    """What :meth:`HostController.submit` returns for each submission (superqt's worker style).

    ``finished(result)`` or ``failed(error)`` is emitted once, on the GUI thread, when the work
    ends; a cancelled task fails with :class:`concurrent.futures.CancelledError`. Nobody filters
    a shared signal: whoever submitted the work connects to its own handle.

    Before emitting, the handle calls ``settle`` (the session passes the event bridge's
    ``drain``): the events the work recorded before it ended reach the views first, so a
    result never names a task the views have not been told about yet.

    The handle deletes its Qt half once it has reported; ``result``, ``error`` and ``ended``
    stay readable on the Python object.
    """

    finished = Signal(object)
    failed = Signal(object)
    _ended = Signal()  # from whichever thread ended the future; delivered queued

    def __init__(
        self,
        name: str,
        future: concurrent.futures.Future[Any],
        settle: Callable[[], object],
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
        request = getattr(self.future, "request_cancel", None)
        if request is not None:
            request()
        else:
            self.future.cancel()

    def _on_ended(self) -> None:
        future = self.future
        if future.cancelled():
            self.error = concurrent.futures.CancelledError()
        else:
            self.error = future.exception()
            self.result = None if self.error is not None else future.result()
        self.ended = True
        self._settle()
        if self.error is None:
            self.finished.emit(self.result)
        else:
            self.failed.emit(self.error)
        self.deleteLater()
