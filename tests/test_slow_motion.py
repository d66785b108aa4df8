"""Slow motion stretches a program's asyncio sleeps and its thread sleeps alike, on both hosts,
while what the program measures reads the same: ratios, never absolute times."""

from __future__ import annotations

import time

import pytest

from asyncio_lab.core.events import LogEvent, LogLevel
from asyncio_lab.core.program.on_host import ProgramHandle
from asyncio_lab.core.program.source import ProgramSource

PROGRAM = """\
import asyncio
import time


async def main():
    started = time.monotonic()
    await asyncio.sleep(0.2)  # the loop's clock
    await asyncio.to_thread(time.sleep, 0.2)  # a worker thread's sleep
    loop = asyncio.get_running_loop()
    fired = loop.create_future()
    loop.call_later(0.1, fired.set_result, None)  # a timer
    await fired
    print(round(time.monotonic() - started, 1))


if __name__ == "__main__":
    asyncio.run(main())
"""


def _timed(qtbot, host, speed: float) -> tuple[float, list[str]]:
    started = time.perf_counter()
    handle = ProgramHandle(ProgramSource(PROGRAM, "slow.py"), host, speed).start()
    qtbot.waitUntil(handle.outcome.done, timeout=20_000)
    took = time.perf_counter() - started
    assert handle.outcome.result().ok, handle.outcome.result()
    said = [
        e.message
        for e in host.tracker.buffer.drain()
        if isinstance(e, LogEvent) and e.level is LogLevel.PRINT
    ]
    return took, said


@pytest.mark.parametrize("host_kind", ["integrated", "threaded"])
def test_a_quarter_speed_takes_four_times_as_long_and_reads_the_same(qtbot, host_kind):
    from asyncio_lab.core.threaded_host import ThreadedHost
    from asyncio_lab.gui.integrated_host import IntegratedHost

    host = IntegratedHost() if host_kind == "integrated" else ThreadedHost()
    host.start()
    try:
        _, said_normal = _timed(qtbot, host, 1.0)
        slow, said_slow = _timed(qtbot, host, 0.25)
        assert host.loop.time() > 0  # the loop's clock is back at full speed, and running
    finally:
        host.shutdown()
    # Stretched four times: 0.5 program seconds of sleeps take at least 2 real ones, whatever
    # the load. The readings may be a little over 0.5 (a loaded machine's 50 ms stall at full
    # speed read as 0.6 once), but a clock left unstretched would read 2.0 at a quarter speed.
    assert slow >= 2.0
    for said in (said_normal, said_slow):  # the program's own seconds, at any speed
        assert len(said) == 1 and 0.5 <= float(said[0]) < 0.8, said
