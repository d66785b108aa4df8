"""Print the markdown table for the README from a benchmark JSON file.

    python benchmarks/render_table.py [benchmarks/results.json]

The JSON is what ``python -m benchmarks --json`` prints (or writes with ``--out``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from a checkout

from benchmarks.report import markdown, rows  # noqa: E402


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path(__file__).with_name("results.json")
    results = json.loads(path.read_text(encoding="utf-8"))
    if not results.get("rows"):
        results["rows"] = rows(results)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
