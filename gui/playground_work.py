"""What the playground's buttons do on the session's loop: launch, time out, wait, cancel."""

from __future__ import annotations

from concurrent.futures import CancelledError
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from asyncio_lab.core import playground as pg
from asyncio_lab.core.threads import current_thread_name
from asyncio_lab.gui.work_handle import WorkHandle

if TYPE_CHECKING:
    from asyncio_lab.gui.session_base import SessionBase

ERROR_MS = 8000


class PlaygroundWork(QObject):
    """Names each task from the session's numbering and submits it.

    ``waitStarted(str)`` with the call when an ``asyncio.wait`` starts here, then
    ``waitFinished(WaitResult)`` when it returns or ``waitFailed(str)`` (the wait panel shows
    the latest).
    """

    waitStarted = Signal(str)
    waitFinished = Signal(object)
    waitFailed = Signal(str)

    def __init__(self, session: SessionBase) -> None:
        super().__init__(session)
        self._session = session

    def launch(self, seconds: float, outcome: pg.Outcome, count: int = 1) -> WorkHandle | None:
        first = self._session.take_numbers(count)
        if count == 1:
            return self._session.submit(pg.sample_job(seconds, outcome), f"job-{first}")
        coro = pg.launch_batch(count, seconds, outcome, first)
        return self._session.submit(coro, f"launch-{count}-jobs")

    def launch_with_timeout(
        self, seconds: float, outcome: pg.Outcome, limit: float, style: pg.TimeoutStyle
    ) -> WorkHandle | None:
        name = f"timeout-{self._session.take_numbers()}"
        return self._session.submit(pg.job_under_timeout(seconds, outcome, limit, style), name)

    def run_to_thread(self, seconds: float) -> WorkHandle | None:
        host = self._session.host
        if host is None:
            return None
        name = f"to_thread-{self._session.take_numbers()}"
        return self._session.submit(pg.run_in_thread(seconds, host.stopping), name)

    def run_wait(
        self, mode: pg.WaitMode, timeout: float | None, scope: pg.WaitScope
    ) -> WorkHandle | None:
        if scope is pg.WaitScope.FRESH:
            coro = pg.wait_over_fresh_batch(mode, timeout)
        else:
            ids = self._session.selected_task_ids if scope is pg.WaitScope.SELECTED else None
            if scope is pg.WaitScope.SELECTED and not ids:
                self._session.notify("Select the tasks to wait for first.")
                return None
            coro = pg.wait_over_ids(ids, mode, timeout)
        name = f"wait-{self._session.take_numbers()}"
        handle = self._session.submit(coro, name)
        if handle is not None:
            handle.finished.connect(self._on_wait_finished)
            handle.failed.connect(lambda error: self._on_wait_failed(name, error))
            self.waitStarted.emit(f"{name}: {pg.describe_wait_call(mode, timeout)}")
        return handle

    def _on_wait_failed(self, name: str, error: BaseException) -> None:
        what = "was cancelled" if isinstance(error, CancelledError) else f"failed: {error}"
        self._session.notify(f"{name} {what}", ERROR_MS)
        self.waitFailed.emit(f"{name} {what}")

    def cancel_selected(self) -> None:
        ids = self._session.selected_task_ids
        if not ids:
            self._session.notify("Select the tasks to cancel first.")
            return
        self._session.call_soon(pg.cancel_tracked, list(ids))

    def cancel_all(self) -> None:
        self._session.call_soon(pg.cancel_tracked, None)

    def _on_wait_finished(self, result: object) -> None:
        if isinstance(result, pg.WaitResult):
            # Into the event stream too, so replay and recordings show the sets at any moment.
            tracker = self._session.tracker
            tracker.buffer.append(result.to_event(tracker.now(), current_thread_name()))
            self.waitFinished.emit(result)
