"""The --trace file is Chrome trace-event JSON that Perfetto opens: one track per thread."""

from __future__ import annotations

import copy
import json
from collections import Counter

import jsonschema
import pytest

from asyncio_lab.core.cli import main as cli_main
from asyncio_lab.core.events import HandoffEvent, TaskEvent
from asyncio_lab.core.runner import run_headless
from asyncio_lab.core.trace_export import trace_events, write_trace

# The parts of the trace-event format we emit (JSON object format), as a JSON Schema.
NUMBER = {"type": "number"}
TRACE_SCHEMA = {
    "type": "object",
    "required": ["traceEvents"],
    "properties": {
        "displayTimeUnit": {"enum": ["ms", "ns"]},
        "traceEvents": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["ph", "name", "pid", "tid"],
                "properties": {
                    "ph": {"enum": ["M", "X", "b", "e", "s", "f", "i"]},
                    "name": {"type": "string"},
                    "cat": {"type": "string"},
                    "pid": {"type": "integer"},
                    "tid": {"type": "integer"},
                    "ts": NUMBER,
                    "dur": {"type": "number", "minimum": 0},
                    "args": {"type": "object"},
                    "bp": {"const": "e"},
                    "s": {"enum": ["g", "p", "t"]},
                },
                "allOf": [
                    {
                        "if": {"properties": {"ph": {"const": "X"}}},
                        "then": {"required": ["ts", "dur"]},
                    },
                    {
                        "if": {"properties": {"ph": {"enum": ["b", "e", "s", "f"]}}},
                        "then": {"required": ["ts", "id", "cat"]},
                    },
                    {"if": {"properties": {"ph": {"const": "f"}}}, "then": {"required": ["bp"]}},
                    {"if": {"properties": {"ph": {"const": "M"}}}, "then": {"required": ["args"]}},
                    {"if": {"properties": {"ph": {"const": "i"}}}, "then": {"required": ["ts"]}},
                ],
            },
        },
    },
}


@pytest.fixture(scope="module")
def run():
    result = run_headless("interplay.to-thread-fix", {"block": 0.2, "tick": 0.05})
    assert result.ok, result.outcome
    return result


@pytest.fixture(scope="module")
def document(run, tmp_path_factory):
    path = tmp_path_factory.mktemp("trace") / "out.json"
    write_trace(run.events, str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_trace_matches_the_schema(document):
    jsonschema.validate(document, TRACE_SCHEMA)


def test_the_schema_refuses_a_slice_without_a_duration(document):
    broken = copy.deepcopy(document)
    slice_ = next(e for e in broken["traceEvents"] if e["ph"] == "X")
    del slice_["dur"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, TRACE_SCHEMA)


def test_one_named_track_per_thread_seen(run, document):
    threads = {e.thread for e in run.events if not isinstance(e, HandoffEvent)}
    threads |= {e.target_thread for e in run.events if isinstance(e, HandoffEvent)}
    names = [e for e in document["traceEvents"] if e["ph"] == "M" and e["name"] == "thread_name"]
    assert sorted(n["args"]["name"] for n in names) == sorted(threads)
    assert len({n["tid"] for n in names}) == len(names)  # one tid per thread
    used = {e["tid"] for e in document["traceEvents"] if e["ph"] != "M"}
    assert used <= {n["tid"] for n in names}


def test_steps_are_slices_on_their_thread_and_jobs_on_the_worker(run, document):
    tid_of = {
        e["args"]["name"]: e["tid"]
        for e in document["traceEvents"]
        if e["ph"] == "M" and e["name"] == "thread_name"
    }
    running = [e for e in run.events if isinstance(e, TaskEvent) and e.state.value == "running"]
    steps = [e for e in document["traceEvents"] if e["ph"] == "X" and e.get("cat") == "step"]
    assert len(steps) == len(running)
    assert {s["tid"] for s in steps} == {tid_of[e.thread] for e in running}
    (job,) = [e for e in document["traceEvents"] if e.get("cat") == "job"]
    assert job["name"] == "nap" and job["tid"] != tid_of[running[0].thread]
    # async begin/end pairs balance per task
    opened = Counter(e["id"] for e in document["traceEvents"] if e["ph"] == "b")
    closed = Counter(e["id"] for e in document["traceEvents"] if e["ph"] == "e")
    assert opened == closed and opened


def test_handoffs_are_flow_arrows_from_the_loop_to_the_worker_and_back(document):
    flows = [e for e in document["traceEvents"] if e["ph"] in "sf"]
    by_id: dict[int, dict[str, dict]] = {}
    for e in flows:
        by_id.setdefault(e["id"], {})[e["ph"]] = e
    assert len(by_id) == 2 and all(set(v) == {"s", "f"} for v in by_id.values())
    start, back = sorted(by_id.values(), key=lambda v: v["s"]["ts"])
    assert start["s"]["tid"] == back["f"]["tid"] != start["f"]["tid"] == back["s"]["tid"]
    # every flow end binds to a slice that encloses it on its track
    slices = [e for e in document["traceEvents"] if e["ph"] == "X"]
    for flow in flows:
        assert any(
            s["tid"] == flow["tid"] and s["ts"] <= flow["ts"] <= s["ts"] + s["dur"] for s in slices
        )


def test_events_are_in_time_order_after_the_metadata():
    events = trace_events(run_headless("coroutines.sequential-vs-tasks", speed=20).events)
    stamps = [e["ts"] for e in events if e["ph"] != "M"]
    assert stamps == sorted(stamps)
    assert all(e["ph"] == "M" for e in events[: len(events) - len(stamps)])


def test_the_cli_writes_the_trace(tmp_path, capsys):
    out = tmp_path / "cli.json"
    code = cli_main(["run", "interplay.wrong-thread", "--trace", str(out)])
    assert code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, TRACE_SCHEMA)
    names = {
        e["args"]["name"]
        for e in document["traceEvents"]
        if e["ph"] == "M" and e["name"] == "thread_name"
    }
    assert len(names) >= 2  # the loop's thread and the worker that called it wrongly


@pytest.mark.parametrize(
    "demo_id, params",
    [("interplay.executor-full", {"extra": 2, "seconds": 0.2}), ("interplay.gil", {"jobs": 2})],
)
def test_slices_on_a_track_nest_perfectly(demo_id, params):
    """Perfetto draws a thread's slices as a stack: a child must end inside its parent."""
    run = run_headless(demo_id, params)
    assert run.ok, run.error
    slices = [e for e in trace_events(run.events) if e["ph"] == "X"]
    for tid in {s["tid"] for s in slices}:
        stack: list[float] = []  # end times of the open slices
        for s in sorted((s for s in slices if s["tid"] == tid), key=lambda s: (s["ts"], -s["dur"])):
            while stack and stack[-1] <= s["ts"]:
                stack.pop()
            end = s["ts"] + s["dur"]
            assert not stack or end <= stack[-1] + 1e-6, f"{s['name']} overlaps its parent"
            stack.append(end)


def test_the_window_can_export_from_its_timeline_alone(run, tmp_path):
    from asyncio_lab.core.mistakes import MistakeDetector
    from asyncio_lab.core.timeline import Timeline
    from asyncio_lab.core.trace_export import write_timeline_trace

    timeline = Timeline()
    timeline.add(run.events + MistakeDetector(block_threshold=0.0001).feed(run.events))
    path = tmp_path / "window.json"
    write_timeline_trace(timeline, str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, TRACE_SCHEMA)
    notes = [e for e in document["traceEvents"] if e["ph"] == "i"]
    assert notes and all(e["cat"] == "log.warning" for e in notes)  # the warnings ride along
    assert {e["ph"] for e in document["traceEvents"]} >= {"M", "X", "b", "e", "s", "f"}
