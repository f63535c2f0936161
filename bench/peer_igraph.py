"""Run in the bench peer venv (python-igraph only): PageRank + Louvain on a weighted edge list.

``python peer_igraph.py EDGES.tsv RUNS`` prints JSON with median seconds.
Kept free of dtkg imports so it runs in a venv that has only igraph.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import igraph


def main(path: str, runs: int) -> None:
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    names: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            u, v, w = line.rstrip("\n").split("\t")
            edges.append((names.setdefault(u, len(names)), names.setdefault(v, len(names))))
            weights.append(float(w))
    result: dict[str, object] = {"igraph": igraph.__version__, "nodes": len(names), "edges": len(edges)}
    times: dict[str, list[float]] = {"build": [], "pagerank": [], "louvain": []}
    for _ in range(runs):
        t = time.perf_counter()
        g = igraph.Graph(n=len(names), edges=edges, directed=False)
        g.es["weight"] = weights
        times["build"].append(time.perf_counter() - t)
        t = time.perf_counter()
        g.pagerank(weights="weight")
        times["pagerank"].append(time.perf_counter() - t)
        t = time.perf_counter()
        communities = g.community_multilevel(weights="weight")
        times["louvain"].append(time.perf_counter() - t)
        result["communities"] = len(communities)
        result["modularity"] = communities.modularity
    for key, values in times.items():
        result[f"{key}_s"] = statistics.median(values)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
