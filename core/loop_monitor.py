"""A host's watch on its own loop: the lag probe and the stall watcher, started and stopped
with the loop. Views (the meters, the mistake detector) only read it or listen to it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from asyncio_lab.core.lag_probe import LoopLagProbe, StallSample, StallWatcher
from asyncio_lab.core.limits import BLOCK_THRESHOLD, LAG_INTERVAL

StallListener = Callable[[StallSample], None]


class LoopMonitor:
    """Probes a loop's lag every ``interval`` seconds and, when it is late by ``threshold``,
    looks (from its own thread) at the line that holds it.

    The host calls :meth:`start` once its loop runs and :meth:`stop` before the loop closes.
    Readers use :attr:`probe` and :attr:`last_stall` from any thread; listeners added with
    :meth:`add_stall_listener` get each stall on the watcher's thread.
    """

    def __init__(self, *, interval: float = LAG_INTERVAL, threshold: float = BLOCK_THRESHOLD):
        self.probe = LoopLagProbe(interval)
        self.watcher = StallWatcher(self.probe, self._on_stall, threshold=threshold)
        self.last_stall: tuple[float, StallSample] | None = None  # (probe clock, sample)
        self._listeners: list[StallListener] = []

    @property
    def threshold(self) -> float:
        return self.watcher.threshold

    @property
    def running(self) -> bool:
        return self.probe.running

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Probe ``loop`` and watch it for stalls. Thread-safe."""
        self.probe.start(loop)
        self.watcher.start()

    def stop(self) -> None:
        """Stop probing and end the watcher's thread (waits up to a second). Idempotent."""
        self.probe.stop()
        self.watcher.stop()

    def add_stall_listener(self, listener: StallListener) -> None:
        """Call ``listener(sample)`` for each stall from now on (on the watcher's thread)."""
        self._listeners.append(listener)

    def _on_stall(self, sample: StallSample) -> None:  # on the watcher's thread
        self.last_stall = (self.probe.clock(), sample)  # one assignment: safe to read anywhere
        for listener in tuple(self._listeners):
            listener(sample)
