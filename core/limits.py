"""When the loop counts as blocked, and how often the lab looks: each number defined once."""

from __future__ import annotations

BLOCK_THRESHOLD = 0.1
"""Seconds one step may hold the loop (or the GUI thread) before it counts as blocking: about
when a person notices the stutter. The mistake detector, the stall watcher and both meters use
it."""

LAG_INTERVAL = 0.05
"""Seconds between two loop-lag probes: half of :data:`BLOCK_THRESHOLD`, so a stall that long
is always seen."""
