"""Who matters in the network: degree, weighted degree, betweenness, PageRank, communities, components.

Computed on the undirected, weight-summed view (the direction of a relation is
grammar; "who works with whom" is symmetric), once per graph version and filter
set. Above :data:`FAST_BACKEND_ABOVE` nodes PageRank and communities come from
igraph when it is installed (checked against networkx in the tests): communities
there are igraph's Leiden on modularity, the refinement of Louvain that finds
partitions at least as good in a fraction of the time (its passes stop early).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
from networkx.algorithms.community import louvain_communities

METRICS = ("degree", "weighted_degree", "betweenness", "pagerank", "community", "component")
RANKED_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
LOUVAIN_SEED = 42
"""Louvain and Leiden are randomised; a fixed seed gives the same communities for the same graph."""
EXACT_BETWEENNESS_UP_TO = 2000
"""Above this many nodes betweenness is estimated from a seeded sample of pivots."""
BETWEENNESS_SAMPLE = 256
"""Pivots sampled for the estimate above :data:`EXACT_BETWEENNESS_UP_TO` nodes."""
FAST_BACKEND_ABOVE = 2000
"""Networks with more nodes get PageRank and communities from igraph when it is installed."""
LEIDEN_ITERATIONS = 2
"""Leiden passes over the network (igraph's default; each pass only improves the partition)."""
_IGRAPH_RNG = threading.Lock()


# ---------------------------------------------------------------------------
# Metrics


Pairs = dict[tuple[str, str], float]
"""The undirected, weight-summed view as a plain table: each partner pair once, in the
orientation first seen, with the summed weight of every relation between the two."""


def weighted_pairs(edges: Iterable[tuple[str, str, float]]) -> Pairs:
    """Partners regardless of direction, from ``(source, target, weight)`` triples; loops dropped.

    The one definition of the undirected view: the networkx graph of :func:`undirected`
    and the igraph graph of :func:`pagerank_and_communities` are both built from it,
    whether the triples come from the projected graph or straight from the query rows.
    """
    pairs: Pairs = {}
    for u, v, w in edges:
        if u == v:
            continue
        key = (v, u) if (v, u) in pairs else (u, v)
        pairs[key] = pairs.get(key, 0) + w
    return pairs


def _simple(nodes: Iterable[str], pairs: Pairs) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_weighted_edges_from((u, v, w) for (u, v), w in pairs.items())
    return simple


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """Partners regardless of direction, with parallel edges' weights summed."""
    return _simple(graph, weighted_pairs(graph.edges(data="weight", default=1)))


def compute_metrics(
    graph: nx.MultiDiGraph, ranks: tuple[Mapping[str, float], Mapping[str, int]] | None = None
) -> dict[str, dict[str, float | int]]:
    """Every metric of every node, on the undirected weighted view (see the module docstring).

    ``ranks`` are PageRank and communities already computed for this very graph
    (:meth:`graph.network.Network.from_store` gets them straight from the query rows).
    """
    pairs = weighted_pairs(graph.edges(data="weight", default=1))
    simple = _simple(graph, pairs)
    n = simple.number_of_nodes()
    if n == 0:
        return {}
    degree = dict(graph.degree())
    weighted = dict(graph.degree(weight="weight"))
    if n <= EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(simple, normalized=True)
    else:
        betweenness = nx.betweenness_centrality(simple, k=BETWEENNESS_SAMPLE, normalized=True, seed=LOUVAIN_SEED)
    pagerank, community = ranks if ranks is not None else pagerank_and_communities(list(graph), pairs)
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


def pagerank_and_communities(
    nodes: Sequence[str], pairs: Pairs, *, fast_above: int = FAST_BACKEND_ABOVE
) -> tuple[dict[str, float], dict[str, int]]:
    """PageRank and numbered modularity communities of the undirected weighted view.

    ``nodes`` in a fixed order (the community answer depends on it), ``pairs`` from
    :func:`weighted_pairs`. Above ``fast_above`` nodes igraph's C core computes
    them from the pairs directly, with no networkx graph in between; networkx
    is the reference, and the answer for small networks.
    """
    n = len(nodes)
    if n == 0:
        return {}, {}
    if not pairs:
        return {v: 1.0 / n for v in nodes}, _numbered([v] for v in nodes)
    if n > fast_above and (fast := _igraph_pagerank_and_leiden(nodes, pairs)) is not None:
        pagerank, groups = fast
        return pagerank, _numbered(groups)
    simple = _simple(nodes, pairs)
    pagerank = nx.pagerank(simple, weight="weight")
    return pagerank, _numbered(louvain_communities(simple, weight="weight", seed=LOUVAIN_SEED))


def _igraph_pagerank_and_leiden(nodes: Sequence[str], pairs: Pairs) -> tuple[dict[str, float], list[list[str]]] | None:
    """PageRank and modularity communities computed by igraph's C core, for large networks.

    networkx's Louvain is pure Python (about 13 s at 50k edges). igraph's own
    Louvain (multilevel) still took 0.6–0.7 s on the 50k-edge benchmark network,
    whose modularity is low (many passes before it settles); Leiden with the
    modularity objective and :data:`LEIDEN_ITERATIONS` passes takes about a tenth
    of that and its partitions score at least as high (0.289 against networkx
    Louvain's 0.270 there; the tests hold it to networkx's within a tolerance).
    Both run on the same undirected, weight-summed view, seeded.
    """
    try:
        import igraph
    except ImportError:  # optional speed-up: networkx gives the same metrics, slower
        return None
    index = {v: i for i, v in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in pairs])
    weights = list(pairs.values())
    # igraph draws from one process-wide generator (Python's random by default):
    # seed it for these calls only, so the same network gets the same answer.
    with _IGRAPH_RNG:
        igraph.set_random_number_generator(random.Random(LOUVAIN_SEED))
        try:
            # ARPACK, not the default PRPACK: the same vector (to 1e-15 on the benchmark
            # network) in a steady 30 ms, where PRPACK took from 0.16 to 0.7 s; its start
            # vector is random, hence inside the seeded block
            ranks = g.pagerank(weights=weights, directed=False, implementation="arpack")
            parts = g.community_leiden(objective_function="modularity", weights=weights, n_iterations=LEIDEN_ITERATIONS)
        finally:
            igraph.set_random_number_generator(random)
    groups = [[nodes[i] for i in members] for members in parts]
    return dict(zip(nodes, ranks, strict=True)), groups


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
