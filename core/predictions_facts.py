"""What a run showed, read from its events: the facts every prediction is graded against.

A :class:`RunFacts` is built once per run (headless or in the window) from the events recorded
between the program's start and its end, the speed it ran at and how it ended. Times are in the
program's seconds (the tracker's seconds times the speed), so a run in slow motion and one at
full speed answer "how long" alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
from asyncio_lab.core.limits import BLOCK_THRESHOLD
from asyncio_lab.core.mistakes import BLOCKED

WORKER_PREFIXES = ("asyncio_", "ThreadPoolExecutor")  # the default executor's thread names
_NAME = re.compile(r"[A-Za-z_][\w.]*")


@dataclass(frozen=True, slots=True)
class Printed:
    """One line the program printed: when (program seconds from the start), by whom, where."""

    index: int  # its place among the printed lines, from 0
    t: float
    text: str
    task: str | None
    thread: str


@dataclass(frozen=True, slots=True)
class Step:
    """A task step that held its thread longer than the blocking threshold."""

    t: float  # when it began, program seconds from the start
    held: float  # program seconds
    task: str
    task_id: int
    thread: str


@dataclass(frozen=True, slots=True)
class TaskEnd:
    name: str
    task_id: int
    state: TaskState
    outcome: str | None
    t: float


@dataclass
class RunFacts:
    """The facts of one run. Build it with :meth:`from_events`."""

    printed: list[Printed] = field(default_factory=list)
    ends: dict[str, TaskEnd] = field(default_factory=dict)  # by task name, the last one wins
    loop_threads: set[str] = field(default_factory=set)
    worker_threads: set[str] = field(default_factory=set)
    long_steps: list[Step] = field(default_factory=list)
    blocked_warnings: list[tuple[float, str]] = field(default_factory=list)
    duration: float = 0.0  # program seconds from the first event to the last
    error: str | None = None  # the program's failure, one line ("x.py (line 3): ValueError: …")
    finished: bool = True  # False when the program failed or was stopped
    speed: float = 1.0

    @classmethod
    def from_events(
        cls,
        events: Iterable[LabEvent],
        *,
        speed: float = 1.0,
        error: str | None = None,
        finished: bool = True,
        block_threshold: float = BLOCK_THRESHOLD,
    ) -> RunFacts:
        events = list(events)
        facts = cls(error=error, finished=finished, speed=speed)
        if not events:
            return facts
        start = events[0].t
        facts.duration = (events[-1].t - start) * speed
        running: dict[int, tuple[float, str]] = {}
        for e in events:
            at = (e.t - start) * speed
            if isinstance(e, LogEvent):
                facts._on_log(e, at)
            elif isinstance(e, TaskEvent):
                if e.state is TaskState.RUNNING:
                    facts.loop_threads.add(e.thread)
                    running[e.task_id] = (at, e.thread)
                    continue
                began = running.pop(e.task_id, None)
                if began is not None and at - began[0] > block_threshold:
                    facts.long_steps.append(
                        Step(began[0], at - began[0], e.label, e.task_id, began[1])
                    )
                if e.state.is_final and e.name is not None:
                    facts.ends[e.name] = TaskEnd(e.name, e.task_id, e.state, e.outcome, at)
            elif isinstance(e, HandoffEvent) and e.kind is HandoffKind.JOB_START:
                facts.worker_threads.add(e.target_thread)
        return facts

    def _on_log(self, e: LogEvent, at: float) -> None:
        if e.level is LogLevel.PRINT:
            self.printed.append(Printed(len(self.printed), at, e.message, e.task_name, e.thread))
        elif e.level is LogLevel.WARNING and BLOCKED in e.message.lower():
            self.blocked_warnings.append((at, e.message))
        elif e.level is LogLevel.ERROR and e.message.startswith("✖ "):
            self.error = self.error or e.message[2:].splitlines()[0]
            self.finished = False

    # Questions the kinds ask -------------------------------------------------------------------
    def first_line(self, start: str) -> Printed | None:
        """The first printed line that is ``start`` or begins with it (spaces at either end
        ignored)."""
        start = start.strip()
        for line in self.printed:
            if line.text.strip().startswith(start):
                return line
        return None

    def thread_role(self, thread: str) -> str:
        """``loop``, ``worker`` or ``other``: what ``thread`` is to this run."""
        if thread in self.loop_threads:
            return "loop"
        if thread in self.worker_threads or thread.startswith(WORKER_PREFIXES):
            return "worker"
        return "other"

    @property
    def froze(self) -> bool:
        return bool(self.long_steps or self.blocked_warnings)

    @property
    def exception(self) -> str | None:
        """The name of the exception the program ended with, None when it did not fail."""
        return exception_name(self.error) if self.error else None


def exception_name(text: str) -> str | None:
    """``ValueError`` from ``"x.py (line 3): ValueError: boom"`` or ``"ValueError: boom"``."""
    for part in text.split(": "):
        part = part.strip()
        name = part.rpartition(".")[2]
        if _NAME.fullmatch(part) and name[:1].isupper():
            return name
    return None
