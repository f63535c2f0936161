"""Dependencies point one way: data files → ``graph`` → ``api``, and inside ``graph`` down the layers.

``graph`` never imports FastAPI or ``api``. Inside ``graph`` each top-level module or
subpackage (a *unit*) may import only the units its row in :data:`RULES` names, so the
architecture the README describes is the one the code has. A new unit needs a row here:
the test fails until it gets one, which is the moment to decide where it sits.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from tests.conftest import ROOT

GRAPH_MODULES = sorted(m.name for m in pkgutil.walk_packages(graph.__path__, "graph."))

FOUNDATION = frozenset({"errors", "config", "paths", "vocab", "progress"})
"""Leaf modules everything may use: the error hierarchy, settings, data paths, IRIs and terms, progress output."""

RULES: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "paths": frozenset(),
    "vocab": frozenset(),
    "config": frozenset({"errors"}),
    "progress": frozenset(),
    "rdf": FOUNDATION,
    "store": FOUNDATION | {"rdf"},
    "sparql": FOUNDATION | {"rdf", "store"},
    "validation": FOUNDATION | {"rdf", "store", "sparql", "model"},  # model: the calendar check reads dates via model/dates.py
    "model": FOUNDATION | {"rdf", "store", "sparql"},
    "network": FOUNDATION | {"rdf", "store", "sparql", "model"},
    "matching": FOUNDATION | {"rdf", "store", "sparql", "model"},
    "curation": FOUNDATION | {"rdf", "store", "sparql", "validation", "model"},
    "ingest": FOUNDATION | {"rdf", "store", "sparql", "validation", "model", "matching", "curation"},
    "build": FOUNDATION | {"rdf", "store", "sparql", "validation", "model"},
    "synth": FOUNDATION | {"rdf", "model"},
    "cli": frozenset({"*"}),
}
"""Unit → the units it may import. ``cli`` is the composition root and may import any of them."""

BLOCKER = """
import importlib, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('fastapi', 'starlette', 'api'):
            raise ImportError('graph must not import ' + name)
sys.meta_path.insert(0, Block())
for name in sys.argv[1:]:
    importlib.import_module(name)
"""


def test_graph_modules_import_without_fastapi() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCKER, *GRAPH_MODULES], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _unit(path: Path) -> str:
    return path.relative_to(ROOT / "graph").with_suffix("").parts[0]


def _imported_units(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "graph":
                names = [f"graph.{alias.name}" for alias in node.names]
            elif node.module.startswith("graph."):
                names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.startswith("graph.")]
        found.update(name.split(".")[1] for name in names)
    return found


GRAPH_FILES = sorted((ROOT / "graph").rglob("*.py"))


@pytest.mark.parametrize("path", GRAPH_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_graph_units_import_only_what_their_rule_allows(path: Path) -> None:
    unit = _unit(path)
    if unit == "__init__":
        return
    assert unit in RULES, f"graph/{unit} has no row in RULES (tests/test_layering.py): decide which units it may import"
    allowed = RULES[unit]
    if "*" in allowed:
        return
    wrong = sorted(u for u in _imported_units(path) - {unit} - allowed if u != "_data")
    assert not wrong, f"{path.relative_to(ROOT)} ({unit}) imports {wrong}; its rule allows {sorted(allowed)}"


def test_api_imports_no_private_graph_names() -> None:
    """``api`` uses ``graph``'s public interface: no ``from graph.x import _private``."""
    offenders = []
    for path in sorted((ROOT / "api").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("graph"):
                offenders += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert not offenders, offenders
