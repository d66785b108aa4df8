"""The immutable records the tracker produces and every view consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple


class TaskState(enum.Enum):
    """Where a task is in its life. The value is what people read."""

    PENDING = "pending"  # created, its first step not run yet
    RUNNING = "running"  # a step is executing on the loop right now
    SUSPENDED = "suspended"  # parked at an await, waiting for something
    DONE = "done"  # returned a value
    CANCELLED = "cancelled"
    FAILED = "failed"  # raised an exception

    @property
    def is_final(self) -> bool:
        # By value: a str hashes once and caches it; an Enum member hashes in Python (3.11).
        return self._value_ in _FINAL_VALUES


_FINAL_VALUES = frozenset({"done", "cancelled", "failed"})


class LogLevel(enum.Enum):
    INFO = "info"
    PRINT = "print"  # a line the program printed
    RESULT = "result"
    WARNING = "warning"
    ERROR = "error"


class TaskEvent(NamedTuple):
    """A task changed state.

    ``t`` is seconds since the tracker started; ``thread`` is the name of the thread on which the
    change happened (for RUNNING: the thread that runs the step). ``awaiting`` says what a
    SUSPENDED task waits for, ``line`` is where its own coroutine is parked, and ``outcome`` is the
    repr of a result or exception once final.

    A named tuple, not a dataclass: a storm brings hundreds of thousands of these, and the reader
    builds each from the tracker's raw tuple at C speed (see :mod:`asyncio_lab.core.buffer`).
    """

    t: float
    task_id: int
    name: str | None  # None until asyncio has named the task (see Tracker._factory)
    state: TaskState
    thread: str
    awaiting: str | None = None
    line: int | None = None
    outcome: str | None = None
    coro_name: str | None = None
    parent_id: int | None = None  # on PENDING: the tracked task that created this one
    # on SUSPENDED: the tracked tasks it waits for (await t, gather, wait, a TaskGroup's exit)
    awaited_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """How to call this task when its asyncio name is not known yet."""
        if self.name is not None:
            return self.name
        return f"#{self.task_id} {self.coro_name or 'task'}()"


@dataclass(frozen=True, slots=True)
class LogEvent:
    """Something a demo, a job or the app said."""

    t: float
    thread: str
    message: str
    level: LogLevel = LogLevel.INFO
    task_name: str | None = None


class HandoffKind(enum.Enum):
    """What crossed between threads. The value is what ``--json`` prints."""

    SUBMIT = "submit"  # a coroutine handed to the loop from some thread, to run as a task
    JOB_START = "job_start"  # a to_thread / run_in_executor job begins on a worker thread
    JOB_RETURN = "job_return"  # that job's result goes back to the thread that awaits it
    THREADSAFE_SUBMIT = "threadsafe_submit"  # run_coroutine_threadsafe from another thread
    THREADSAFE_RESULT = "threadsafe_result"  # its result goes back to the thread waiting on it
    PROGRAM_RUN = "program_run"  # a program's asyncio.run(main()) hands main to the lab's loop

    def describe(self, subject: str) -> str:
        """The words a person reads: ``start blocking_io``, ``create_task(main)`` ..."""
        return _HANDOFF_WORDS[self].format(subject)


_HANDOFF_WORDS = {
    HandoffKind.SUBMIT: "create_task({})",
    HandoffKind.JOB_START: "start {}",
    HandoffKind.JOB_RETURN: "return from {}",
    HandoffKind.THREADSAFE_SUBMIT: "run_coroutine_threadsafe({})",
    HandoffKind.THREADSAFE_RESULT: "result of {}",
    HandoffKind.PROGRAM_RUN: "asyncio.run({}())",
}


@dataclass(frozen=True, slots=True)
class HandoffEvent:
    """Work crossed from one thread to another (to_thread, run_coroutine_threadsafe, ...).

    ``subject`` names the work: the job's function for a job, the task's name for a submit.
    """

    t: float
    source_thread: str
    target_thread: str
    kind: HandoffKind
    subject: str
    task_id: int | None = None

    @property
    def what(self) -> str:
        """The hand-off in words, for display (never parse it: read ``kind``)."""
        return self.kind.describe(self.subject)


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """A long demo's progress: ``done`` of ``total`` units of ``label``."""

    t: float
    thread: str
    label: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class PrimitiveEvent:
    """A synchronisation primitive's state: who holds it and who waits on it, right now."""

    t: float
    thread: str
    label: str  # the demo's name for it, e.g. "lock"
    kind: str  # "Lock", "Semaphore(2)", "Queue(maxsize=3)" ...
    state: str  # "locked", "2 of 3 arrived", "set" ...
    holders: tuple[str, ...] = ()
    waiters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WaitEvent:
    """``asyncio.wait`` returned (the playground's wait): its done and pending sets.

    Ids are tracker ids (-1: a task the tracker did not see); names are in the same order.
    """

    t: float
    thread: str
    mode: str  # "FIRST_COMPLETED", "FIRST_EXCEPTION" or "ALL_COMPLETED"
    timeout: float | None
    elapsed: float
    done_ids: tuple[int, ...] = ()
    pending_ids: tuple[int, ...] = ()
    done: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()


LabEvent = TaskEvent | LogEvent | HandoffEvent | ProgressEvent | PrimitiveEvent | WaitEvent
