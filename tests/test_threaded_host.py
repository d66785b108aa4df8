"""The threaded host without any GUI: a loop in its own thread, reached thread-safely."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading

import pytest

from asyncio_lab.core import playground as pg
from asyncio_lab.core.threaded_host import LOOP_THREAD_NAME, ThreadedHost


@pytest.fixture
def host():
    h = ThreadedHost()
    h.start()
    yield h
    h.shutdown()
    assert not any(t.name == LOOP_THREAD_NAME for t in threading.enumerate())


def test_work_runs_on_the_named_loop_thread(host):
    async def where():
        return threading.current_thread().name, asyncio.current_task().get_name()

    assert host.submit(where(), "probe").result(5) == (LOOP_THREAD_NAME, "probe")


def test_errors_and_cancellation_cross_back(host):
    failing = host.submit(pg.sample_job(0, pg.Outcome.RAISE), "boom")
    with pytest.raises(pg.JobFailed):
        failing.result(5)
    forever = host.submit(pg.sample_job(0, pg.Outcome.FOREVER), "forever")
    forever.cancel()
    with pytest.raises(concurrent.futures.CancelledError):
        forever.result(5)


def test_shutdown_cancels_tasks_and_interrupts_blocking_jobs():
    host = ThreadedHost()
    host.start()
    sleeping = host.submit(pg.sample_job(60, pg.Outcome.RETURN), "sleeper")
    blocked = host.submit(pg.run_in_thread(60, host.stopping), "blocked")
    import time

    time.sleep(0.1)
    started = time.monotonic()
    host.shutdown(timeout=2)
    assert time.monotonic() - started < 3
    assert sleeping.cancelled()
    assert blocked.done()
    with pytest.raises(RuntimeError):
        host.submit(pg.sample_job(0, pg.Outcome.RETURN), "too late")
