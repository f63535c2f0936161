"""Each router stands alone: what two routes share lives in api/ (deps, bodies, responses, auth), not in a route."""

from __future__ import annotations

import ast
import pkgutil

import pytest

import api.routes
from tests.conftest import ROOT

ROUTES = sorted(m.name for m in pkgutil.iter_modules(api.routes.__path__))


def imported(module: str) -> set[str]:
    tree = ast.parse((ROOT / "api" / "routes" / f"{module}.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("module", ROUTES)
def test_no_route_imports_another_route(module: str) -> None:
    others = {name for name in imported(module) if name.startswith("api.routes.") or name == "api.routes"}
    assert others == set(), f"api/routes/{module}.py imports {sorted(others)}"


def test_the_rule_sees_the_routes() -> None:
    assert {"sparql", "changes", "named_queries", "network"} <= set(ROUTES)
