"""The run's events, kept in order and bounded, and the state at any index folded from them.

This is the interface replay reads (``append``, ``count``, ``first``, ``event``, ``events``,
``index_at``, ``state_at``); its internals may change without its callers noticing.

Positions are absolute: position ``p`` means "after the first ``p`` events of the run", so
``state_at(count)`` is the present and ``event(p - 1)`` the last event folded into
``state_at(p)``. Memory stays bounded: past :attr:`max_events` the oldest events are dropped in
chunks; their effect survives in the snapshot the fold restarts from, and :attr:`first` (how
many were dropped) says where the held history begins.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.moment import Moment, MomentFold

MAX_EVENTS = 250_000  # events held; a storm of 60,000 tasks fits whole
DROP_CHUNK = 2_000  # dropped at once past the bound: each drop folds about one batch
SNAPSHOT_EVERY = 4_096  # events between snapshots, at least (more when they would cost much)
SNAPSHOT_COST = 8  # references a snapshot may hold per event since the one before it


def _t_of(event: LabEvent) -> float:
    return event.t


class EventStore:
    """Append-only (but bounded) event list with snapshots of the fold every few thousand
    events (sharing unchanged tasks with each other, so a jump folds at most a few thousand).
    Folding is lazy: appending costs a list append; the fold catches up when a past
    state is asked for or when old events are about to be dropped."""

    def __init__(
        self,
        max_events: int = MAX_EVENTS,
        drop_chunk: int = DROP_CHUNK,
        snapshot_every: int = SNAPSHOT_EVERY,
    ) -> None:
        if max_events < 1 or drop_chunk < 1:
            raise ValueError("max_events and drop_chunk must be at least 1")
        self.max_events = max_events
        self._drop_chunk = min(drop_chunk, max_events)
        self._snapshot_every = snapshot_every
        self._events: list[LabEvent] = []
        self._first = 0  # the absolute position of self._events[0]
        # (position, fold at that position); the first is always at self._first.
        self._snapshots: list[tuple[int, MomentFold]] = [(0, MomentFold())]
        self._cursor: tuple[int, MomentFold] | None = None  # the last fold state_at made
        #: Called with the new first position just before older events are dropped: a view
        #: that folds lazily takes in what it has not yet seen while it is still here.
        self.before_drop: list[Callable[[int], None]] = []

    # What is held ---------------------------------------------------------------------------
    @property
    def count(self) -> int:
        """The position after the newest event: how many events the run has had."""
        return self._first + len(self._events)

    @property
    def first(self) -> int:
        """The oldest position held; the events before it were dropped (0: nothing dropped)."""
        return self._first

    def __len__(self) -> int:
        return len(self._events)

    def event(self, index: int) -> LabEvent:
        """The event at absolute ``index`` (IndexError if dropped or not yet recorded)."""
        if not self._first <= index < self.count:
            raise IndexError(f"event {index} is not held ({self._first}–{self.count - 1})")
        return self._events[index - self._first]

    def events(self, start: int | None = None, stop: int | None = None) -> Sequence[LabEvent]:
        """The held events in ``[start, stop)`` (absolute positions, clipped to what is held)."""
        lo = self._first if start is None else max(start, self._first)
        hi = self.count if stop is None else min(stop, self.count)
        return self._events[lo - self._first : max(lo, hi) - self._first]

    def index_at(self, t: float) -> int:
        """The position just after the last held event at or before time ``t``."""
        return self._first + bisect.bisect_right(self._events, t, key=_t_of)

    def time_at(self, position: int) -> float:
        """The time of the last event folded into ``state_at(position)`` (0 before any)."""
        if position <= self._first:
            return self._snapshots[0][1].t
        return self.event(min(position, self.count) - 1).t

    # Growing ----------------------------------------------------------------------------------
    def append(self, events: Iterable[LabEvent]) -> None:
        self._events.extend(events)
        if len(self._events) > self.max_events:
            self._drop(len(self._events) - self.max_events + self._drop_chunk - 1)

    def clear(self) -> None:
        """Forget everything: a new run starts at position 0."""
        listeners = self.before_drop
        self.__init__(self.max_events, self._drop_chunk, self._snapshot_every)  # type: ignore[misc]
        self.before_drop = listeners

    def _drop(self, how_many: int) -> None:
        new_first = self._first + min(how_many, len(self._events))
        for listener in list(self.before_drop):
            listener(new_first)
        base = self._fold_to(new_first)
        del self._events[: new_first - self._first]
        self._first = new_first
        kept = [(p, f) for p, f in self._snapshots if p > new_first]
        self._snapshots = [(new_first, base), *kept]
        if self._cursor is not None and self._cursor[0] < new_first:
            self._cursor = None

    # Folding ----------------------------------------------------------------------------------
    def state_at(self, position: int) -> Moment:
        """The state after the first ``position`` events, clipped to what is held."""
        position = max(self._first, min(position, self.count))
        fold = self._fold_to(position)
        self._cursor = (position, fold)
        return fold.freeze(position, self._first)

    def _fold_to(self, position: int) -> MomentFold:
        """A fold of its own at ``position``, from the nearest state before it; snapshots are
        taken as the fold passes every few thousand events past the newest one."""
        at = bisect.bisect_right(self._snapshots, position, key=_position_of) - 1
        start, base = self._snapshots[at]
        cursor = self._cursor
        if cursor is not None and start <= cursor[0] <= position:
            start, fold = cursor
            self._cursor = None  # handed on: it is about to change
        else:
            fold = base.copy()
        while start < position:
            newest = self._snapshots[-1][0]
            target = newest + self._snapshot_every
            while target <= start:
                target += self._snapshot_every
            stop = min(position, target)
            fold.apply(self._events[start - self._first : stop - self._first])
            start = stop
            if start == target and self._worth_a_snapshot(fold, start - newest):
                self._snapshots.append((start, fold.copy()))
        return fold

    @staticmethod
    def _worth_a_snapshot(fold: MomentFold, events: int) -> bool:
        """A snapshot shares unchanged buckets of tasks with the one before it: it costs a
        reference per 64 tasks plus the rows changed since. Taken when that is at most a few
        references per event folded since the last one, so a storm of wake-ups all over a large
        table spaces snapshots out instead of copying the table every few thousand events."""
        tasks = fold.tasks
        cost = len(tasks) // 64 + tasks.copied
        return cost <= SNAPSHOT_COST * events


def _position_of(snapshot: tuple[int, MomentFold]) -> int:
    return snapshot[0]
