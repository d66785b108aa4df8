"""Stop and Cancel all end the program's work, not asyncio's, and nothing of it runs on after.

- Cancel all, pressed any time after Run of a lesson that serves, connects or starts children,
  cancels the tasks the lesson made, never the tasks asyncio made for its own work (accepting a
  connection, connecting a child's pipes): no error in the loop's exception handler, no asyncio
  warning, no socket, child or pipe left (issue 14, item 1).
- A stopped (or finished) program's callbacks still queued on the host's loop are dropped, as
  closing ``asyncio.run``'s loop drops them: none runs into a program that is over (item 2).
- A server closed between accepting a connection and setting it up closes that connection.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import logging
import socket
import time
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from asyncio_lab.core.dilated_loop import DilatedEventLoop
from asyncio_lab.core.events import LogEvent, LogLevel
from asyncio_lab.core.host import HostKind
from asyncio_lab.core.program.connections import close_unaccepted_on_close
from asyncio_lab.core.program.on_host import ProgramHandle
from asyncio_lab.core.program.resources import ProgramResources
from asyncio_lab.core.program.run import Ending
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.core.task_tree import made_by_asyncio
from asyncio_lab.core.threaded_host import ThreadedHost
from asyncio_lab.core.traced_coro import coroutine_of
from tests import window_driver as drive
from tests.test_demo_resources import (
    assert_nothing_left,
    listening_inodes,
    loop_pool_threads,
    needs_proc,
    snapshot,
    socket_inodes,
)

IO_LESSONS = [
    "streams.echo-server",
    "streams.http-head",
    "subprocess.several-at-once",
    "loop.protocol-echo",
]
DELAYS_MS = (0, 40, 90, 140)


def asyncio_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()[:200]
        for r in caplog.records
        if r.name == "asyncio" and r.levelno >= logging.WARNING
    ]


# Item 1: Cancel all ---------------------------------------------------------------------------
@needs_proc
@pytest.mark.timeout(120)
@pytest.mark.parametrize("demo_id", IO_LESSONS)
def test_cancel_all_right_after_run_leaves_nothing_behind(
    qtbot, window, demo_id: str, caplog: pytest.LogCaptureFixture, loop_errors: list[str]
) -> None:
    caplog.set_level(logging.WARNING, logger="asyncio")
    for delay in DELAYS_MS:
        kids, socks, threads = snapshot()
        drive.run_demo(window, demo_id)
        qtbot.wait(delay)
        drive.click(window, "cancelAllButton")
        qtbot.waitUntil(lambda: window.session.demos.running is None, timeout=15_000)
        what = f"{demo_id}, Cancel all after {delay} ms"
        assert_nothing_left((kids, socks, threads | loop_pool_threads()), what)
        assert not loop_errors, f"{what}: {loop_errors}"
        assert not asyncio_warnings(caplog), f"{what}: {asyncio_warnings(caplog)}"


async def _server_and_tasks() -> tuple[bool, bool]:
    """(serve_forever's task is asyncio's own?, the accept set-up task is asyncio's own?)"""
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    serving = asyncio.create_task(server.serve_forever())
    client = socket.create_connection(("127.0.0.1", port))
    set_up = None
    for _ in range(100):
        await asyncio.sleep(0)
        set_up = next((t for t in asyncio.all_tasks() if _is_set_up(t)), None)
        if set_up is not None:
            break
    result = made_by_asyncio(serving), set_up is not None and made_by_asyncio(set_up)
    if set_up is not None:
        await asyncio.wait([set_up])  # closed before the set-up, the server would leak it
    serving.cancel()
    server.close()
    await server.wait_closed()
    client.close()
    await asyncio.sleep(0.05)
    return result


def _is_set_up(task: asyncio.Task[object]) -> bool:
    return getattr(coroutine_of(task), "__name__", "") == "_accept_connection2"


def test_only_asyncios_private_tasks_count_as_its_own() -> None:
    serve_forever_is_asyncios, set_up_is_asyncios = asyncio.run(_server_and_tasks())
    assert not serve_forever_is_asyncios  # the program made it: Cancel all cancels it
    assert set_up_is_asyncios


# Item 2: callbacks of a program that is over -------------------------------------------------
LATE_CALLBACKS = """\
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(0.15, print, "a callback after main ended")
    loop.call_later(0.15, done.set_result, "late")
    loop.call_soon(print, "a callback while main runs")
    await asyncio.sleep(0.01)

asyncio.run(main())
"""


def test_a_finished_programs_queued_callbacks_never_run() -> None:
    host = ThreadedHost()
    host.start()
    try:
        handle = ProgramHandle(ProgramSource(LATE_CALLBACKS, "late.py"), host).start()
        assert handle.outcome.result(timeout=10).ending is Ending.FINISHED
        time.sleep(0.4)  # past the callbacks' deadline: with asyncio.run they never run
    finally:
        host.shutdown()
    logged = [e for e in host.tracker.buffer.drain() if isinstance(e, LogEvent)]
    printed = [e.message for e in logged if e.level is LogLevel.PRINT]
    assert printed == ["a callback while main runs"]
    assert not [e.message for e in logged if e.level is LogLevel.ERROR]


@pytest.mark.parametrize("speed", [0.25, 1.0])
def test_loop_callbacks_stopped_early_raises_nothing(
    qtbot, window, speed: float, loop_errors: list[str]
) -> None:
    said = drive.stop_half_way(qtbot, window, "loop.callbacks", after_ms=100, speed=speed)
    assert said == "loop.callbacks stopped.", said
    qtbot.wait(int(1000 * 0.3 / speed))  # past call_later(0.2): it must not go off
    assert not loop_errors


# A server closed between accept and set-up ---------------------------------------------------
async def _close_between_accept_and_set_up(guarded: bool) -> None:
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    if guarded:
        close_unaccepted_on_close(server)
    client = socket.create_connection(("127.0.0.1", server.sockets[0].getsockname()[1]))
    for _ in range(100):
        await asyncio.sleep(0)
        if any(_is_set_up(t) for t in asyncio.all_tasks()):
            break  # accepted; its set-up task has not started yet
    server.close()
    await server.wait_closed()
    await asyncio.sleep(0.02)
    client.close()


@needs_proc
def test_a_server_closed_before_setting_a_connection_up_closes_it() -> None:
    before = socket_inodes()
    asyncio.run(_close_between_accept_and_set_up(guarded=True))
    assert socket_inodes() == before


async def _close_a_loop_server_between_accept_and_set_up() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(asyncio.Protocol, "127.0.0.1", 0)
    client = socket.create_connection(("127.0.0.1", server.sockets[0].getsockname()[1]))
    deadline = loop.time() + 5  # turn by turn: the integrated loop hears the accept between
    while loop.time() < deadline:  # its slices, not within one
        await asyncio.sleep(0)
        if any(_is_set_up(t) for t in asyncio.all_tasks()):
            break  # accepted; its set-up task has not started yet
    else:
        raise AssertionError("the server never accepted the connection")
    server.close()
    await server.wait_closed()
    await asyncio.sleep(0.02)
    client.close()


@needs_proc
@pytest.mark.parametrize("host", ["threaded", "integrated"])
def test_a_loop_server_closed_before_setting_a_connection_up_closes_it(qtbot, host: str) -> None:
    """loop.create_server, as loop.protocol-echo makes it, is guarded as start_server's are:
    closed (``async with server`` left by a cancelled main) between accepting a connection and
    setting it up, it closes that connection; asyncio's set-up would fail on the closed server
    and leave the socket open ("unclosed transport", Cancel all just after Run)."""
    before = socket_inodes()
    _on_a_fresh_loop(qtbot, host, _close_a_loop_server_between_accept_and_set_up)
    gc.collect()  # an unclosed transport warns now, inside this test
    assert socket_inodes() == before


def _on_a_fresh_loop(
    qtbot: Any,
    host: str,
    work: Callable[[], Coroutine[Any, Any, Any]],
    while_open: Callable[[], Any] = lambda: None,
) -> tuple[Any, Any]:
    """Run ``work()`` on a new loop of ``host``'s kind (the threaded host's DilatedEventLoop
    or the integrated host's LabQtLoop, driven by Qt), close the loop, and return its result
    with what ``while_open()`` said after the work and before the loop closed."""
    if host == "threaded":
        loop = DilatedEventLoop()
        try:
            return loop.run_until_complete(work()), while_open()
        finally:
            loop.close()
    from asyncio_lab.gui.qt_loop import LabQtLoop

    lab = LabQtLoop()
    lab.attach()
    try:
        task = lab.create_task(work())
        qtbot.waitUntil(task.done, timeout=10_000)
        return task.result(), while_open()
    finally:
        lab.detach()
        lab.close()


async def _cancel_server_starts(turns: int = 12) -> list[str]:
    """Start a server and cancel the start after 0, 1, 2... loop turns: how each ended."""
    loop = asyncio.get_running_loop()
    outcomes = []
    for n in range(turns):
        start = asyncio.ensure_future(loop.create_server(asyncio.Protocol, "127.0.0.1", 0))
        for _ in range(n):
            await asyncio.sleep(0)
        start.cancel()
        try:
            server = await start
        except asyncio.CancelledError:
            outcomes.append("cancelled")
        else:
            outcomes.append("started")
            server.close()
            await server.wait_closed()
    return outcomes


def _own_listening() -> set[str]:
    return socket_inodes() & listening_inodes()


@needs_proc
@pytest.mark.parametrize("host", ["threaded", "integrated"])
def test_a_server_whose_start_is_cancelled_is_closed(qtbot, host: str) -> None:
    """create_server cancelled in its last turn (the sockets made, serving begun) closes the
    server; asyncio's own would leave it listening on the loop until the loop closes, as Cancel
    all right after Run of loop.protocol-echo did on the threaded host."""
    before = _own_listening()
    outcomes, left = _on_a_fresh_loop(
        qtbot, host, _cancel_server_starts, while_open=lambda: _own_listening() - before
    )
    assert "cancelled" in outcomes and "started" in outcomes, outcomes
    assert left == set()


async def _connect_while_main_cleans_up() -> tuple[list[str], bytes, list[str]]:
    """A program's main is cancelled; while it still cleans up, its server sets a connection
    up. (What the handler did, what the client read, what the loop's handler saw.)"""
    loop = asyncio.get_running_loop()
    seen: list[str] = []
    loop.set_exception_handler(lambda _loop, context: seen.append(context["message"]))
    resources = ProgramResources()
    ran: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        ran.append("handler")
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(resources.handler(handle), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    async def main() -> None:
        try:
            await asyncio.sleep(10)
        finally:
            await asyncio.sleep(0.3)  # still cleaning up when the connection comes

    task = asyncio.create_task(main())
    resources.main(task)
    await asyncio.sleep(0)
    task.cancel()  # Cancel all
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\n")
    try:
        got = await reader.read()  # the handler was cancelled: the server end closes
    except ConnectionResetError:  # closed with "hello" unread: the kernel resets it
        got = b""
    writer.close()
    await asyncio.gather(task, return_exceptions=True)
    server.close()
    await server.wait_closed()
    await resources.release()
    return ran, got, seen


def test_a_connection_set_up_after_main_was_cancelled_is_not_served() -> None:
    """Its handler is cancelled before it runs, as those running when main was cancelled:
    served, it answered a client the cancelled main was closing and failed into the loop's
    exception handler (the monkey on 3.13: "Unhandled exception in client_connected_cb")."""
    ran, got, seen = asyncio.run(_connect_while_main_cleans_up())
    assert (ran, got, seen) == ([], b"", [])


@pytest.mark.parametrize("after_ms", [0, 250])
def test_stopping_the_echo_server_leaves_no_task_running(qtbot, window, after_ms: int) -> None:
    drive.stop_half_way(qtbot, window, "streams.echo-server", after_ms=after_ms, speed=1.0)
    session = window.session

    def nothing_live() -> None:
        session.bridge.drain()
        assert session.book.live_count() == 0

    qtbot.waitUntil(nothing_live, timeout=3000)


@pytest.mark.timeout(30)
def test_a_lesson_stopped_while_a_thread_waits_for_its_job_lets_the_host_go(qtbot, window):
    """interplay.cancel-to-thread stopped while one worker waits for the other's job: the job
    ends (stopped), still says it finished, and a host switch does not wait for ever."""
    drive.stop_half_way(qtbot, window, "interplay.cancel-to-thread", after_ms=600, speed=1.0)
    other = next(k for k in HostKind if k is not window.session.kind)
    drive.pick_host(window, other)
    dialog = window.host_selector.dialog
    if dialog is not None:
        dialog.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.session.kind is other, timeout=10_000)


# Stop lands while a program callback is queued --------------------------------------------
_RUNNING: list[ProgramHandle] = []

STOPPED_WITH_A_CALLBACK_QUEUED = """\
import asyncio
from {this_module} import press_stop

async def main():
    loop = asyncio.get_running_loop()
    answer = loop.create_future()

    async def trigger():
        await asyncio.sleep(0)
        press_stop()  # the lab's Stop lands now...
        loop.call_soon(answer.set_result, 42)  # ...and then a callback is queued

    asyncio.create_task(trigger())
    await answer

asyncio.run(main())
"""


def press_stop() -> None:
    _RUNNING[-1].stop()


def test_stop_drops_the_programs_callbacks_before_cancelling_its_tasks() -> None:
    """Cancelling main cancels the future it awaits at once; a callback queued before main's
    clean-up runs would complete it (InvalidStateError). Stop drops such callbacks first."""
    host = ThreadedHost()
    host.start()
    try:
        text = STOPPED_WITH_A_CALLBACK_QUEUED.format(this_module=__name__)
        source = ProgramSource(text, "queued.py")
        _RUNNING.append(ProgramHandle(source, host))
        assert _RUNNING[-1].start().outcome.result(timeout=10).ending is Ending.STOPPED
        time.sleep(0.1)
    finally:
        host.shutdown()
        _RUNNING.clear()
    logged = [e for e in host.tracker.buffer.drain() if isinstance(e, LogEvent)]
    assert not [e.message for e in logged if e.level is LogLevel.ERROR]


@pytest.mark.parametrize("host", ["integrated", "threaded"])
def test_stop_keeps_the_loops_own_methods_queued_in_the_programs_context(qapp, host) -> None:
    """A write pipe queues ``loop._add_reader`` (to hear its reader close) from the program's
    context. On the integrated host that method is qasync's: Stop dropped it as the program's,
    the pipe to a child's stdin was never watched, and a main stopped while the child was being
    set up waited for it for ever (intro.asyncio-repl stopped half-way)."""
    from asyncio_lab.core.program.callbacks import drop_program_callbacks, mark
    from asyncio_lab.gui.qt_loop import LabQtLoop

    loop = LabQtLoop() if host == "integrated" else DilatedEventLoop()
    try:
        owner = object()
        context = mark(contextvars.copy_context(), owner)
        asyncios = loop.call_soon(loop._add_reader, 0, print, context=context)
        programs = loop.call_soon(print, "the program's own", context=context)
        stops = loop.call_soon(loop.stop, context=context)  # the program's, as asyncio.run drops it
        assert drop_program_callbacks(loop, owner) == 2
        assert programs.cancelled() and stops.cancelled()
        assert not asyncios.cancelled()
    finally:
        loop.close()
