"""Turn raw results into rows (figure, value, plain asyncio beside it, ratio, target) and a table.

Ratios are paired: in each repeat a loop is compared with the plain asyncio run next to it in
time, and the median of those per-repeat ratios is reported, so a load spike on the shared
machine hits both sides of one ratio instead of one side of all of them.
"""

from __future__ import annotations

import math
from typing import Any

from benchmarks.loops import LOOP_LABELS
from benchmarks.plan import TARGETS
from benchmarks.stats import median

Row = dict[str, Any]
FRAME_LABELS = {
    "integrated": "LabQtLoop on the GUI thread",
    "threaded": "plain loop in a thread",
}
HOST_LABELS = {
    "plain": "plain asyncio (thread)",
    "threaded": "ThreadedHost",
    "integrated": "IntegratedHost (LabQtLoop)",
    "threaded-untracked": "ThreadedHost, tracker uninstalled",
}


def rows(results: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    for section, build in (
        ("throughput", _throughput),
        ("eager", _eager),
        ("timers", _timers),
        ("round_trip", _round_trip),
        ("tracker", _tracker),
        ("gui", _gui),
        ("cold_start", _cold_start),
    ):
        if section in results:
            out.extend(build(results[section]))
    return out


def _row(figure: str, subject: str, value: str, **extra: Any) -> Row:
    row: Row = {"figure": figure, "subject": subject, "value": value}
    row.update({"plain": None, "ratio": None, "target": None, "met": None, "note": None})
    row.update(extra)
    return row


def _paired(mine: list[float | None], base: list[float | None]) -> float:
    ratios = [a / b for a, b in zip(mine, base, strict=False) if a and b]
    return median(ratios)


# Sections ----------------------------------------------------------------------------------
def _throughput(data: dict[str, Any]) -> list[Row]:
    out = []
    loops = data["loops"]
    plain_runs = loops.get("plain", {}).get("runs", [])
    for kind, info in loops.items():
        label = LOOP_LABELS[kind]
        if "runs" not in info:
            out.append(_row("TaskGroup µs/task", label, "—", note=info.get("note")))
            continue
        runs = info["runs"]
        for n in data["sizes"]:
            key = str(n)
            mine = [r.get("seconds", {}).get(key) for r in runs]
            base = [r.get("seconds", {}).get(key) for r in plain_runs]
            valid = [s for s in mine if s]
            if not valid:
                errors = [r["error"] for r in runs if "error" in r]
                note = errors[0] if errors else info.get("note")
                out.append(_row(f"TaskGroup µs/task, {n:,}", label, "—", note=note))
                continue
            row = _row(f"TaskGroup µs/task, {n:,}", label, _us(median(valid) / n))
            if kind != "plain" and any(base):
                row["plain"] = _us(median([b for b in base if b]) / n)
                row["ratio"] = _paired(mine, base)
            if kind == "lab":
                row.update(_check(row["ratio"], TARGETS["throughput_ratio"], "×"))
            if len(valid) < len(runs) or len(runs) == 1:
                row["note"] = f"{len(valid)} run" + ("s" if len(valid) != 1 else "")
            out.append(row)
    return out


def _eager(data: dict[str, Any]) -> list[Row]:
    if "skipped" in data:
        return [_row("eager vs lazy", "all hosts", "—", note=data["skipped"])]
    out = []
    n = data["tasks"]
    plain = data["hosts"].get("plain", {}).get("seconds", {})
    for host, result in data["hosts"].items():
        seconds = result.get("seconds")
        if not seconds:
            out.append(_row(f"eager vs lazy, {n:,}", HOST_LABELS[host], "—", note=result))
            continue
        speedup = seconds["lazy"] / seconds["eager"]
        value = (
            f"lazy {_us(seconds['lazy'] / n)} · eager {_us(seconds['eager'] / n)} µs/task "
            f"→ eager {speedup:.1f}× faster"
        )
        ratio = None if host == "plain" else seconds["lazy"] / plain["lazy"]
        note = None if host == "plain" else "tracked, as in the app; ratio = lazy vs plain lazy"
        out.append(_row(f"eager vs lazy, {n:,}", HOST_LABELS[host], value, ratio=ratio, note=note))
    return out


def _timers(data: dict[str, Any]) -> list[Row]:
    out = []
    loops = data["loops"]
    plain_p99 = loops.get("plain", {}).get("ms", {}).get("p99")
    for kind, result in loops.items():
        label = LOOP_LABELS[kind]
        figure = f"timer lateness ms, {data['count']} timers"
        if "ms" not in result:
            out.append(_row(figure, label, "—", note=result.get("note") or result.get("error")))
            continue
        ms = result["ms"]
        value = f"{ms['min']:.2f} / {ms['p50']:.2f} / {ms['p99']:.2f} / {ms['max']:.2f}"
        row = _row(figure + " (min/p50/p99/max)", label, value, note=f"{result['early']} early")
        if kind != "plain" and plain_p99:
            row["plain"] = f"p99 {plain_p99:.2f}"
            row["ratio"] = ms["p99"] / plain_p99
        if kind == "lab":
            met = ms["p99"] <= TARGETS["timer_p99_ms"] and result["early"] == 0 and ms["min"] >= 0
            row.update(target=f"p99 ≤ {TARGETS['timer_p99_ms']:g}, never early", met=met)
        out.append(row)
    return out


def _round_trip(data: dict[str, Any]) -> list[Row]:
    out = []
    hosts = data["hosts"]
    base = [r.get("us", {}).get("p50") for r in hosts["plain"]]
    for host, runs in hosts.items():
        p50s = [r.get("us", {}).get("p50") for r in runs]
        p99s = [r.get("us", {}).get("p99") for r in runs]
        valid = [p for p in p50s if p]
        if not valid:
            note = next((r["error"] for r in runs if "error" in r), None)
            out.append(_row("round trip µs", HOST_LABELS[host], "—", note=note))
            continue
        value = f"p50 {median(valid):.0f} · p99 {median([p for p in p99s if p]):.0f}"
        row = _row(f"round trip µs, GUI → loop → GUI ×{data['count']}", HOST_LABELS[host], value)
        if host != "plain":
            row.update(plain=f"p50 {median([b for b in base if b]):.0f}", ratio=_paired(p50s, base))
        if host in ("threaded", "integrated"):
            row.update(_check(row["ratio"], TARGETS["round_trip_ratio"], "× (p50)"))
            row["note"] = "tracked, as in the app"
        elif host == "plain":
            row["note"] = "run_coroutine_threadsafe(...).result()"
        else:
            row["note"] = "the tracker's share is the difference to ThreadedHost"
        out.append(row)
    return out


def _tracker(data: dict[str, Any]) -> list[Row]:
    out = []
    for n, runs in data["sizes"].items():
        bare = [r.get("loop_s") for r in runs["untracked"]]
        on_loop = [r.get("loop_s") for r in runs["tracked"]]
        total = [
            (r.get("loop_s") or 0) + (r.get("drain_s") or 0) if "loop_s" in r else None
            for r in runs["tracked"]
        ]
        if not any(on_loop) or not any(bare):
            out.append(_row("tracker overhead", f"{int(n):,} tasks", "—", note=str(runs)[:200]))
            continue
        size = int(n)
        for label, mine in (("on the loop", on_loop), ("incl. the reader's drain", total)):
            overhead = _paired(mine, bare) - 1
            row = _row(
                f"tracker overhead, {size:,} tasks",
                f"tracked vs untracked, {label}",
                f"{_us(median([m for m in mine if m]) / size)} µs/task (+{overhead:.0%})",
                plain=f"{_us(median([b for b in bare if b]) / size)} µs/task",
                ratio=overhead + 1,
                target=f"≤ +{TARGETS['tracker_overhead']:.0%}",
                met=overhead <= TARGETS["tracker_overhead"],
            )
            out.append(row)
    return out


def _gui(data: dict[str, Any]) -> list[Row]:
    out = []
    n = data["storm_tasks"]
    for host, result in data["frames"].items():
        figure = f"frame gap ms, {data['tick_ms']} ms tick, {n:,}-task storm"
        if "gap_ms" not in result:
            out.append(_row(figure, FRAME_LABELS[host], "—", note=result.get("error")))
            continue
        gap = result["gap_ms"]
        row = _row(
            figure + " (p50/p99/max)",
            FRAME_LABELS[host],
            f"{gap['p50']:.1f} / {gap['p99']:.1f} / {gap['max']:.1f}",
            note=f"storm took {result['storm_s']:.2f} s",
        )
        if host == "integrated":
            row.update(_check(gap["p99"], TARGETS["frame_gap_p99_ms"], " ms (p99)"))
        out.append(row)
    for size, result in data["inspector"].items():
        subject = f"{int(size):,} live tasks"
        if "insert_ms" not in result:
            note = result.get("skipped") or result.get("error")
            out.append(_row("inspector refresh ms", subject, "—", note=note))
            continue
        value = (
            f"insert {result['insert_ms']:.0f} · update {result['update_ms']:.0f} · "
            f"repaint {result['repaint_ms']:.0f}"
        )
        note = "TaskTableModel (self-sorting) + QTableView, one batch each"
        out.append(_row("inspector refresh ms", subject, value, note=note))
    return out


def _cold_start(data: dict[str, Any]) -> list[Row]:
    bare = [r.get("seconds") for r in data["bare"]]
    out = []
    for what, runs in data.items():
        seconds = [r.get("seconds") for r in runs]
        valid = [s for s in seconds if s]
        subject = "bare QMainWindow (the floor)" if what == "bare" else "asyncio-lab main window"
        if not valid:
            note = next((r.get("error") for r in runs if "error" in r), None)
            out.append(_row("cold start to first paint, s", subject, "—", note=note))
            continue
        row = _row("cold start to first paint, s", subject, f"{median(valid):.2f}")
        if what != "bare":
            row["ratio"] = _paired(seconds, bare)
            row["note"] = "ratio = vs the bare window"
            if runs[0].get("window") == "bare":
                row["note"] = "asyncio_lab.gui.app is missing: measured a bare window"
        out.append(row)
    return out


# Helpers -----------------------------------------------------------------------------------
def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.2f}"


def _check(value: float | None, bound: float, unit: str) -> dict[str, Any]:
    met = value is not None and not math.isnan(value) and value <= bound
    return {"target": f"≤ {bound:g}{unit}", "met": met}


# Rendering ---------------------------------------------------------------------------------
def header(meta: dict[str, Any]) -> str:
    libs = meta.get("libraries", {})
    parts = [f"Python {meta.get('python')}"]
    for name, label in (
        ("PySide6-Essentials", "PySide6"),
        ("Qt", "Qt"),
        ("qasync", "qasync"),
        ("uvloop", "uvloop"),
    ):
        parts.append(f"{label} {libs.get(name) or 'not installed'}")
    mode = "quick" if meta.get("quick") else "full"
    return (
        f"{', '.join(parts)} · {meta.get('cpu')} ×{meta.get('cpus')} · {meta.get('platform')} · "
        f"load {meta.get('load_avg_at_start')} · {mode} run, {meta.get('repeats')} repeats · "
        f"{meta.get('date')}"
    )


def markdown(results: dict[str, Any]) -> str:
    lines = [
        header(results.get("meta", {})),
        "",
        "| Figure | Loop / host | Value | Plain asyncio | Ratio | Target | Met | Note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in results.get("rows") or rows(results):
        ratio = row["ratio"]
        met = {True: "✓", False: "✗", None: ""}[row["met"]]
        cells = [
            row["figure"],
            row["subject"],
            row["value"],
            row["plain"] or "",
            "" if ratio is None or math.isnan(ratio) else f"{ratio:.2f}×",
            row["target"] or "",
            met,
            str(row["note"] or "").replace("|", "/"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
