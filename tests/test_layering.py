"""Dependencies point one way: ``graph`` never imports FastAPI or ``api``."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import graph
from tests.conftest import ROOT

GRAPH_MODULES = sorted(m.name for m in pkgutil.walk_packages(graph.__path__, "graph."))

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
