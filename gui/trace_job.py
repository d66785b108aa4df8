"""Writing a trace off the GUI thread: the events are copied (a list of references), the trace
is built and written by a worker thread, and the status bar hears when it is done or why not.

A 40,000-task run took 2.5 s to export on the GUI thread; the window now keeps painting.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from asyncio_lab.core.events import LabEvent, TaskEvent, TaskState
from asyncio_lab.core.trace_export import write_trace


class TraceJob(QObject):
    """One export. ``done(message)`` or ``failed(message)`` arrive on the GUI thread."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(
        self, events: Sequence[LabEvent], path: str, dropped: int = 0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.events = list(events)  # the store keeps growing; the worker reads this copy
        self.path = path
        self.dropped = dropped
        self.worker: threading.Thread | None = None

    def start(self) -> None:
        self.worker = threading.Thread(target=self._run, name="trace-export", daemon=True)
        self.worker.start()

    def _run(self) -> None:
        partial = f"{self.path}.part"
        try:
            write_trace(self.events, partial)
            os.replace(partial, self.path)  # a half-written trace never takes the name
        except OSError as exc:
            self.failed.emit(f"Export failed: cannot write {self.path}: {exc.strerror or exc}")
            return
        except Exception as exc:  # noqa: BLE001 - any failure becomes one line in the status bar
            self.failed.emit(f"Export failed: {type(exc).__name__}: {exc}")
            return
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        tasks = sum(1 for e in self.events if type(e) is TaskEvent and e.state is TaskState.PENDING)
        note = f"; the oldest {self.dropped:,} events were dropped before" if self.dropped else ""
        self.done.emit(f"Exported the timeline to {self.path} ({tasks:,} tasks{note})")
