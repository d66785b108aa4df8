"""The qasync and asyncio internals the integrated loop needs: present, and used nowhere else."""

from __future__ import annotations

import ast
import importlib.metadata
from pathlib import Path

import pytest
import qasync

from asyncio_lab.gui import loop_internals

QT_LOOP = Path(__file__).resolve().parent.parent / "gui" / "qt_loop.py"


def test_the_installed_qasync_and_python_have_every_internal_the_loop_needs():
    assert loop_internals.find_missing() == []
    assert importlib.metadata.version("qasync") == loop_internals.QASYNC_VERSION


def test_a_qasync_without_its_running_flag_fails_at_import_in_one_line():
    class RenamedFlag(qasync.QEventLoop):  # type: ignore[misc]
        def is_running(self) -> bool:
            return bool(self._running)

    with pytest.raises(ImportError) as raised:
        loop_internals.check(RenamedFlag)
    message = str(raised.value)
    assert "\n" not in message
    assert f"qasync {loop_internals.QASYNC_VERSION}" in message
    assert loop_internals.QASYNC_RUNNING_FLAG in message


def test_the_flag_is_what_qasync_s_is_running_reads(qtbot):
    from asyncio_lab.gui.qt_loop import LabQtLoop

    loop = LabQtLoop()
    try:
        loop.attach()
        assert loop.is_running()
        loop.detach()
        assert not loop.is_running()
    finally:
        loop.close()


def _private_names_used_and_owned(tree: ast.Module) -> tuple[set[str], set[str]]:
    used: set[str] = set()
    owned: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            if not (node.attr.startswith("__") and node.attr.endswith("__")):
                used.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            used.update(a.name for a in node.names if a.name.startswith("_"))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    owned.add(item.name)
                    if item.name == "__init__":  # what the loop's own __init__ sets up
                        owned.update(
                            t.attr
                            for stmt in ast.walk(item)
                            if isinstance(stmt, ast.Assign)
                            for t in stmt.targets
                            if isinstance(t, ast.Attribute)
                        )
    return used, owned


def test_qt_loop_uses_no_private_name_the_internals_module_does_not_declare():
    used, owned = _private_names_used_and_owned(ast.parse(QT_LOOP.read_text(encoding="utf-8")))
    undeclared = used - owned - loop_internals.PRIVATE_NAMES
    assert undeclared == set(), "declare and check these in gui/loop_internals.py"
