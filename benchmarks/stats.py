"""Small statistics without numpy: medians and nearest-rank percentiles."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    """min / p50 / p99 / max of ``values`` (NaN when empty)."""
    if not values:
        return {"min": math.nan, "p50": math.nan, "p99": math.nan, "max": math.nan, "n": 0}
    return {
        "min": min(values),
        "p50": percentile(values, 50),
        "p99": percentile(values, 99),
        "max": max(values),
        "n": len(values),
    }


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan
