"""The storm in the real window beside plain asyncio, as a table (or ``--json``).

``python -m benchmarks.window_table [--sizes 100000 ...] [--repeats 3] [--json]``: every case runs
in a fresh interpreter (:mod:`benchmarks.worker`), interleaved, with the plain run of the same
repeat as each ratio's baseline. The cases themselves are in :mod:`benchmarks.window_cases`.
"""

from __future__ import annotations

from typing import Any

# Each host, with the Tasks tab shown (as the window opens) and with the Timeline tab shown.
WHERE = [(h, t) for h in ("integrated", "threaded") for t in ("tasks", "timeline")]


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.window_table [--sizes 100000 ...] [--repeats 3] [--json]``:
    plain, integrated and threaded interleaved, each in a fresh process; medians and ratios
    paired with the plain run of the same repeat."""
    import argparse
    import json
    import statistics

    from benchmarks.cli import run_case

    parser = argparse.ArgumentParser(prog="python -m benchmarks.window_table")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for n in args.sizes:
        runs = results.setdefault(str(n), {"plain": [], **{f"{h}, {t} tab": [] for h, t in WHERE}})
        for _ in range(args.repeats):
            runs["plain"].append(run_case("window_plain", n=n))
            for host, tab in WHERE:
                runs[f"{host}, {tab} tab"].append(run_case("window_storm", host=host, n=n, tab=tab))
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
