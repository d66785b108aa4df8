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


def test_the_coroutine_wrapper_knows_no_tracker():
    # It reports through the StepObserver protocol: no import of the tracker, not even for types.
    imports = _full_imports(ROOT / "core" / "traced_coro.py")
    assert not any(name.startswith("asyncio_lab.core.tracker") for name in imports)


def test_only_the_tracker_and_the_wrapper_know_the_wrapper():
    # Everyone else asks task_id_of / parent_id_of / coroutine_of (core/traced_coro.py).
    knowing = sorted(
        str(path.relative_to(ROOT))
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*.py")
        if "TracedCoroutine" in path.read_text(encoding="utf-8")
    )
    assert knowing == ["core/traced_coro.py", "core/tracker.py"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("asyncio_lab", *parts) if parts[0] in ("core", "gui") else parts)


def _lab_imports(path: Path, modules: set[str]) -> set[str]:
    """The lab modules ``path`` imports, at run time or for types alone."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from package import module` names the module
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found & modules


def test_no_import_runs_in_a_circle():
    # Imports for type checking count: a circle of them is a circle in the design.
    paths = {_module_name(p): p for folder in SOURCES for p in (ROOT / folder).rglob("*.py")}
    graph = {name: _lab_imports(path, set(paths)) - {name} for name, path in paths.items()}
    circles: list[str] = []
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            circles.append(" -> ".join([*trail[trail.index(name) :], name]))
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert circles == []


def test_an_installed_copy_holds_every_package_and_every_lesson_program():
    """`pip install .` (not -e) ships what pyproject lists: every package, every program."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    mapped = config["setuptools"]["package-dir"]
    found = set()
    for name, folder in mapped.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *relative)))
    assert found == listed, "list every package in [tool.setuptools] packages"
    data = config["setuptools"]["package-data"]["asyncio_lab.core"]
    programs = sorted(
        p.relative_to(ROOT / "core") for p in (ROOT / "core").rglob("programs/**/*.py")
    )
    assert programs and all(any(p.match(glob) for glob in data) for p in programs)
