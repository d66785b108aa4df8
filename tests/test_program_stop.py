"""Stop, and what a program leaves: children killed, servers and connections closed, nothing
for the lab to do after a program that cleans up, and Stop never swallowed or mistaken."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest

from asyncio_lab.core.events import LogEvent, LogLevel
from asyncio_lab.core.program.run import Ending
from asyncio_lab.core.program.source import ProgramSource
from tests.program_helpers import on_a_host, run_text

LEAKY = """\
import asyncio
import sys


async def handle(reader, writer):
    print("handler started")
    await asyncio.sleep(3600)  # never ends by itself, never closes its connection


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(3600)"
    )
    print("child", child.pid)
    await asyncio.sleep(3600)  # no try/finally anywhere: Stop must not leak any of it


asyncio.run(main())
"""


def _socket_fds() -> set[str]:
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                found.add(fd)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads sockets from /proc")
def test_stop_kills_children_closes_servers_and_cancels_connection_handlers(
    loop_errors: list[str],
) -> None:
    """Cancelling main is not enough: a child runs on, a handler task is nobody's child, and a
    server or connection whose task was cancelled stays open. Stop closes them all."""
    import asyncio

    from asyncio_lab.core.program.on_host import ProgramHandle
    from asyncio_lab.core.threaded_host import ThreadedHost

    host = ThreadedHost()
    host.start()
    sockets_before = _socket_fds()
    try:
        handle = ProgramHandle(ProgramSource(LEAKY, "leaky.py"), host).start()
        deadline = time.monotonic() + 10
        events: list[LogEvent] = []
        while not any(e.message.startswith("child ") for e in events):
            assert time.monotonic() < deadline, "the program never got going"
            time.sleep(0.05)
            events += [e for e in host.tracker.buffer.drain() if isinstance(e, LogEvent)]
        while "handler started" not in [e.message for e in events]:
            assert time.monotonic() < deadline, "the handler never started"
            time.sleep(0.05)
            events += [e for e in host.tracker.buffer.drain() if isinstance(e, LogEvent)]
        pid = int(next(e.message for e in events if e.message.startswith("child ")).split()[1])

        handle.stop()
        assert handle.outcome.result(timeout=10).ending is Ending.STOPPED

        async def tasks_left() -> list[str]:
            me = asyncio.current_task()
            return [t.get_name() for t in asyncio.all_tasks() if t is not me]

        deadline = time.monotonic() + 5
        while left := asyncio.run_coroutine_threadsafe(tasks_left(), host.loop).result(5):
            assert time.monotonic() < deadline, f"tasks left on the loop: {left}"
            time.sleep(0.05)
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # killed and already reaped: not our child any more
        while _socket_fds() - sockets_before:
            assert time.monotonic() < deadline, "a socket was left open"
            time.sleep(0.05)
        events += [e for e in host.tracker.buffer.drain() if isinstance(e, LogEvent)]
        said = [e.message for e in events]
        assert any("killed and reaped 1 child process" in m for m in said), said
        assert any("closed 1 server" in m for m in said), said
        assert loop_errors == []
        assert not [e for e in events if e.level is LogLevel.ERROR]
    finally:
        host.shutdown()


def test_a_program_that_cleans_up_after_itself_leaves_the_lab_nothing_to_do() -> None:
    from asyncio_lab.core.program.on_host import ProgramHandle
    from asyncio_lab.core.threaded_host import ThreadedHost

    tidy = (
        "import asyncio, sys\n"
        "async def handle(reader, writer):\n"
        "    writer.write(await reader.readline())\n"
        "    writer.close()\n"
        "    await writer.wait_closed()\n"
        "async def main():\n"
        "    server = await asyncio.start_server(handle, '127.0.0.1', 0)\n"
        "    async with server:\n"
        "        r, w = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])\n"
        "        w.write(b'hi\\n')\n"
        "        print((await r.readline()).decode().strip())\n"
        "        w.close()\n"
        "        await w.wait_closed()\n"
        "    proc = await asyncio.create_subprocess_exec(sys.executable, '-c', 'pass')\n"
        "    await proc.wait()\n"
        "asyncio.run(main())\n"
    )
    host = ThreadedHost()
    host.start()
    try:
        handle = ProgramHandle(ProgramSource(tidy, "tidy.py"), host).start()
        assert handle.outcome.result(timeout=10).ok
        said = [e.message for e in host.tracker.buffer.drain() if isinstance(e, LogEvent)]
    finally:
        host.shutdown()
    assert "hi" in said
    assert not [m for m in said if "the program left things open" in m]


def test_stop_ends_a_program_whose_server_waits_for_a_handler_that_never_ends(
    loop_errors: list[str],
) -> None:
    """From Python 3.12 leaving ``async with server`` waits for every connection to close; a
    handler that never ends and never closes its connection would keep a stopped main waiting.
    Stop cancels the handlers at once, and a cancelled handler's connection is closed."""
    from asyncio_lab.core.program.on_host import ProgramHandle
    from asyncio_lab.core.threaded_host import ThreadedHost

    stuck = (
        "import asyncio\n"
        "async def handle(reader, writer):\n"
        "    print('handler started')\n"
        "    await asyncio.sleep(3600)\n"
        "async def main():\n"
        "    server = await asyncio.start_server(handle, '127.0.0.1', 0)\n"
        "    async with server:\n"
        "        r, w = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])\n"
        "        try:\n"
        "            await asyncio.sleep(3600)\n"
        "        finally:\n"
        "            w.close()\n"
        "            await w.wait_closed()\n"
        "asyncio.run(main())\n"
    )
    host = ThreadedHost()
    host.start()
    try:
        handle = ProgramHandle(ProgramSource(stuck, "stuck.py"), host).start()
        deadline = time.monotonic() + 10
        said: list[str] = []
        while "handler started" not in said:
            assert time.monotonic() < deadline, "the handler never started"
            time.sleep(0.05)
            said += [e.message for e in host.tracker.buffer.drain() if isinstance(e, LogEvent)]
        handle.stop()
        assert handle.outcome.result(timeout=10).ending is Ending.STOPPED
        assert loop_errors == []
    finally:
        host.shutdown()


def test_stop_is_not_swallowed_by_an_except_exception_retry_loop() -> None:
    outcome, said = on_a_host(
        "import time\n"
        "print('started')\n"
        "while True:\n"
        "    try:\n"
        "        time.sleep(0.05)\n"
        "    except Exception:\n"
        "        print('retrying')\n",
        stop_once_printed="started",
    )
    assert outcome.ending is Ending.STOPPED  # type: ignore[attr-defined]
    assert "retrying" not in said


def test_stop_during_top_level_work_refuses_the_next_asyncio_run() -> None:
    outcome, said = on_a_host(
        "import asyncio, threading\n"
        "async def main():\n"
        "    print('main ran')\n"
        "print('working')\n"
        "threading.Event().wait(0.3)  # work the lab cannot interrupt\n"
        "asyncio.run(main())\n",
        stop_once_printed="working",
    )
    assert outcome.ending is Ending.STOPPED  # type: ignore[attr-defined]
    assert "main ran" not in said


def test_the_programs_own_cancelled_error_is_a_failure_not_a_stop() -> None:
    text = (
        "import asyncio\n"
        "async def main():\n"
        "    t = asyncio.create_task(asyncio.sleep(10))\n"
        "    await asyncio.sleep(0)\n"
        "    t.cancel()\n"
        "    await t\n"
        "asyncio.run(main())\n"
    )
    for outcome in (run_text(text).outcome, on_a_host(text)[0]):
        assert outcome.ending is Ending.FAILED and outcome.exit_code == 1, outcome  # type: ignore[attr-defined]
        assert outcome.line == 6 and "CancelledError" in outcome.details  # type: ignore[attr-defined]


@pytest.mark.parametrize("door", ["asyncio.subprocess", "from asyncio import subprocess"])
def test_stop_kills_a_child_made_through_asyncio_subprocess(door: str) -> None:
    importing = "import asyncio.subprocess" if door == "asyncio.subprocess" else door
    call = "asyncio.subprocess" if door == "asyncio.subprocess" else "subprocess"
    outcome, said = on_a_host(
        f"import asyncio, sys\n{importing}\n"
        "async def main():\n"
        f"    child = await {call}.create_subprocess_exec(\n"
        "        sys.executable, '-c', 'import time; time.sleep(3600)')\n"
        "    print('child', child.pid)\n"
        "    await asyncio.sleep(3600)\n"
        "asyncio.run(main())\n",
        stop_once_printed="child",
    )
    assert outcome.ending is Ending.STOPPED  # type: ignore[attr-defined]
    pid = int(next(line for line in said if line.startswith("child ")).split()[1])
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped
