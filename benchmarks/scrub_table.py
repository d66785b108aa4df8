"""Scrubbing a long run, as a table (or ``--json``): the cases are in :mod:`benchmarks.scrub`.

``python -m benchmarks.scrub_table [--events 1000000] [--jumps 60] [--json]``: each case in a
fresh interpreter (:mod:`benchmarks.worker`), so its RSS is its own.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    from benchmarks.cli import run_case

    parser = argparse.ArgumentParser(prog="python -m benchmarks.scrub_table")
    parser.add_argument("--events", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--jumps", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [
        run_case("scrub", kind=kind, events=n, jumps=args.jumps)
        for n in args.events
        for kind in ("storm", "wakeups")
    ]
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print("| run | events | tasks | open ms | jump p50 ms | p95 | max | step p50 ms | store MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        if "jump_ms" not in r:
            print(f"| {r.get('kind', '?')} | error: {r.get('error')} | | | | | | | |")
            continue
        j = r["jump_ms"]
        print(f"| {r['kind']} | {r['events']:,} | {r['tasks']:,} | {r['open_ms']:.0f} | "
              f"{j['p50']:.1f} | {j['p95']:.1f} | {j['max']:.1f} | {r['step_ms_p50']:.2f} | "
              f"{r['store_mb']:.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
