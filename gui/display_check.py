"""Before Qt starts: can it open a display here? If not, say in one line what to do.

Without a display, or without the system libraries Qt's xcb plugin loads, creating the
QApplication aborts the process (exit 134, a core dump) and Qt's message names the wrong
package. This module imports no Qt: it reads the environment and asks ``ldd`` which of the
xcb plugin's libraries are missing.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

HEADLESS = "or run it headless with QT_QPA_PLATFORM=offscreen"
# Debian/Ubuntu packages for the libraries PySide6's xcb plugin needs (the README lists them).
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+) => not found", re.MULTILINE)


def _package(library: str) -> str:
    """``libxcb-icccm.so.4`` → ``libxcb-icccm4`` (Debian's rule), unless listed above."""
    if library in PACKAGES:
        return PACKAGES[library]
    match = re.fullmatch(r"(lib[\w+.-]*?)\.so\.(\d+).*", library)
    if match is None:
        return library
    stem, major = match.groups()
    return f"{stem}-{major}" if stem[-1].isdigit() else f"{stem}{major}"


def xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def missing_libraries(plugin: Path | None) -> list[str]:
    """The libraries ``ldd`` cannot find for ``plugin`` (none if it cannot tell)."""
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    try:
        listing = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(listing)))


_X_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$")


def x_server_answers(display: str, timeout: float = 1.0) -> bool:
    """Whether an X server accepts connections at ``display`` (``:0``, ``unix:1``,
    ``localhost:10.0``): its socket in the abstract namespace or /tmp/.X11-unix, or TCP port
    6000 + N. A display this cannot read is given the benefit of the doubt."""
    match = _X_DISPLAY.match(display)
    if match is None:
        return True
    host, number = match["host"], int(match["number"])
    if host in ("", "unix") or host.startswith("/"):
        path = host if host.startswith("/") else f"/tmp/.X11-unix/X{number}"
        for address in ("\0" + path, path):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
                unix.settimeout(timeout)
                try:
                    unix.connect(address)
                    return True
                except OSError:
                    continue
        if host != "":
            return False
        host = "localhost"  # ":N" falls back to TCP, as Xlib does
    try:
        socket.create_connection((host, 6000 + number), timeout=timeout).close()
    except OSError:
        return False
    return True


def display_problem(
    environ: Mapping[str, str],
    platform: str = sys.platform,
    missing: Callable[[], list[str]] = lambda: missing_libraries(xcb_plugin()),
    answers: Callable[[str], bool] = x_server_answers,
) -> str | None:
    """One line saying why Qt could not open a window here, or None if it should."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None  # another system, or the person chose Qt's platform themselves
    if environ.get("WAYLAND_DISPLAY"):
        return None
    if not environ.get("DISPLAY"):
        return (
            "asyncio-lab: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are "
            f"unset): start it from a desktop session, {HEADLESS}."
        )
    display = environ["DISPLAY"]
    if not answers(display):
        return (
            f"asyncio-lab: no X server answers on DISPLAY={display} (is it running, or was "
            f"the variable left from another session?): start it from a desktop session, "
            f"{HEADLESS}."
        )
    libraries = missing()
    if not libraries:
        return None
    packages = " ".join(sorted({_package(lib) for lib in libraries}))
    return (
        f"asyncio-lab: Qt cannot open the X display: the system lacks {', '.join(libraries)}. "
        f"Install them (Debian/Ubuntu: sudo apt install {packages}), {HEADLESS}."
    )
