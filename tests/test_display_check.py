"""No display, or no xcb libraries: one line saying what to do, never Qt's abort (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys

from asyncio_lab.gui.display_check import display_problem


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

    line = display_problem({"DISPLAY": ":0"}, "linux", missing)
    assert line is not None and "\n" not in line
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in line
    assert "QT_QPA_PLATFORM=offscreen" in line


def test_nothing_is_said_when_qt_can_open_a_window():
    assert display_problem({"DISPLAY": ":0"}, "linux", list) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", list) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", list) is None
    assert display_problem({}, "darwin", list) is None
