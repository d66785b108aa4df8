"""House rules that keep the code simple: core imports no Qt; files stay small."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("core", "gui", "benchmarks")  # core/ and gui/ install as asyncio_lab.core/.gui
QT_MODULES = ("PySide6", "qasync", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _full_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_never_imports_qt():
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & set(QT_MODULES))
        for path in (ROOT / "core").rglob("*.py")
        if _imports(path) & set(QT_MODULES)
    }
    assert offenders == {}


def test_core_never_imports_gui():
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "core").rglob("*.py")
        if any(name.startswith("asyncio_lab.gui") for name in _full_imports(path))
    )
    assert offenders == []


def test_nothing_imports_a_bare_core_or_gui_package():
    offenders = sorted(
        str(path.relative_to(ROOT))
        for folder in (*SOURCES, "tests")
        for path in (ROOT / folder).rglob("*.py")
        if _imports(path) & {"core", "gui"}
    )
    assert offenders == []


def test_importing_core_and_running_a_demo_loads_no_qt():
    code = (
        "import sys, asyncio_lab.core.runner, asyncio_lab.core.catalogue as c;"
        "import asyncio_lab.core.cli, asyncio_lab.gui.entry;"
        "c.all_demos();"
        f"print([m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_modules_stay_small():
    big = {
        str(p.relative_to(ROOT)): n
        for folder in SOURCES
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert big == {}, "split these along a seam you can name"
