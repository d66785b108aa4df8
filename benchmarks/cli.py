"""``asyncio-lab bench``: run every case in its own subprocess, side by side with plain asyncio."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.environment import describe
from benchmarks.loops import LOOPS, unavailable_reason
from benchmarks.plan import FULL, QUICK, Plan
from benchmarks.worker import RESULT_MARK

CHECKOUT = Path(__file__).resolve().parent.parent

SECTIONS = ("throughput", "eager", "timers", "round_trip", "tracker", "gui", "cold_start")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asyncio-lab bench",
        description="Measure the lab's loops side by side with plain asyncio (see benchmarks/).",
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes: under a minute")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--out", metavar="FILE", help="also write the JSON results to FILE")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument("--repeats", type=int, help="override the plan's repeat count")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--"]:  # `asyncio-lab bench -- --quick` hands the separator on
        arguments = arguments[1:]
    args = build_parser().parse_args(arguments)
    plan = QUICK if args.quick else FULL
    if args.repeats:
        plan = _with_repeats(plan, args.repeats)
    sections = args.only or list(SECTIONS)
    started = time.monotonic()
    results: dict[str, Any] = {"meta": describe(quick=args.quick, repeats=plan.repeats)}
    runner = Runner()
    for section in sections:
        _log(f"{section} …")
        results[section] = getattr(runner, section)(plan)
    results["meta"]["wall_s"] = round(time.monotonic() - started, 1)
    results["rows"] = report.rows(results)
    text = json.dumps(results, indent=1, default=str)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print(text if args.json else report.markdown(results))
    return 0


def _with_repeats(plan: Plan, repeats: int) -> Plan:
    from dataclasses import replace

    return replace(plan, repeats=repeats, qasync_repeats=min(plan.qasync_repeats, repeats))


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run_case(case: str, timeout: float = 600.0, **params: Any) -> dict[str, Any]:
    """Run one case in a fresh interpreter and return its result (or ``{"error": ...}``)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "benchmarks.worker", case, json.dumps(params)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
            cwd=CHECKOUT,  # the benchmarks are not installed: they run from the checkout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])  # type: ignore[no-any-return]
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {done.returncode}: {tail}"}


class Runner:
    """One method per section; each returns the raw figures the report turns into rows."""

    def throughput(self, plan: Plan) -> dict[str, Any]:
        loops: dict[str, Any] = {}
        active = []
        for kind in LOOPS:
            reason = unavailable_reason(kind)
            if reason:
                loops[kind] = {"note": reason}
            else:
                loops[kind] = {"runs": []}
                active.append(kind)
        for rep in range(plan.repeats):
            for kind in active:  # interleaved, so every repeat compares neighbours in time
                if kind == "qasync" and rep >= plan.qasync_repeats:
                    continue
                sizes = plan.qasync_sizes if kind == "qasync" else plan.sizes
                _log(f"  throughput {kind} (repeat {rep + 1}/{plan.repeats})")
                loops[kind]["runs"].append(
                    run_case(
                        "throughput",
                        loop=kind,
                        sizes=list(sizes),
                        budget=plan.budget_s,
                        inner=1 if kind == "qasync" else plan.inner,
                    )
                )
        if "qasync" in active and plan.qasync_sizes != plan.sizes:
            stopped = [n for n in plan.sizes if n not in plan.qasync_sizes]
            loops["qasync"]["note"] = (
                f"stopped before {stopped[0]:,}: every call_soon is a Qt timer of its own, "
                "so the cost per task grows with the number queued"
            )
        return {"sizes": list(plan.sizes), "loops": loops}

    def eager(self, plan: Plan) -> dict[str, Any]:
        if sys.version_info < (3, 12):
            return {
                "skipped": "eager_task_factory needs Python 3.12+ (this is "
                f"{sys.version_info.major}.{sys.version_info.minor})"
            }
        hosts: dict[str, Any] = {}
        for host in ("plain", "threaded", "integrated"):
            _log(f"  eager vs lazy on {host}")
            hosts[host] = run_case("eager", host=host, n=plan.eager_tasks)
        return {"tasks": plan.eager_tasks, "hosts": hosts}

    def timers(self, plan: Plan) -> dict[str, Any]:
        loops: dict[str, Any] = {}
        for kind in LOOPS:
            reason = unavailable_reason(kind)
            if reason:
                loops[kind] = {"note": reason}
                continue
            _log(f"  timers on {kind}")
            loops[kind] = run_case("timers", loop=kind, count=plan.timers)
        return {"count": plan.timers, "loops": loops}

    def round_trip(self, plan: Plan) -> dict[str, Any]:
        hosts: dict[str, Any] = {
            "plain": [],
            "threaded": [],
            "integrated": [],
            "threaded-untracked": [],
        }
        for rep in range(plan.repeats):
            for host in hosts:
                _log(f"  round trips via {host} (repeat {rep + 1}/{plan.repeats})")
                hosts[host].append(run_case("round_trip", host=host, count=plan.round_trips))
        return {"count": plan.round_trips, "hosts": hosts}

    def tracker(self, plan: Plan) -> dict[str, Any]:
        sizes: dict[str, Any] = {}
        for n in plan.tracker_sizes:
            runs: dict[str, list[Any]] = {"untracked": [], "tracked": []}
            for rep in range(plan.repeats):
                for mode in runs:
                    _log(f"  {n:,} tasks {mode} (repeat {rep + 1}/{plan.repeats})")
                    runs[mode].append(run_case("tracker", n=n, tracked=mode == "tracked"))
            sizes[str(n)] = runs
        return {"sizes": sizes}

    def gui(self, plan: Plan) -> dict[str, Any]:
        frames: dict[str, Any] = {}
        for host in ("integrated", "threaded"):
            _log(f"  frame gaps, {plan.storm_tasks:,}-task storm on {host}")
            frames[host] = run_case(
                "frame_gap", host=host, n=plan.storm_tasks, tick_ms=plan.tick_ms
            )
        inspector: dict[str, Any] = {}
        for n in plan.inspector_sizes:
            _log(f"  inspector refresh with {n:,} live tasks")
            inspector[str(n)] = run_case("inspector", n=n)
        return {
            "storm_tasks": plan.storm_tasks,
            "tick_ms": plan.tick_ms,
            "frames": frames,
            "inspector": inspector,
        }

    def cold_start(self, plan: Plan) -> dict[str, Any]:
        runs: dict[str, list[Any]] = {"bare": [], "app": []}
        for rep in range(plan.paint_repeats):
            for what in runs:
                _log(f"  cold start, {what} window (repeat {rep + 1}/{plan.paint_repeats})")
                start = time.monotonic()
                result = run_case("first_paint", timeout=60, what=what)
                painted = result.get("painted_monotonic")
                if painted:
                    result["seconds"] = painted - start
                runs[what].append(result)
        return runs
