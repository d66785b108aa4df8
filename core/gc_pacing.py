"""Pace Python's cycle collector around storms of events.

A storm of 100,000 tasks leaves the window holding a million long-lived objects (events, rows,
bars). Python's automatic collector runs a *full* collection each time the old objects grow
by a quarter: about fifteen of them during such a storm, each walking the whole heap, each a
pause of 100 ms or more on the GUI thread. Together they cost a third of the storm's time and
are most of its long frames.

While the GUI is delivering a backlog, :class:`CollectorPacing` switches automatic collection
off and collects only the young generations, once per delivered batch (cheap: they hold what
the last batch made, and most cyclic garbage is young). The full collection waits until the
backlog is gone, or at most ``defer_s`` seconds, so a storm pays one or two full walks instead
of fifteen. Objects are never left uncollected: reference counting frees acyclic garbage at
once, young cycles go each batch, old cycles at the end of the storm.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

DEFER_S = 10.0  # the longest a full collection waits while a storm lasts
QUIET_S = 0.5  # a storm is over once no busy batch came for this long


class CollectorPacing:
    """``busy()`` after each batch delivered from a backlog, ``idle()`` once none is left."""

    def __init__(
        self,
        *,
        defer_s: float = DEFER_S,
        quiet_s: float = QUIET_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.defer_s = defer_s
        self.quiet_s = quiet_s
        self._clock = clock
        self._paused_at: float | None = None  # when we switched automatic collection off
        self._last_busy = -float("inf")
        self.full_collections = 0  # run by hand while a storm lasted longer than defer_s

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def busy(self) -> None:
        """A batch of a backlog went out: collect the young, keep the full walk for later."""
        self._last_busy = self._clock()
        if self._paused_at is None:
            if not gc.isenabled():
                return  # someone else manages the collector: leave it to them
            gc.disable()
            self._paused_at = self._clock()
            return
        if self._clock() - self._paused_at >= self.defer_s:
            gc.collect()
            self.full_collections += 1
            self._paused_at = self._clock()
        else:
            gc.collect(1)

    def idle(self, *, now: bool = False) -> None:
        """A quiet batch: once no busy one came for ``quiet_s`` (or ``now``), automatic
        collection again (it walks the old objects soon). The wait keeps a storm whose events
        come in small batches now and then (the loop on the GUI thread) from flipping it on
        and off, and a full walk from falling into every gap."""
        if not now and self._clock() - self._last_busy < self.quiet_s:
            return
        if self._paused_at is not None:
            self._paused_at = None
            gc.enable()
