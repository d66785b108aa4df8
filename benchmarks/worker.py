"""One benchmark case in a process of its own: ``python -m benchmarks.worker CASE JSON``.

The result is printed as one line, ``RESULT_MARK`` followed by JSON, so anything else the case
prints (Qt warnings, for instance) cannot be mistaken for it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RESULT_MARK = "BENCH-RESULT "


def _cases() -> dict[str, Callable[..., dict[str, Any]]]:
    from benchmarks import cases, gui_cases, scrub, window_cases

    return {
        "throughput": cases.throughput,
        "timers": cases.timer_lateness,
        "round_trip": cases.round_trip,
        "tracker": cases.tracker_cost,
        "eager": cases.eager_vs_lazy,
        "frame_gap": gui_cases.frame_gaps,
        "inspector": gui_cases.inspector_refresh,
        "first_paint": gui_cases.first_paint,
        "window_plain": window_cases.plain_storm,
        "window_storm": window_cases.window_storm,
        "scrub": scrub.scrub_case,
        "window_leave": window_cases.window_leave,
    }


def main(argv: list[str]) -> int:
    case, params = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    result = _cases()[case](**params)
    print(RESULT_MARK + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
