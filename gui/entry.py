"""The installed ``asyncio-lab`` command: the headless commands of core, or the window.

Qt is imported only when the window opens, so ``asyncio-lab list`` and ``run`` start fast and
work without a display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from asyncio_lab.core import cli
from asyncio_lab.gui.display_check import display_problem


def _open_window(argv: Sequence[str]) -> int:
    problem = display_problem(os.environ)
    if problem is not None:  # Qt would abort (exit 134) with a misleading message
        print(problem, file=sys.stderr)
        return 1
    from asyncio_lab.gui.app import main as open_window

    return open_window(argv)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_window=_open_window)
