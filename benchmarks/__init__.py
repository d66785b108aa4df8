"""Side-by-side measurements of the lab's loops against plain asyncio.

``python -m benchmarks [--quick] [--json]`` from the checkout's top folder. Every heavy case
runs in a subprocess of its own (:mod:`benchmarks.worker`) so loops never share a process,
and every figure is reported beside plain asyncio measured in the same run. See
``benchmarks/README.md`` for what each figure means.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; ``argv`` as on the command line (``--quick``, ``--json`` ...)."""
    from benchmarks.cli import main as run

    return run(argv)


__all__ = ["main"]
