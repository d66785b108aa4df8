"""Brings the outcome of work done on the loop's thread back to the GUI thread."""

from __future__ import annotations

import concurrent.futures
from typing import Any

from PySide6.QtCore import QObject, Signal


class ResultRelay(QObject):
    """``finished(tag, result, error)`` is emitted on the GUI thread for each watched future.

    The future's callback runs on whatever thread finished it (the loop thread in the threaded
    host); emitting a signal of this GUI-thread object from there queues the delivery, so
    slots never run off the GUI thread. ``error`` is the exception, or None on success.
    """

    finished = Signal(object, object, object)

    def watch(self, future: concurrent.futures.Future[Any], tag: object) -> None:
        future.add_done_callback(lambda f: self._emit(tag, f))

    def _emit(self, tag: object, future: concurrent.futures.Future[Any]) -> None:
        if future.cancelled():
            self.finished.emit(tag, None, concurrent.futures.CancelledError())
            return
        error = future.exception()
        self.finished.emit(tag, None if error is not None else future.result(), error)
