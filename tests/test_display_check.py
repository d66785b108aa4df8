"""No display, or no xcb libraries: one line saying what to do, never Qt's abort (exit 134)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from asyncio_lab.gui.display_check import display_problem, x_server_answers


def _answers(_display: str) -> bool:
    return True


def test_without_a_display_the_app_says_what_to_do_in_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "asyncio_lab.gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, (done.returncode, done.stderr)  # not 134: no core dump
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "QT_QPA_PLATFORM=offscreen" in lines[0], done.stderr


def test_missing_xcb_libraries_are_named_with_their_packages():
    def missing() -> list[str]:
        return ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]

    line = display_problem({"DISPLAY": ":0"}, "linux", missing, _answers)
    assert line is not None and "\n" not in line
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in line
    assert "QT_QPA_PLATFORM=offscreen" in line


def test_nothing_is_said_when_qt_can_open_a_window():
    assert display_problem({"DISPLAY": ":0"}, "linux", list, _answers) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", list) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", list) is None
    assert display_problem({}, "darwin", list) is None


def _free_display_number() -> int:
    """A display number no X server listens on here (no socket file, no TCP port)."""
    for number in range(917, 1000):
        if not x_server_answers(f":{number}", timeout=0.2):
            return number
    raise AssertionError("every display number answers")


def test_a_display_with_no_server_behind_it_says_so_in_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = f":{_free_display_number()}"
    done = subprocess.run(
        [sys.executable, "-m", "asyncio_lab.gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, (done.returncode, done.stderr)  # not Qt's abort, 134
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"no X server answers on DISPLAY={env['DISPLAY']}" in lines[0]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0]


def test_a_listening_x_socket_counts_as_a_server():
    number = _free_display_number()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(f"\0/tmp/.X11-unix/X{number}")  # the abstract name Xorg also listens on
        server.listen(1)
        assert x_server_answers(f":{number}") and x_server_answers(f"unix:{number}.0")
    assert not x_server_answers(f":{number}", timeout=0.2)
    assert x_server_answers("not a display")  # unreadable: Qt will say what it thinks
