"""One fold of per-task state, shared by the live task book and every past moment.

:func:`next_snap` is the rule: what a task is after one event. :class:`TaskFold` keeps one
frozen :class:`TaskSnap` per task in creation order, in buckets of 64 rows. Buckets are shared
copy-on-write: :meth:`TaskFold.freeze` hands out a read-only :class:`TaskRows` that shares every
bucket with the fold, and the fold copies a bucket the first time it changes one afterwards. A
snapshot (or the moment a view is shown) therefore costs a list of bucket references, not a copy
of every task, and a view reads only the rows it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, overload

from asyncio_lab.core.events import HandoffEvent, HandoffKind, TaskEvent, TaskState

BITS = 6
SIZE = 1 << BITS  # rows in a bucket
MASK = SIZE - 1


class TaskSnap(NamedTuple):
    """One task as of a moment: what the task table shows for it, live or past. The one row
    type of both, so its wording (:attr:`waiting_on`, :meth:`elapsed`) is said in one place.

    A named tuple, not a frozen dataclass: the fold builds one per task event, and a frozen
    dataclass's ``__init__`` (a ``object.__setattr__`` per field) cost three times the rest of
    the fold."""

    task_id: int
    name: str
    state: TaskState
    created_t: float
    created_thread: str
    last_thread: str
    changed_t: float
    ended_t: float | None = None
    awaiting: str | None = None
    line: int | None = None
    outcome: str | None = None
    coro_name: str | None = None
    steps: int = 0
    worker: str | None = None  # the thread running its to_thread job at that moment
    parent_id: int | None = None
    awaited_ids: tuple[int, ...] = ()  # the tracked tasks it awaits, while suspended

    @property
    def waiting_on(self) -> str:
        """What the task waits for, in words: the await, its line, a worker thread."""
        if self.awaiting is None:
            return ""
        text = self.awaiting
        if self.line:
            text += f" @ line {self.line}"
        if self.worker:
            text += f" ⇢ job on {self.worker}"
        return text

    def elapsed(self, now: float) -> float:
        end = self.ended_t if self.ended_t is not None else now
        return max(0.0, end - self.created_t)


class _Rows:
    """What :class:`TaskFold` and :class:`TaskRows` share: buckets, the id → row index, a count."""

    __slots__ = ("_buckets", "_index", "_n", "live")

    def __init__(self, buckets: list[list[TaskSnap]], index: dict[int, int], n: int, live: int):
        self._buckets = buckets
        # Shared by every fold of one event stream: rows are given in order of first appearance,
        # so the same id always gets the same row; a row at or past ``_n`` is not here yet.
        self._index = index
        self._n = n
        self.live = live  # tasks not finished

    def __len__(self) -> int:
        return self._n

    def __contains__(self, task_id: object) -> bool:
        row = self._index.get(task_id) if isinstance(task_id, int) else None
        return row is not None and row < self._n

    def find(self, task_id: int) -> TaskSnap | None:
        row = self._index.get(task_id)
        if row is None or row >= self._n:
            return None
        return self._buckets[row >> BITS][row & MASK]

    def row(self, i: int) -> TaskSnap:
        """The ``i``-th task created (negative: from the end)."""
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return self._buckets[i >> BITS][i & MASK]

    def row_of(self, task_id: int) -> int | None:
        row = self._index.get(task_id)
        return None if row is None or row >= self._n else row

    def snaps(self, start: int = 0, stop: int | None = None) -> Iterator[TaskSnap]:
        """The tasks in creation order, rows ``[start, stop)``."""
        stop = self._n if stop is None else min(stop, self._n)
        start = max(0, start)
        buckets = self._buckets
        while start < stop:
            bucket = buckets[start >> BITS]
            end = min(stop, (start | MASK) + 1)
            yield from bucket[start & MASK : (end - 1 & MASK) + 1]
            start = end


class TaskRows(_Rows, Mapping[int, TaskSnap]):
    """The tasks at one moment, read-only, by id (iteration: creation order) or by row."""

    __slots__ = ()

    def __getitem__(self, task_id: int) -> TaskSnap:
        snap = self.find(task_id)
        if snap is None:
            raise KeyError(task_id)
        return snap

    def __iter__(self) -> Iterator[int]:
        return (snap.task_id for snap in self.snaps())

    def values(self) -> _Values:  # type: ignore[override]
        return _Values(self)

    def by_row(self) -> RowSequence:
        return RowSequence(self)


class _Values:
    """``values()`` of a :class:`TaskRows`: iterated bucket by bucket, no lookups."""

    __slots__ = ("_rows",)

    def __init__(self, rows: _Rows) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[TaskSnap]:
        return self._rows.snaps()

    def __len__(self) -> int:
        return len(self._rows)


class RowSequence(Sequence[TaskSnap]):
    """Rows in creation order as a sequence; over a :class:`TaskFold` it follows the fold."""

    __slots__ = ("_rows",)

    def __init__(self, rows: _Rows) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> TaskSnap: ...
    @overload
    def __getitem__(self, i: slice) -> list[TaskSnap]: ...
    def __getitem__(self, i: int | slice) -> TaskSnap | list[TaskSnap]:
        if isinstance(i, slice):
            return [self._rows.row(r) for r in range(*i.indices(len(self._rows)))]
        return self._rows.row(i)

    def __iter__(self) -> Iterator[TaskSnap]:
        return self._rows.snaps()


class TaskFold(_Rows):
    """The mutable fold. ``apply_task``/``apply_handoff`` return the row they changed."""

    __slots__ = ("_owned", "copied", "previous")

    def __init__(self, index: dict[int, int] | None = None) -> None:
        super().__init__([], {} if index is None else index, 0, 0)
        self._owned: set[int] = set()  # buckets no frozen view shares: written in place
        self.copied = 0  # rows copied since the last freeze (what a snapshot costs beyond refs)
        self.previous: TaskSnap | None = None  # the task before the last apply_task

    @classmethod
    def of(cls, snaps: Sequence[TaskSnap]) -> TaskFold:
        """A fold holding ``snaps`` in this order (a fresh index)."""
        fold = cls()
        for snap in snaps:
            fold._index[snap.task_id] = fold._n
            fold._append(snap)
            fold.live += not snap.state.is_final
        return fold

    def freeze(self) -> TaskRows:
        """A read-only view of the tasks now; it shares every bucket until the fold changes one."""
        self._owned = set()
        self.copied = 0
        return TaskRows(self._buckets.copy(), self._index, self._n, self.live)

    def copy(self) -> TaskFold:
        """A fold of its own from here on (sharing this one's buckets copy-on-write)."""
        self._owned = set()
        self.copied = 0
        twin = TaskFold(self._index)
        twin._buckets = self._buckets.copy()
        twin._n, twin.live = self._n, self.live
        return twin

    def apply_task(self, event: TaskEvent) -> int:
        row = self._index.get(event.task_id)
        if row is None or row >= self._n:
            if row is None:
                row = self._index[event.task_id] = self._n
            self.previous = None
            snap = next_snap(None, event)
            if snap.state._value_ not in _FINAL:
                self.live += 1
            self._append(snap)
            return row
        b = row >> BITS
        bucket = self._buckets[b]
        old = self.previous = bucket[row & MASK]
        snap = next_snap(old, event)
        if snap is not old:
            if snap.state is not old.state and snap.state._value_ in _FINAL:
                self.live -= 1
            if b in self._owned:
                bucket[row & MASK] = snap
            else:
                self._put(row, snap)
        return row

    def apply_handoff(self, event: HandoffEvent) -> int | None:
        """A job's start on a worker thread, or its return: the task's ``worker``."""
        row = None if event.task_id is None else self._index.get(event.task_id)
        if row is None or row >= self._n:
            return None
        if event.kind is HandoffKind.JOB_START:
            worker: str | None = event.target_thread
        elif event.kind is HandoffKind.JOB_RETURN:
            worker = None
        else:
            return None
        self._put(row, _with(self._buckets[row >> BITS][row & MASK], worker=worker))
        return row

    def _put(self, row: int, snap: TaskSnap) -> None:
        b = row >> BITS
        if b in self._owned:
            self._buckets[b][row & MASK] = snap
            return
        bucket = self._buckets[b].copy()
        bucket[row & MASK] = snap
        self._buckets[b] = bucket
        self._owned.add(b)
        self.copied += len(bucket)

    def _append(self, snap: TaskSnap) -> None:
        b = self._n >> BITS
        self._n += 1
        if b == len(self._buckets):
            self._buckets.append([snap])
            self._owned.add(b)
        elif b in self._owned:
            self._buckets[b].append(snap)
        else:
            bucket = self._buckets[b][: (self._n - 1) & MASK]
            bucket.append(snap)
            self._buckets[b] = bucket
            self._owned.add(b)
            self.copied += len(bucket)


def _with(snap: TaskSnap, **changes: Any) -> TaskSnap:
    return snap._replace(**changes)


_PENDING, _RUNNING, _SUSPENDED = TaskState.PENDING, TaskState.RUNNING, TaskState.SUSPENDED
# By value, as TaskState.is_final does (an Enum member hashes in Python code; a str caches it).
_FINAL = frozenset(s.value for s in (TaskState.DONE, TaskState.CANCELLED, TaskState.FAILED))
_tuple_new: Callable[[type[TaskSnap], tuple[Any, ...]], TaskSnap] = (
    tuple.__new__
)  # TaskSnap from a tuple of its fields, in order, at C speed


def next_snap(old: TaskSnap | None, event: TaskEvent) -> TaskSnap:
    """The task after ``event`` — the one rule, live and past.

    Built positionally (a replay folds hundreds of thousands of these): the fields in order are
    task_id, name, state, created_t, created_thread, last_thread, changed_t, ended_t, awaiting,
    line, outcome, coro_name, steps, worker, parent_id, awaited_ids.
    """
    if old is None:
        snap: TaskSnap = _tuple_new(TaskSnap, (
            event.task_id, event.label, event.state, event.t, event.thread, event.thread,
            event.t, None, None, None, None, event.coro_name, 0, None, event.parent_id, (),
        ))  # fmt: skip
        if event.state is _PENDING:
            return snap
    else:
        snap = old
    name = event.name if event.name is not None else snap.name
    if snap.state._value_ in _FINAL:  # a final state is final; late events only rename
        return snap if name == snap.name else _with(snap, name=name)
    state = event.state
    if state is _RUNNING:
        return _tuple_new(TaskSnap, (
            snap.task_id, name, state, snap.created_t, snap.created_thread, event.thread,
            event.t, snap.ended_t, None, snap.line, snap.outcome, snap.coro_name,
            snap.steps + 1, snap.worker, snap.parent_id, (),
        ))  # fmt: skip
    if state is _SUSPENDED:
        return _tuple_new(TaskSnap, (
            snap.task_id, name, state, snap.created_t, snap.created_thread, snap.last_thread,
            event.t, snap.ended_t, event.awaiting, event.line, snap.outcome, snap.coro_name,
            snap.steps, snap.worker, snap.parent_id, event.awaited_ids,
        ))  # fmt: skip
    if state._value_ in _FINAL:
        return _tuple_new(TaskSnap, (
            snap.task_id, name, state, snap.created_t, snap.created_thread, snap.last_thread,
            event.t, event.t, None, snap.line, event.outcome, snap.coro_name,
            snap.steps, snap.worker, snap.parent_id, (),
        ))  # fmt: skip
    return _with(snap, name=name, state=state, changed_t=event.t)
