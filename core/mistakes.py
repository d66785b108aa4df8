"""Spot the classic asyncio mistakes in the event stream, name them, and say how to fix them.

A :class:`MistakeDetector` reads the same events every view gets, and the session's one fold
of per-task state (a :class:`~asyncio_lab.core.task_book.TaskBook`) for what it knows about each
task: it keeps no per-task copy of its own. It reports:

* a step that held the loop too long (a task ran without reaching an ``await``);
* a to_thread / run_in_executor job still running after the task awaiting it was cancelled;
* a task whose exception nobody retrieved, and a task destroyed while still pending (the
  tracker turns the loop's exception-handler contexts into ERROR log events; these are read);
* a coroutine that was never awaited (the ``RuntimeWarning`` Python emits, caught by a hook).

Each finding is a :class:`Mistake` and, for the log and the timeline, a WARNING ``LogEvent``.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LabEvent,
    LogEvent,
    LogLevel,
    TaskEvent,
)
from asyncio_lab.core.lag_probe import StallSample
from asyncio_lab.core.limits import BLOCK_THRESHOLD
from asyncio_lab.core.task_book import LongStep, TaskBook

DEFAULT_ORPHAN_GRACE = 0.1  # seconds a cancelled task's thread job may take to notice and stop

BLOCKED = "blocked the loop"
ORPHAN_JOB = "thread outlived its task"
NEVER_RETRIEVED = "exception never retrieved"
DESTROYED_PENDING = "task destroyed while pending"
NEVER_AWAITED = "coroutine never awaited"

_FIXES = {
    BLOCKED: "move blocking calls to `await asyncio.to_thread(...)`, use the async version "
    "(`await asyncio.sleep`), or split CPU work and `await asyncio.sleep(0)` between pieces",
    ORPHAN_JOB: "give the function a threading.Event to check between pieces of work and set "
    "it when you cancel the task, or keep thread jobs short",
    NEVER_RETRIEVED: "await the task (or gather it), keep tasks in a set and read "
    "task.exception() in a done callback, or let a TaskGroup own them",
    DESTROYED_PENDING: "keep a reference to every task you create (a set plus "
    "add_done_callback(set.discard)) and await or cancel them before the loop closes",
    NEVER_AWAITED: "put `await` in front of the call, or wrap it: asyncio.create_task(coro())",
}


@dataclass(frozen=True, slots=True)
class Mistake:
    kind: str  # one of the constants above
    t: float
    thread: str
    what: str  # the finding, in words
    task_name: str | None = None
    task_id: int | None = None
    line: int | None = None

    @property
    def fix(self) -> str:
        return _FIXES[self.kind]

    @property
    def message(self) -> str:
        return f"⚠ {self.kind.capitalize()}: {self.what}. Fix: {self.fix}."

    def as_log_event(self) -> LogEvent:
        return LogEvent(self.t, self.thread, self.message, LogLevel.WARNING, self.task_name)


def _time_of(mistake: Mistake) -> float:
    return mistake.t


_NEVER_AWAITED_RE = re.compile(r"coroutine '([^']+)' was never awaited")


class MistakeDetector:
    """Feed it every batch of events; it returns (and optionally sinks) WARNING log events.

    ``sink`` receives each warning as it is found: in the window pass ``tracker.buffer.append``
    so warnings travel with the other events to the log and the timeline. ``now`` stamps the
    warnings that come from hooks rather than from events (pass ``tracker.now``).

    ``tasks`` is the fold of per-task state to read; whoever passes one applies each batch to
    it before calling :meth:`feed` (the session's table does). Without one, the detector folds
    into a book of its own (headless runs, tests).
    """

    def __init__(
        self,
        *,
        block_threshold: float = BLOCK_THRESHOLD,
        orphan_grace: float = DEFAULT_ORPHAN_GRACE,
        sink: Callable[[LogEvent], None] | None = None,
        now: Callable[[], float] | None = None,
        tasks: TaskBook | None = None,
    ) -> None:
        self._own_book = tasks is None
        self.tasks = TaskBook() if tasks is None else tasks
        self.tasks.long_step = block_threshold
        self.block_threshold = block_threshold
        self.sink = sink
        self.now = now or (lambda: 0.0)
        self.found: list[Mistake] = []
        self._jobs: dict[int, list[tuple[str, str]]] = {}  # task id -> open (worker, what) jobs
        self._cancelled_jobs: list[tuple[float, str, str, str, int]] = []
        self.orphan_grace = orphan_grace
        self._from_hooks: list[Mistake] = []
        self._stalls: dict[int, tuple[int, str]] = {}  # task id -> (line, code) seen stuck
        self._hook_lock = threading.Lock()
        self._saved_showwarning: Any = None

    # The event stream --------------------------------------------------------------------------
    def feed(self, events: Iterable[LabEvent]) -> list[LogEvent]:
        """Look at a batch; return the warnings it (and any hook since) produced."""
        if self._own_book:
            events = list(events)
            self.tasks.apply(events)
        long_steps, cancelled = self.tasks.take_findings()
        new: list[Mistake] = self._take_hook_findings()
        new.extend(self._blocked(step) for step in long_steps)
        cancelled.reverse()  # popped from the end, oldest first
        for event in events:
            kind = type(event)
            if kind is TaskEvent and not self._cancelled_jobs and not cancelled:
                continue  # the fold has taken it in; nothing here needs it
            while cancelled and cancelled[-1][0] <= event.t:
                self._on_cancelled(cancelled.pop())
            if self._cancelled_jobs:
                self._check_orphans(event, new)
            if kind is HandoffEvent:
                self._on_handoff(event)  # type: ignore[arg-type]
            elif kind is LogEvent and event.level is LogLevel.ERROR:  # type: ignore[union-attr]
                self._on_loop_error(event, new)  # type: ignore[arg-type]
        while cancelled:
            self._on_cancelled(cancelled.pop())
        new.sort(key=_time_of)
        self.found.extend(new)
        out = [m.as_log_event() for m in new]
        if self.sink is not None:
            for warning in out:
                self.sink(warning)
        return out

    def _on_cancelled(self, cancelled: tuple[float, int, str, str]) -> None:
        t, task_id, label, _worker = cancelled
        for worker, what in self._jobs.pop(task_id, []):
            self._cancelled_jobs.append((t, worker, what, label, task_id))

    def note_stall(self, sample: StallSample) -> None:
        """Remember where a stalled task was stuck (a :class:`StallWatcher` calls this from its
        own thread); the warning for that step then names the exact line."""
        if sample.task_id is not None and sample.line is not None:
            with self._hook_lock:
                self._stalls[sample.task_id] = (sample.line, sample.code)

    def _blocked(self, step: LongStep) -> Mistake:
        label, held = step.label, step.ended - step.started
        coro = (
            f" (coroutine {step.coro_name}())"
            if step.coro_name and step.coro_name not in label
            else ""
        )
        with self._hook_lock:
            stall = self._stalls.pop(step.task_id, None)
        line = step.line
        if stall is not None:
            line = stall[0]
            where = f" at line {stall[0]}" + (f" `{stall[1]}`" if stall[1] else "")
        elif step.resumed_at_line is not None and step.line is not None:
            where = f" between line {step.resumed_at_line} and line {step.line}"
        elif step.line is not None:
            where = f" before reaching line {step.line}"
        elif step.resumed_at_line is not None:
            where = f" after line {step.resumed_at_line}"
        else:
            where = ""
        text = (
            f"task {label!r}{coro} ran {held * 1000:.0f} ms{where} without awaiting; "
            f"nothing else on {step.thread} could run meanwhile"
        )
        return Mistake(BLOCKED, step.ended, step.thread, text, label, step.task_id, line)

    def _check_orphans(self, e: LabEvent, new: list[Mistake]) -> None:
        # A job may take a moment to notice a stop flag; only one that runs on past the grace
        # period after its task was cancelled is a mistake. Reported once, at the first event
        # that shows it (often its own return): (worker, function) if ``e`` is a job's return.
        returned = (
            (e.source_thread, e.subject)
            if isinstance(e, HandoffEvent) and e.kind is HandoffKind.JOB_RETURN
            else None
        )
        keep = []
        for job in self._cancelled_jobs:
            cancelled_at, worker, what, label, task_id = job
            late = e.t - cancelled_at
            if late > self.orphan_grace:
                text = (
                    f"task {label!r} was cancelled, but {what}() ran on in {worker} "
                    f"for {late * 1000:.0f} ms more; a thread cannot be cancelled"
                )
                new.append(Mistake(ORPHAN_JOB, e.t, worker, text, label, task_id))
            elif returned != (worker, what):
                keep.append(job)
        self._cancelled_jobs = keep

    def _on_handoff(self, e: HandoffEvent) -> None:
        if e.task_id is None:
            return
        if e.kind is HandoffKind.JOB_START:
            self._jobs.setdefault(e.task_id, []).append((e.target_thread, e.subject))
        elif e.kind is HandoffKind.JOB_RETURN:
            jobs = self._jobs.get(e.task_id, [])
            if (e.source_thread, e.subject) in jobs:
                jobs.remove((e.source_thread, e.subject))

    def _on_loop_error(self, e: LogEvent, new: list[Mistake]) -> None:
        text = e.message
        who = f"task {e.task_name!r}" if e.task_name else "a task"
        if text.startswith("Task exception was never retrieved"):
            error = text.partition(": ")[2] or "an exception"
            what = f"{who} failed with {error} and nobody awaited it or asked for its exception"
            new.append(Mistake(NEVER_RETRIEVED, e.t, e.thread, what, e.task_name))
        elif text.startswith("Task was destroyed but it is pending"):
            what = f"{who} was garbage-collected before it finished: nothing kept a reference"
            new.append(Mistake(DESTROYED_PENDING, e.t, e.thread, what, e.task_name))
        elif (match := _NEVER_AWAITED_RE.search(text)) is not None:
            what = f"{match.group(1)}() was called but its coroutine never ran"
            new.append(Mistake(NEVER_AWAITED, e.t, e.thread, what, e.task_name))

    # The never-awaited hook ----------------------------------------------------------------------
    def install_warning_hook(self) -> None:
        """Catch "coroutine ... was never awaited" RuntimeWarnings (others pass through).

        Replaces ``warnings.showwarning``, so it sees the warnings that the active filters let
        through to be shown (the default filters do, once per place).
        """
        if self._saved_showwarning is not None:
            return
        self._saved_showwarning = warnings.showwarning
        warnings.showwarning = self._showwarning

    def remove_warning_hook(self) -> None:
        if self._saved_showwarning is not None:
            if warnings.showwarning == self._showwarning:
                warnings.showwarning = self._saved_showwarning
            self._saved_showwarning = None

    def _showwarning(
        self,
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        match = _NEVER_AWAITED_RE.search(str(message))
        if issubclass(category, RuntimeWarning) and match is not None:
            from asyncio_lab.core.threads import current_thread_name

            what = f"{match.group(1)}() was called but its coroutine never ran"
            mistake = Mistake(NEVER_AWAITED, self.now(), current_thread_name(), what)
            if self.sink is not None:  # thread-safe sinks (the tracker's buffer) get it at once
                self.found.append(mistake)
                self.sink(mistake.as_log_event())
                return
            with self._hook_lock:
                self._from_hooks.append(mistake)
            return
        saved = self._saved_showwarning or warnings._showwarning_orig  # type: ignore[attr-defined]
        saved(message, category, filename, lineno, file, line)

    def _take_hook_findings(self) -> list[Mistake]:
        with self._hook_lock:
            found, self._from_hooks = self._from_hooks, []
        return found
