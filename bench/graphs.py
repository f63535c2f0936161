"""Partner network: dtkg (graph.network) vs bare networkx vs igraph on the same edges.

The projection + metrics part is :func:`bench.network.run` (written with the
network module); here the same 50k-edge metrics network is handed to igraph
in the peer venv (python-igraph is a bench-only dependency, never dtkg's).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench import network as network_bench
from bench.queries import PEER_VENV
from graph import network


def run(edges: int, metrics_edges: int, runs: int) -> dict[str, Any]:
    report = network_bench.run(edges, runs, metrics_edges)
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        report["igraph"] = None
        return report
    small = network.undirected(network.load(network_bench.synthetic_store(network_bench.synthetic_edges(metrics_edges, seed=11))))
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as fh:
        for u, v, data in small.edges(data=True):
            fh.write(f"{u}\t{v}\t{data.get('weight', 1)}\n")
        path = fh.name
    try:
        out = subprocess.run([str(python), str(Path(__file__).with_name("peer_igraph.py")), path, str(runs)],
                             capture_output=True, text=True, check=True, timeout=600).stdout
        report["igraph"] = json.loads(out)
    finally:
        Path(path).unlink(missing_ok=True)
    return report
