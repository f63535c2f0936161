"""Who matters in the network: degree, weighted degree, betweenness, PageRank, communities, components.

Computed on the undirected, weight-summed view (the direction of a relation is
grammar; "who works with whom" is symmetric), once per graph version and filter
set. Above :data:`FAST_BACKEND_ABOVE` nodes PageRank and Louvain come from igraph
when it is installed (checked against networkx in the tests).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from networkx.algorithms.community import louvain_communities

METRICS = ("degree", "weighted_degree", "betweenness", "pagerank", "community", "component")
RANKED_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
LOUVAIN_SEED = 42
"""Louvain is randomised; a fixed seed gives the same communities for the same graph."""
EXACT_BETWEENNESS_UP_TO = 2000
"""Above this many nodes betweenness is estimated from a seeded sample of pivots."""
BETWEENNESS_SAMPLE = 256
"""Pivots sampled for the estimate above :data:`EXACT_BETWEENNESS_UP_TO` nodes."""
FAST_BACKEND_ABOVE = 2000
"""Networks with more nodes get PageRank and communities from igraph when it is installed."""
_IGRAPH_RNG = threading.Lock()


# ---------------------------------------------------------------------------
# Metrics


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """Partners regardless of direction, with parallel edges' weights summed."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, w in graph.edges(data="weight", default=1):
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    return simple


def compute_metrics(graph: nx.MultiDiGraph) -> dict[str, dict[str, float | int]]:
    """Every metric of every node, on the undirected weighted view (see the module docstring)."""
    simple = undirected(graph)
    n = simple.number_of_nodes()
    if n == 0:
        return {}
    degree = dict(graph.degree())
    weighted = dict(graph.degree(weight="weight"))
    if n <= EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(simple, normalized=True)
    else:
        betweenness = nx.betweenness_centrality(simple, k=BETWEENNESS_SAMPLE, normalized=True, seed=LOUVAIN_SEED)
    pagerank, community = pagerank_and_communities(simple)
    component = _numbered(nx.connected_components(simple))
    return {
        v: {
            "degree": int(degree[v]),
            "weighted_degree": float(weighted[v]),
            "betweenness": float(betweenness[v]),
            "pagerank": float(pagerank[v]),
            "community": community[v],
            "component": component[v],
        }
        for v in graph
    }


def pagerank_and_communities(simple: nx.Graph) -> tuple[dict[str, float], dict[str, int]]:
    """PageRank and numbered Louvain communities of the undirected weighted view.

    Large networks use igraph's C core when it is installed (the networkx
    implementations are the reference, and the answer for small networks).
    """
    n = simple.number_of_nodes()
    if simple.number_of_edges() == 0:
        return {v: 1.0 / n for v in simple}, _numbered([v] for v in simple)
    if n > FAST_BACKEND_ABOVE and (fast := _igraph_pagerank_and_louvain(simple)) is not None:
        pagerank, groups = fast
        return pagerank, _numbered(groups)
    pagerank = nx.pagerank(simple, weight="weight")
    return pagerank, _numbered(louvain_communities(simple, weight="weight", seed=LOUVAIN_SEED))


def _igraph_pagerank_and_louvain(simple: nx.Graph) -> tuple[dict[str, float], list[list[str]]] | None:
    """PageRank and Louvain communities computed by igraph's C core, for large networks.

    networkx's Louvain is pure Python (about 13 s at 50k edges, against 0.7 s
    here); the graph stays a networkx graph for everything else. Both run on the
    same undirected, weight-summed view; igraph's Louvain is its multilevel
    algorithm, seeded like networkx's.
    """
    try:
        import igraph
    except ImportError:  # optional speed-up: networkx gives the same metrics, slower
        return None
    names = list(simple.nodes)
    index = {v: i for i, v in enumerate(names)}
    edges = list(simple.edges(data="weight", default=1.0))
    g = igraph.Graph(n=len(names), edges=[(index[a], index[b]) for a, b, _ in edges])
    weights = [float(w) for _, _, w in edges]
    ranks = g.pagerank(weights=weights, directed=False)
    # igraph draws from one process-wide generator (Python's random by default):
    # seed it for this call only, so the same network gets the same communities.
    with _IGRAPH_RNG:
        igraph.set_random_number_generator(random.Random(LOUVAIN_SEED))
        try:
            parts = g.community_multilevel(weights=weights)
        finally:
            igraph.set_random_number_generator(random)
    groups = [[names[i] for i in members] for members in parts]
    return dict(zip(names, ranks, strict=True)), groups


def _numbered(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Group numbers that do not depend on set order: biggest first, ties by smallest id."""
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {v: i for i, g in enumerate(ordered) for v in g}


def top_nodes(graph: nx.MultiDiGraph, metrics: Mapping[str, Mapping[str, float | int]], top: int) -> dict[str, list[dict[str, Any]]]:
    """The ``top`` nodes per ranked metric, highest first, ties by id."""
    ranked: dict[str, list[dict[str, Any]]] = {}
    for metric in RANKED_METRICS:
        order = sorted(metrics, key=lambda v: (-metrics[v][metric], v))[:top]
        ranked[metric] = [
            {"id": v, "label": graph.nodes[v]["label"], "type": graph.nodes[v]["type"], "value": metrics[v][metric]}
            for v in order
        ]
    return ranked
