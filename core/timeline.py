"""Fold the event stream into what a timeline draws: thread lanes, task bars, jobs, arrows.

Qt-free, incremental (``add`` takes each batch as it arrives) and cheap to query by time
window: every lane packs its spans into rows, each row keeps its spans sorted by start plus a
running maximum of their ends, so "what is visible between t0 and t1" is two bisections per
row, however many thousand tasks the lane has seen.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LabEvent,
    LogEvent,
    LogLevel,
    TaskEvent,
    TaskState,
)

_INF = math.inf
_RUNNING = TaskState.RUNNING
_FINAL = frozenset(s.value for s in TaskState if s.is_final)  # by value: a str hashes in C
MAX_ROWS = 32  # past this many concurrent spans a lane reuses the row that frees up first


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a task's life in one state (PENDING, RUNNING or SUSPENDED)."""

    start: float
    end: float | None  # None while it lasts
    state: TaskState
    awaiting: str | None = None
    line: int | None = None


Mark = tuple[float, TaskState, "str | None", "int | None"]  # start, state, awaiting, line


@dataclass(slots=True, eq=False)
class TaskBar:
    """One task from creation to its end, on the lane of the thread that runs its steps.

    Its life is kept as ``marks``, one ``(start, state, awaiting, line)`` per change: a stretch
    ends where the next begins (the last one where the bar ends), so a change costs one tuple
    and :attr:`segments` is built only for the bars a picture or a tooltip asks about.
    """

    task_id: int
    label: str
    lane: str
    start: float
    end: float | None = None
    state: TaskState = TaskState.PENDING  # the latest state; final once ``end`` is set
    marks: list[Mark] = field(default_factory=list)
    coro_name: str | None = None
    outcome: str | None = None
    row: int = 0

    @property
    def segments(self) -> list[Segment]:
        marks, out = self.marks, []
        for i, (start, state, awaiting, line) in enumerate(marks):
            end = marks[i + 1][0] if i + 1 < len(marks) else self.end
            out.append(Segment(start, end, state, awaiting, line))
        return out

    @property
    def awaiting(self) -> str | None:
        if not self.marks:
            return None
        _, state, awaiting, _ = self.marks[-1]
        return awaiting if state is TaskState.SUSPENDED else None

    @property
    def line(self) -> int | None:
        lines = [line for *_, line in self.marks if line is not None]
        return lines[-1] if lines else None

    def time_in(self, state: TaskState, now: float) -> float:
        return sum(
            (s.end if s.end is not None else now) - s.start
            for s in self.segments
            if s.state is state
        )


@dataclass(slots=True, eq=False)
class JobBar:
    """A to_thread / run_in_executor job on a worker thread, from start to return."""

    what: str
    lane: str
    start: float
    task_id: int | None
    caller: str  # the thread that handed the job over
    end: float | None = None
    row: int = 0


Span = TaskBar | JobBar


@dataclass(frozen=True, slots=True)
class Arrow:
    """Work crossing threads at time ``t``."""

    t: float
    source: str
    target: str
    kind: HandoffKind
    subject: str
    task_id: int | None

    @property
    def what(self) -> str:
        return self.kind.describe(self.subject)


@dataclass(frozen=True, slots=True)
class Marker:
    """A warning or error to pin on a lane."""

    t: float
    lane: str
    message: str
    level: LogLevel
    task_name: str | None


class _Row:
    __slots__ = ("spans", "starts", "reach", "dirty_from", "busy_until")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.starts: list[float] = []
        self.reach: list[float] = []  # reach[i] = max end of spans[0..i]; inf while one is open
        self.dirty_from = 0
        self.busy_until = -math.inf

    def insert(self, span: Span) -> None:
        starts, start = self.starts, span.start
        if starts and start < starts[-1]:  # a late batch: keep the order
            i = bisect.bisect_right(starts, start)
            self.spans.insert(i, span)
            starts.insert(i, start)
            self.reach.insert(i, _INF)
            self.dirty_from = min(self.dirty_from, i)
        else:
            self.spans.append(span)
            starts.append(start)
            self.reach.append(_INF)
        self.busy_until = _INF

    def ended(self, span: Span) -> None:
        i = bisect.bisect_left(self.starts, span.start)
        while i < len(self.spans) and self.spans[i] is not span:
            i += 1
        self.dirty_from = min(self.dirty_from, i)
        if self.spans and self.spans[-1] is span:
            self.busy_until = span.end if span.end is not None else math.inf

    def visible(self, t0: float, t1: float) -> Iterator[Span]:
        if self.dirty_from < len(self.spans):
            self._recompute()
        first = bisect.bisect_left(self.reach, t0)
        last = bisect.bisect_right(self.starts, t1)
        for i in range(first, last):
            span = self.spans[i]
            if span.end is None or span.end >= t0:
                yield span

    def count_between(self, t0: float, t1: float) -> int:
        """How many spans may overlap ``[t0, t1]`` (an upper bound, by two bisections)."""
        if self.dirty_from < len(self.spans):
            self._recompute()
        return bisect.bisect_right(self.starts, t1) - bisect.bisect_left(self.reach, t0)

    def density(self, t0: float, t1: float, buckets: int) -> list[int]:
        """Spans starting in each of ``buckets`` equal slices of ``[t0, t1]``: what a row too
        dense for bars draws instead (one bisection per slice, however many spans)."""
        starts, step = self.starts, (t1 - t0) / buckets
        edges = [bisect.bisect_left(starts, t0 + i * step) for i in range(buckets + 1)]
        return [b - a for a, b in zip(edges, edges[1:], strict=False)]

    def _recompute(self) -> None:
        i = self.dirty_from
        reach, spans = self.reach, self.spans
        best = reach[i - 1] if i > 0 else -math.inf
        for j in range(i, len(spans)):
            end = spans[j].end
            best = max(best, math.inf if end is None else end)
            reach[j] = best
        self.dirty_from = len(spans)


class Lane:
    """Everything that happened on one thread."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[_Row] = []
        self.count = 0
        self._busy: list[float] = []  # rows[i].busy_until, kept beside them: placing is hot

    def place(self, span: Span) -> None:
        busy, start = self._busy, span.start
        if len(busy) < MAX_ROWS:  # the first free row, or a new one
            row = next((i for i, b in enumerate(busy) if b <= start), -1)
            if row < 0:
                self.rows.append(_Row())
                busy.append(-_INF)
                row = len(busy) - 1
        else:  # the first free row, else the one that frees up first (a storm: all are busy)
            row = busy.index(min(busy))
            if busy[row] <= start:
                row = next(i for i, b in enumerate(busy) if b <= start)
        span.row = row
        target = self.rows[row]
        target.insert(span)
        busy[row] = target.busy_until
        self.count += 1

    def ended(self, span: Span) -> None:
        row = self.rows[span.row]
        row.ended(span)
        self._busy[span.row] = row.busy_until

    def sync(self, row: int) -> None:
        """A row's spans changed from outside (a bar moved away): re-read when it is free."""
        self._busy[row] = self.rows[row].busy_until

    def visible(self, t0: float, t1: float) -> Iterator[Span]:
        for row in self.rows:
            yield from row.visible(t0, t1)


class Timeline:
    """The timeline's data: feed it batches with :meth:`add`, query it by time window."""

    def __init__(self) -> None:
        self.lanes: dict[str, Lane] = {}  # in order of first appearance
        self.bars: dict[int, TaskBar] = {}
        self.jobs: list[JobBar] = []
        self.arrows: list[Arrow] = []
        self.markers: list[Marker] = []
        self.end_time = 0.0
        self.run_start = 0.0  # when the latest run began: work started with nothing live
        self.live_tasks = 0  # bars not yet ended
        self._arrow_times: list[float] = []
        self._marker_times: list[float] = []
        self._open_jobs: dict[str, JobBar] = {}  # worker thread -> the job it runs now

    # Feeding ------------------------------------------------------------------------------------
    def add(self, events: Iterable[LabEvent]) -> None:
        for event in events:
            if event.t > self.end_time:
                self.end_time = event.t
            if isinstance(event, TaskEvent):
                self._on_task(event)
            elif isinstance(event, HandoffEvent):
                self._on_handoff(event)
            elif isinstance(event, LogEvent) and event.level in (LogLevel.WARNING, LogLevel.ERROR):
                lane = self.lane(event.thread).name
                marker = Marker(event.t, lane, event.message, event.level, event.task_name)
                i = bisect.bisect_right(self._marker_times, event.t)  # warnings may come late
                self._marker_times.insert(i, event.t)
                self.markers.insert(i, marker)

    def lane(self, thread: str) -> Lane:
        lane = self.lanes.get(thread)
        if lane is None:
            lane = self.lanes[thread] = Lane(thread)
        return lane

    def _on_task(self, e: TaskEvent) -> None:
        # The hot path of a storm (three calls a task): states compared by identity or by
        # their value, never through Enum's Python-level hash.
        bar = self.bars.get(e.task_id)
        state = e.state
        if bar is None:
            if not self.live_tasks and not self._open_jobs:
                self.run_start = e.t
            bar = TaskBar(e.task_id, e.label, e.thread, e.t, coro_name=e.coro_name)
            self.bars[e.task_id] = bar
            lane = self.lanes.get(e.thread)
            (lane if lane is not None else self.lane(e.thread)).place(bar)
            self.live_tasks += 1
        elif bar.end is not None:
            return  # nothing follows a final state
        elif state is _RUNNING and bar.lane != e.thread and len(bar.marks) <= 1:
            self._move(bar, e.thread)  # created on one thread, run on another: use the runner's
        if e.name is not None:
            bar.label = e.name
        bar.state = state
        if state._value_ in _FINAL:
            bar.end = e.t
            bar.outcome = e.outcome
            self.lanes[bar.lane].ended(bar)
            self.live_tasks -= 1
        else:
            bar.marks.append((e.t, state, e.awaiting, e.line))

    def _move(self, bar: TaskBar, thread: str) -> None:
        old = self.lanes[bar.lane].rows[bar.row]
        i = old.spans.index(bar)
        del old.spans[i], old.starts[i], old.reach[i]
        old.dirty_from = min(old.dirty_from, i)
        old.busy_until = -math.inf if not old.spans else old.busy_until
        self.lanes[bar.lane].sync(bar.row)
        self.lanes[bar.lane].count -= 1
        bar.lane = thread
        self.lane(thread).place(bar)

    def _on_handoff(self, e: HandoffEvent) -> None:
        arrow = Arrow(e.t, e.source_thread, e.target_thread, e.kind, e.subject, e.task_id)
        if self._arrow_times and e.t < self._arrow_times[-1]:
            i = bisect.bisect_right(self._arrow_times, e.t)
            self._arrow_times.insert(i, e.t)
            self.arrows.insert(i, arrow)
        else:
            self._arrow_times.append(e.t)
            self.arrows.append(arrow)
        self.lane(e.source_thread)
        self.lane(e.target_thread)
        if e.kind is HandoffKind.PROGRAM_RUN:
            self.run_start = e.t  # a program's run begins, whatever else is still live
        elif e.kind is HandoffKind.JOB_START:
            if not self.live_tasks and not self._open_jobs:
                self.run_start = e.t
            job = JobBar(e.subject, e.target_thread, e.t, e.task_id, e.source_thread)
            self._open_jobs[e.target_thread] = job
            self.jobs.append(job)
            self.lanes[e.target_thread].place(job)
        elif e.kind is HandoffKind.JOB_RETURN:
            ended = self._open_jobs.pop(e.source_thread, None)
            if ended is not None:
                ended.end = e.t
                self.lanes[ended.lane].ended(ended)

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def forget_finished(self, now: float) -> None:
        """Drop what ended before ``now`` (earlier runs): tasks and jobs still open stay, on
        fresh rows of their lanes; lanes left empty go; the next run starts from ``now``."""
        live = [bar for bar in self.bars.values() if bar.end is None]
        jobs = dict(self._open_jobs)
        end_time = self.end_time
        self.clear()
        self.end_time, self.run_start = end_time, now
        kept: list[Span] = [*live, *jobs.values()]
        for span in sorted(kept, key=lambda s: s.start):
            self.lane(span.lane).place(span)
        self.bars = {bar.task_id: bar for bar in live}
        self.live_tasks = len(live)
        self._open_jobs = jobs
        self.jobs = list(jobs.values())

    # Asking -------------------------------------------------------------------------------------
    def visible(
        self, lane: str, t0: float, t1: float, skip_rows: Container[int] = ()
    ) -> Iterator[Span]:
        """Task and job bars of ``lane`` that overlap ``[t0, t1]`` (not in ``skip_rows``)."""
        found = self.lanes.get(lane)
        if found is not None:
            for i, row in enumerate(found.rows):
                if i not in skip_rows:
                    yield from row.visible(t0, t1)

    def arrows_between(self, t0: float, t1: float) -> list[Arrow]:
        lo = bisect.bisect_left(self._arrow_times, t0)
        hi = bisect.bisect_right(self._arrow_times, t1)
        return self.arrows[lo:hi]

    def markers_between(self, t0: float, t1: float) -> list[Marker]:
        lo = bisect.bisect_left(self._marker_times, t0)
        return self.markers[lo : bisect.bisect_right(self._marker_times, t1)]

    def open_jobs(self) -> list[JobBar]:
        return list(self._open_jobs.values())

    def job_for(self, arrow: Arrow) -> JobBar | None:
        """The job bar an arrow starts or ends, if it is a job hand-off."""
        if arrow.kind is HandoffKind.JOB_START:
            lane, at_end = arrow.target, False
        elif arrow.kind is HandoffKind.JOB_RETURN:
            lane, at_end = arrow.source, True
        else:
            return None
        for job in self.visible(lane, arrow.t, arrow.t):
            if isinstance(job, JobBar) and (job.end == arrow.t if at_end else job.start == arrow.t):
                return job
        return None
