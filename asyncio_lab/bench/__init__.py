"""Side-by-side measurements of the lab's loops against plain asyncio.

``python -m asyncio_lab.bench [--quick] [--json]`` or ``asyncio-lab bench ...``. Every heavy case
runs in a subprocess of its own (:mod:`asyncio_lab.bench.worker`) so loops never share a process,
and every figure is reported beside plain asyncio measured in the same run. See
``benchmarks/README.md`` for what each figure means.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; ``argv`` as on the command line (``--quick``, ``--json`` ...)."""
    from asyncio_lab.bench.cli import main as run

    return run(argv)


__all__ = ["main"]
