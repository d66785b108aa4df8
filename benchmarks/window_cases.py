"""The storm in the app's own window: the real MainWindow with the inspector on, each host,
beside plain asyncio on the main thread of the same kind of process (one with a QApplication).

A case is one process; the CLI interleaves them (plain, integrated, threaded, plain, ...) and
pairs each window run with the plain run next to it in time.
"""

from __future__ import annotations

import gc
import os
import resource
import time
from typing import Any

from benchmarks.gui_cases import storm
from benchmarks.loops import qapp
from benchmarks.stats import summary

TICK_MS = 5


def rss_mb() -> float:
    """The resident set size now, in MB (Linux), else the peak so far."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def plain_storm(n: int) -> dict[str, Any]:
    """``n`` trivial tasks with ``asyncio.run`` on the main thread of a process with Qt."""
    import asyncio

    qapp()
    gc.collect()
    base = rss_mb()
    seconds = asyncio.run(storm(n))
    return {"seconds": seconds, "us_per_task": seconds / n * 1e6, "rss_mb": peak_rss_mb(),
            "base_rss_mb": base}  # fmt: skip


def window_storm(host: str, n: int, close: bool = False) -> dict[str, Any]:
    """The same storm submitted to the app window's loop, timed until every view has taken in
    the last event: the handle reported and the task table counts no live task.

    Frame gaps come from a 5 ms timer on the GUI thread. With ``close``, the window then starts
    a fresh storm and closes while its tasks are live (how long the GUI blocks, and whether
    asyncio complains about abandoned tasks).
    """
    from PySide6.QtCore import Qt, QTimer

    from asyncio_lab.core.host import HostKind
    from asyncio_lab.gui.main_window import MainWindow

    app = qapp()
    window = MainWindow(HostKind(host))
    window.resize(1366, 768)
    window.show()
    for _ in range(20):
        app.processEvents()
    session = window.session
    gc.collect()
    base = rss_mb()
    ticks: list[float] = []
    tick = QTimer()
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    out: dict[str, Any] = {}
    start = time.perf_counter()
    handle = session.submit(storm(n), "storm")
    assert handle is not None

    def check() -> None:
        if handle.ended and session.book.live_count() == 0 and not len(session.tracker.buffer):
            out["seconds"] = time.perf_counter() - start
            app.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    tick.start(TICK_MS)
    poll.start(2)
    QTimer.singleShot(600_000, app.quit)
    app.exec()
    poll.stop()
    tick.stop()
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
    out |= {
        "us_per_task": out.get("seconds", float("nan")) / n * 1e6,
        "gap_ms": summary(gaps),
        "rss_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
        "base_rss_mb": base,
        "rows": len(session.book),
    }
    out["bytes_per_task"] = (out["rss_mb"] - base) * 1024 * 1024 / n
    if close:
        out |= _close_with_live_tasks(app, window, n)
    else:
        window.close()
    return out


def _close_with_live_tasks(app: Any, window: Any, n: int) -> dict[str, Any]:
    """Start ``n`` tasks that sleep, then close the window: the longest GUI block and what
    asyncio said about abandoned tasks."""
    import asyncio
    import warnings

    async def sleepers() -> None:
        async def sleeper() -> None:
            await asyncio.sleep(3600)

        async with asyncio.TaskGroup() as tg:
            for _ in range(0, n, 1000):
                for _i in range(1000):
                    tg.create_task(sleeper())
                await asyncio.sleep(0)

    session = window.session
    complaints: list[str] = []
    session.submit(sleepers(), "sleepers")
    deadline = time.perf_counter() + 120
    while session.book.live_count() < n and time.perf_counter() < deadline:
        app.processEvents()
    tracker = session.tracker
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        window.close()
        blocked = time.perf_counter() - start
    complaints += [str(w.message) for w in caught]
    errors = [
        e.message
        for e in tracker.buffer.drain()
        if getattr(e, "message", "").startswith(("Task was destroyed", "coroutine"))
    ]
    return {"close_live": session.book.live_count(), "close_blocked_s": blocked,
            "close_complaints": len(complaints) + len(errors)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.window_cases [--sizes 100000 ...] [--repeats 3] [--json]``:
    plain, integrated and threaded interleaved, each in a fresh process; medians and ratios
    paired with the plain run of the same repeat."""
    import argparse
    import json
    import statistics

    from benchmarks.cli import run_case

    parser = argparse.ArgumentParser(prog="python -m benchmarks.window_cases")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for n in args.sizes:
        runs = results.setdefault(str(n), {"plain": [], "integrated": [], "threaded": []})
        for _ in range(args.repeats):
            runs["plain"].append(run_case("window_plain", n=n))
            for host in ("integrated", "threaded"):
                runs[host].append(run_case("window_storm", host=host, n=n))
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print("| tasks | where | µs/task | × plain (paired) | GUI gap p99 ms | RSS MB | bytes/task |")
    print("|---|---|---|---|---|---|---|")
    for n, runs in results.items():
        plain = runs["plain"]
        for where, got in runs.items():
            ok = [r for r in got if "us_per_task" in r]
            if not ok:
                print(f"| {n} | {where} | error: {got[0].get('error')} | | | | |")
                continue
            us = statistics.median(r["us_per_task"] for r in ok)
            ratios = [r["us_per_task"] / p["us_per_task"] for r, p in zip(got, plain, strict=False)
                      if "us_per_task" in r and "us_per_task" in p]  # fmt: skip
            ratio = f"{statistics.median(ratios):.2f}" if ratios else "—"
            gap = statistics.median(r["gap_ms"]["p99"] for r in ok) if "gap_ms" in ok[0] else None
            per = statistics.median(r["bytes_per_task"] for r in ok) if where != "plain" else None
            rss = statistics.median(r["rss_mb"] for r in ok)
            print(f"| {int(n):,} | {where} | {us:.1f} | {ratio} | "
                  f"{'—' if gap is None else f'{gap:.0f}'} | {rss:.0f} | "
                  f"{'—' if per is None else f'{per:.0f}'} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
