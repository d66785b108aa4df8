"""The default executor of the threaded host's loop: asyncio's own kind, with a bounded exit.

It is the ThreadPoolExecutor asyncio would make (threads ``asyncio_0``, ``asyncio_1`` …), that
also knows its threads, so a host can stop it without waiting for ever on a job that never
returns (see :mod:`asyncio_lab.core.left_behind`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time

from asyncio_lab.core.left_behind import leave_behind


class WorkerPool(concurrent.futures.ThreadPoolExecutor):
    def __init__(self) -> None:
        self.workers: list[threading.Thread] = []
        super().__init__(thread_name_prefix="asyncio", initializer=self._note_worker)

    def _note_worker(self) -> None:
        self.workers.append(threading.current_thread())

    async def shut_down(self, wait_s: float) -> list[str]:
        """Stop taking jobs, drop queued ones, and wait up to ``wait_s`` seconds (real ones)
        for running jobs to return. Returns the names of the threads left behind, blocked."""
        self.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + wait_s
        while any(t.is_alive() for t in self.workers) and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        stuck = [t for t in self.workers if t.is_alive()]
        if stuck:
            leave_behind(tuple(t.name for t in stuck), lambda: any(t.is_alive() for t in stuck))
        return [t.name for t in stuck]
