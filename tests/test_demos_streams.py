"""Seed §3 (streams): the promised behaviour, asserted from what the programs print."""

from __future__ import annotations

import re
import socket

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import TaskState
from asyncio_lab.core.program.source import ProgramSource
from asyncio_lab.core.runner import run_headless, run_program_headless
from tests.demo_helpers import final_states, printed, run_program


def number_in(line: str) -> float:
    return float(re.findall(r"\d+\.\d+", line)[0])


def only(lines: list[str], start: str) -> str:
    found = [line for line in lines if line.startswith(start)]
    assert len(found) == 1, (start, lines)
    return found[0]


# Echo server ---------------------------------------------------------------------------------
def test_echo_server_serves_clients_concurrently_with_a_handler_task_each() -> None:
    run = run_program("streams.echo-server", speed=5, clients=4, delay=1.0)
    said = printed(run)
    assert "listening on 127.0.0.1, on a port the OS chose: True" in said
    for i in (1, 2, 3, 4):
        assert f"server got 'hello from client-{i}'" in said
        assert f"client-{i} received 'hello from client-{i}'" in said
        assert f"client-{i}: is_closing() right after close(): True" in said
    # one request takes 1 s; four served one after another would take 4 s
    took = number_in(only(said, "4 clients served in"))
    assert took < 2 * 1.0
    states = final_states(run)
    handlers = {name: s for name, s in states.items() if name.startswith("handler-")}
    assert len(handlers) == 4  # one task per connection, named after the client's port
    assert set(handlers.values()) == {TaskState.DONE}
    assert {states[f"client-{i}"] for i in (1, 2, 3, 4)} == {TaskState.DONE}


def test_echo_server_handlers_work_while_the_others_wait() -> None:
    said = printed(run_program("streams.echo-server", speed=5, clients=3, delay=0.5))
    got = [i for i, line in enumerate(said) if line.startswith("server got")]
    replies = [i for i, line in enumerate(said) if " received " in line]
    assert max(got) < min(replies)  # all three requests are in before the first reply


# serve_forever -------------------------------------------------------------------------------
@pytest.mark.parametrize("stop_with", ["cancel", "close"])
def test_serve_forever_ends_cancelled_either_way_and_the_port_closes(stop_with: str) -> None:
    run = run_program("streams.serve-forever", speed=10, requests=2, stop_with=stop_with)
    said = printed(run)
    assert said[:2] == ["reply: REQUEST 1", "reply: REQUEST 2"]
    assert said[2:] == [
        "serving before the stop: True",
        f"after {stop_with}: serve_forever() task cancelled: True",
        "serving after the stop: False",
        "a new client is refused: ConnectionRefusedError",
    ]
    assert final_states(run)["serve-forever"] is TaskState.CANCELLED


# Unix sockets --------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX on this platform")
def test_unix_echo_round_trips_through_a_socket_file() -> None:
    said = printed(run_program("streams.unix-echo", messages=3))
    assert said == [
        "the socket is a file in the folder: ['echo.sock']",
        "client got MESSAGE 1",
        "client got MESSAGE 2",
        "client got MESSAGE 3",
    ]


def test_unix_echo_explains_itself_where_there_is_no_af_unix() -> None:
    # The loop itself needs AF_UNIX here, so only the program's own check is made to miss it.
    source = catalogue.get("streams.unix-echo").program()
    text = source.text.replace('hasattr(socket, "AF_UNIX")', 'hasattr(socket, "AF_NOWHERE")')
    assert text != source.text
    run = run_program_headless(ProgramSource(text, source.filename), speed=10)
    assert run.outcome is not None and run.outcome.ok
    assert printed(run) == ["no Unix domain sockets on this platform (socket.AF_UNIX is missing)"]


# socketpair ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["abc", "socketpair"])
def test_socketpair_wrapped_in_streams(text: str) -> None:
    assert printed(run_program("streams.socketpair", text=text)) == [
        f"the stream end received: {text}",
        f"the plain end received: {text[::-1]}",
        "closing the writer closed its socket too: True",
    ]


# HTTP HEAD -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "status", "length"),
    [("/", "HTTP/1.0 200 OK", 13), ("/missing", "HTTP/1.0 404 Not Found", 9)],
)
def test_http_head_prints_headers_from_a_local_server(path: str, status: str, length: int) -> None:
    said = printed(run_program("streams.http-head", path=path))
    assert said[0] == f"server got: HEAD {path} HTTP/1.0"
    assert said[1:] == [
        f"HTTP header> {status}",
        "HTTP header> Server: tiny-asyncio",
        "HTTP header> Content-Type: text/plain; charset=utf-8",
        f"HTTP header> Content-Length: {length}",
    ]


# Reading -------------------------------------------------------------------------------------
def test_read_methods_and_their_errors() -> None:
    said = printed(run_program("streams.reading", limit=64, short_by=6))
    assert said == [
        "read(5)          -> b'hello'",  # up to 5, and 5 had arrived
        "readline()       -> b' world\\n'",
        "readuntil(b';')  -> b'a=1;'",
        "readexactly(4)   -> b'b=2;'",
        "readuntil, line over the limit: LimitOverrunError, consumed=192",
        "readline, line over the limit: ValueError",
        "readline() after -> b'next line\\n'",  # the long line was thrown away
        "readexactly(16): IncompleteReadError, partial=b'0123456789'",
        "read() at the end -> b'' at_eof(): True",
    ]


def test_the_limit_parameter_moves_the_overrun() -> None:
    said = printed(run_program("streams.reading", limit=100, short_by=1))
    assert "readuntil, line over the limit: LimitOverrunError, consumed=300" in said
    assert "readexactly(11): IncompleteReadError, partial=b'0123456789'" in said


# Back-pressure -------------------------------------------------------------------------------
def backpressure(use_drain: bool) -> list[str]:
    return printed(run_program("streams.backpressure", use_drain=use_drain, chunks=12))


def test_drain_keeps_the_write_buffer_near_the_high_water_mark() -> None:
    said = backpressure(True)
    assert "the buffer stayed near the high-water mark: True" in said
    written = [number_in(line) for line in said if line.startswith("wrote block")]
    assert len(written) == 12 and max(written) <= 32 + 16
    assert len([line for line in said if line.startswith("read block")]) == 12
    # the writer waited for the reader: its last block went out well after the first reads
    assert _first(said, "wrote block 12:") > _first(said, "read block 4:")


def test_without_drain_the_buffer_holds_almost_everything_and_drains_over_time() -> None:
    said = backpressure(False)
    assert "the buffer stayed near the high-water mark: False" in said
    written = [number_in(line) for line in said if line.startswith("wrote block")]
    assert written == sorted(written) and written[-1] > 12 * 16 / 2  # KiB, most of it
    # every block was written before the reader took its first one
    assert _first(said, "the writer was done") < _first(said, "read block 1:")
    held = [number_in(line) for line in said if line.startswith("read block")]
    assert held == sorted(held, reverse=True) and held[0] > held[-1]


def test_drain_makes_the_writer_take_as_long_as_the_reader() -> None:
    def writer_time(lines: list[str]) -> float:
        return number_in(only(lines, "the writer was done after"))

    assert writer_time(backpressure(True)) > writer_time(backpressure(False)) + 0.3


def _first(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(start))


def test_parameters_are_bounded() -> None:
    with pytest.raises(ValueError, match="out of range"):
        run_headless("streams.echo-server", {"clients": 99})
