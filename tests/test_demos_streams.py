"""Seed §3 (streams): the promised behaviour, asserted through the headless runner."""

from __future__ import annotations

import socket
import types

import pytest

from asyncio_lab.core.demos import c03a_streams
from asyncio_lab.core.events import LogLevel, TaskEvent, TaskState
from asyncio_lab.core.runner import DemoRun, run_headless
from tests.demo_helpers import messages, run


def final_states(result: DemoRun, prefix: str) -> dict[str, TaskState]:
    states = {}
    for e in result.events:
        named = isinstance(e, TaskEvent) and e.name and e.name.startswith(prefix)
        if named and e.state.is_final:
            states[e.name] = e.state
    return states


def test_echo_server_serves_clients_concurrently_with_a_handler_task_each() -> None:
    result = run("streams.echo-server", speed=5, clients=4, delay=1.0)
    assert result.result["replies"] == [f"hello from client-{i}" for i in (1, 2, 3, 4)]
    # one request takes 1 s; four at once take about 1 s, not 4: the server had all four
    # requests in hand before it answered the first
    assert result.result["total"] >= 0.9
    said = messages(result)
    got = [i for i, m in enumerate(said) if m.startswith("server got")]
    replied = [i for i, m in enumerate(said) if " received " in m]
    assert len(got) == len(replied) == 4 and max(got) < min(replied)
    handlers = final_states(result, "handler-")
    assert len(handlers) == 4
    assert set(handlers.values()) == {TaskState.DONE}
    assert set(final_states(result, "client-").values()) == {TaskState.DONE}
    logs = messages(result)
    assert any("server listening on 127.0.0.1:" in m for m in logs)
    assert any("is_closing() = True right after close()" in m for m in logs)


def test_echo_server_uses_an_os_assigned_port_each_time() -> None:
    ports = set()
    for _ in range(2):
        logs = messages(run("streams.echo-server", clients=1, delay=0.0))
        ports |= {m.split(":")[-1].split()[0] for m in logs if "server listening" in m}
    assert all(p.isdigit() and int(p) > 0 for p in ports)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX on this platform")
def test_unix_echo_round_trips() -> None:
    result = run("streams.unix-echo", messages=3)
    assert result.result == {"replies": ["MESSAGE 1", "MESSAGE 2", "MESSAGE 3"]}
    assert set(final_states(result, "unix-handler").values()) == {TaskState.DONE}


def test_unix_echo_explains_itself_where_there_is_no_af_unix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Hide AF_UNIX from the demo's module only: the loop itself still needs real sockets.
    monkeypatch.setattr(c03a_streams, "socket", types.SimpleNamespace())
    result = run("streams.unix-echo")
    assert "AF_UNIX" in result.result["skipped"]
    assert any("skipped" in m for m in messages(result, LogLevel.WARNING))


@pytest.mark.parametrize("text", ["abc", "socketpair"])
def test_socketpair_wrapped_in_streams(text: str) -> None:
    result = run("streams.socketpair", text=text)
    assert result.result == {"received": text, "answer": text[::-1]}


@pytest.mark.parametrize(
    ("path", "status"), [("/", "HTTP/1.0 200 OK"), ("/missing", "HTTP/1.0 404 Not Found")]
)
def test_http_head_prints_headers_from_a_local_server(path: str, status: str) -> None:
    result = run("streams.http-head", path=path)
    assert result.result["status"] == status
    assert result.result["Server"] == "asyncio-lab"
    assert "Content-Length" in result.result
    assert sum("HTTP header>" in m for m in messages(result)) == 4


def test_read_methods_and_their_errors() -> None:
    seen = run("streams.reading", limit=64, short_by=6).result
    assert seen["read(5)"] == b"hello"
    assert seen["readline()"] == b" world\n"
    assert seen["readuntil(b';')"] == b"a=1;"
    assert seen["readexactly(4)"] == b"b=2;"
    assert seen["readuntil, long line"] == "LimitOverrunError(consumed=192)"
    assert seen["readline, long line"] == "ValueError"
    assert seen["readline() after"] == b"next line\n"  # the long line was dropped
    assert seen["readexactly, short"] == "IncompleteReadError(partial=b'0123456789')"
    assert seen["read() at EOF"] == b""


def test_the_limit_parameter_moves_the_overrun() -> None:
    seen = run("streams.reading", limit=100).result
    assert seen["readuntil, long line"] == "LimitOverrunError(consumed=300)"


def test_drain_keeps_the_write_buffer_near_the_high_water_mark() -> None:
    stats = run("streams.backpressure", use_drain=True, chunks=12, chunk_kib=16).result
    chunk = 16 * 1024
    assert stats["received"] == stats["total"] == 12 * chunk
    assert stats["peak"] <= stats["high_water"] + chunk


def test_without_drain_the_write_buffer_grows_to_almost_everything() -> None:
    result = run("streams.backpressure", use_drain=False, chunks=12, chunk_kib=16)
    stats = result.result
    assert stats["received"] == stats["total"]
    assert stats["peak"] > stats["total"] // 2
    assert stats["peak"] > 2 * stats["high_water"]
    watched = [m for m in messages(result) if m.startswith("watch: write buffer")]
    assert len(watched) >= 2  # the buffer is logged over time, not only per write


def test_parameters_are_bounded() -> None:
    with pytest.raises(ValueError, match="out of range"):
        run_headless("streams.echo-server", {"clients": 99})
