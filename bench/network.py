"""Benchmark of the partner network: projection + metrics on a synthetic graph.

Run: ``.venv/bin/python -m bench.network`` (options: ``--edges``, ``--runs``,
``--metrics-edges``, ``--ranks-only``, ``--json FILE``). Not part of the test suite.

What it measures, each as the median of ``--runs`` runs:

1. **dtkg**: the two network queries on an in-memory Oxigraph store holding a
   synthetic graph in dtkg's shape (truthy triple + ``dtkg:Relation`` node +
   supporting claim per edge), projection into a MultiDiGraph, then every
   metric (:func:`graph.network.compute_metrics`).
2. **networkx alone**: the same edges handed to networkx as a Python list
   (no store, no SPARQL), then the same metrics. The ratio 1/2 is dtkg's
   overhead for reading the graph from RDF.
3. Projection + PageRank + communities of a ``--metrics-edges`` network from
   its query rows (issue 18's target: ≤ 1 s at 50k edges): dtkg builds the
   igraph graph from the merged rows (:func:`graph.network.ranks`); the
   baseline in the same run is the networkx path on the same rows.

The synthetic graph is seeded: entities get a preferential-attachment degree
distribution (a few hubs, many leaves), like a partner network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from graph import network, vocab
from graph.sparql import catalogue
from graph.store import OxigraphStore

DTKG = vocab.ONTOLOGY
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
PREDICATES = ["partnerRegion", "cooperatesWith", "exportsTo", "memberOf", "supervises"]
TYPES = ["Company", "Country", "Region", "Person", "GovernmentBody"]


def synthetic_edges(n_edges: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(subject, predicate, object) ids with a heavy-tailed degree distribution."""
    rng = random.Random(seed)
    n_nodes = max(10, n_edges // 5)
    ends: list[int] = [0, 1]
    edges: set[tuple[int, str, int]] = set()
    while len(edges) < n_edges:
        u = rng.randrange(n_nodes)
        v = rng.choice(ends) if rng.random() < 0.7 else rng.randrange(n_nodes)
        if u == v:
            continue
        edge = (u, PREDICATES[(u + v) % len(PREDICATES)], v)
        if edge not in edges:
            edges.add(edge)
            ends.extend((u, v))
    return [(f"e{u}", p, f"e{v}") for u, p, v in sorted(edges)]


def synthetic_store(edges: list[tuple[str, str, str]]) -> OxigraphStore:
    graph = ox.NamedNode(vocab.source_graph("synthetic"))
    onto = ox.NamedNode(vocab.ONTOLOGY_GRAPH)
    quads: list[ox.Quad] = [
        ox.Quad(ox.NamedNode(DTKG + p), RDF_TYPE, ox.NamedNode(DTKG + "RelationProperty"), onto) for p in PREDICATES
    ]
    nodes = sorted({s for s, _, _ in edges} | {o for _, _, o in edges})
    for i, node in enumerate(nodes):
        iri = ox.NamedNode(vocab.entity(node))
        quads.append(ox.Quad(iri, RDF_TYPE, ox.NamedNode(DTKG + TYPES[i % len(TYPES)]), graph))
        quads.append(ox.Quad(iri, LABEL, ox.Literal(f"Entity {node}", language="en"), graph))
    for i, (s, p, o) in enumerate(edges):
        subject, predicate, obj = ox.NamedNode(vocab.entity(s)), ox.NamedNode(DTKG + p), ox.NamedNode(vocab.entity(o))
        rel = ox.NamedNode(vocab.entity(f"rel-{i}"))
        quads += [
            ox.Quad(subject, predicate, obj, graph),
            ox.Quad(rel, RDF_TYPE, ox.NamedNode(DTKG + "Relation"), graph),
            ox.Quad(rel, ox.NamedNode(DTKG + "subject"), subject, graph),
            ox.Quad(rel, ox.NamedNode(DTKG + "relationType"), predicate, graph),
            ox.Quad(rel, ox.NamedNode(DTKG + "object"), obj, graph),
            ox.Quad(rel, ox.NamedNode(DTKG + "supportedBy"), ox.NamedNode(vocab.entity(f"claim-{i % 997}")), graph),
        ]
    store = OxigraphStore(None)
    store.replace_all(quads)
    return store


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def networkx_alone(edges: list[tuple[str, str, str]]) -> None:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for i, (s, p, o) in enumerate(edges):
        graph.add_edge(s, o, key=f"rel-{i}", relation=p, weight=1)
    network.compute_metrics(graph)


def run(n_edges: int, runs: int, metrics_edges: int) -> dict[str, Any]:
    import networkx as nx

    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · {platform.platform()}",
        "python": platform.python_version(),
        "networkx": nx.__version__,
        "pyoxigraph": ox.__version__,
        "runs": runs,
    }
    edges = synthetic_edges(n_edges)
    store = synthetic_store(edges)
    projected = network.load(store)
    report["graph"] = {"edges": projected.number_of_edges(), "nodes": projected.number_of_nodes(), "quads": store.count()}

    t_load, load_runs = median_time(lambda: network.load(store), runs)
    t_dtkg, dtkg_runs = median_time(lambda: network.compute_metrics(network.load(store)), runs)
    t_nx, nx_runs = median_time(lambda: networkx_alone(edges), runs)
    report["projection_s"] = round(t_load, 3)
    report["dtkg_projection_plus_metrics_s"] = round(t_dtkg, 3)
    report["networkx_alone_s"] = round(t_nx, 3)
    report["ratio_dtkg_to_networkx"] = round(t_dtkg / t_nx, 2)
    report["all_runs_s"] = {"projection": load_runs, "dtkg": dtkg_runs, "networkx": nx_runs}

    report.update(ranks_from_rows(metrics_edges, runs))
    store.close()
    return report


def networkx_ranks(edge_rows: list[Any]) -> tuple[dict[str, float], list[set[str]]]:
    """The networkx path, the reference: rows → networkx graph → undirected view → PageRank + Louvain."""
    import networkx as nx
    from networkx.algorithms.community import louvain_communities

    simple = network.undirected(network.project(edge_rows))
    return nx.pagerank(simple, weight="weight"), louvain_communities(simple, weight="weight", seed=network.LOUVAIN_SEED)


def via_networkx_graph(edge_rows: list[Any]) -> tuple[dict[str, float], dict[str, int]]:
    """The path before issue 18: rows → networkx graph → its weighted pairs → igraph (same algorithms)."""
    graph = network.project(edge_rows)
    return network.pagerank_and_communities(list(graph), network.weighted_pairs(graph.edges(data="weight", default=1)))


def ranks_from_rows(metrics_edges: int, runs: int) -> dict[str, Any]:
    """Issue 18 point 4: projection + PageRank + communities of a ``metrics_edges`` network, from its query rows.

    dtkg = :func:`graph.network.ranks` of :func:`graph.network.relations` (the
    igraph graph built from the merged rows); baseline = :func:`networkx_ranks`
    on the same rows, in the same run. Both start from the rows in memory; the
    query that yields them is timed apart. The answers are compared too: the
    largest PageRank difference and the modularity of both partitions.
    """
    import networkx as nx
    from networkx.algorithms.community import modularity

    store = synthetic_store(synthetic_edges(metrics_edges, seed=11))
    edges_query = catalogue.get("network-edges").text
    edge_rows = store.select(edges_query)
    t_query, _ = median_time(lambda: store.select(edges_query), runs)
    t_records, _ = median_time(lambda: network.relations(edge_rows), runs)
    t_ours, ours_runs = median_time(lambda: network.ranks(network.relations(edge_rows)), runs)
    t_via, _ = median_time(lambda: via_networkx_graph(edge_rows), runs)
    t_nx, nx_runs = median_time(lambda: networkx_ranks(edge_rows), runs)
    pagerank, community = network.ranks(network.relations(edge_rows))
    nx_pagerank, nx_groups = networkx_ranks(edge_rows)
    simple = network.undirected(network.project(edge_rows))
    groups: dict[int, set[str]] = {}
    for node, number in community.items():
        groups.setdefault(number, set()).add(node)
    store.close()
    return {
        "metrics_network": {"edges": simple.number_of_edges(), "nodes": simple.number_of_nodes(), "relations": len(network.relations(edge_rows))},
        "edge_query_s": round(t_query, 3),
        "rows_to_records_s": round(t_records, 3),
        "dtkg_ranks_from_rows_s": round(t_ours, 3),
        "networkx_ranks_from_rows_s": round(t_nx, 3),
        "igraph_via_networkx_graph_s": round(t_via, 3),
        "ratio_ranks_dtkg_to_networkx": round(t_ours / t_nx, 3),
        "target_1s_met": t_ours <= 1.0,
        "ranks_runs_s": {"dtkg": ours_runs, "networkx": nx_runs},
        "pagerank_max_abs_diff": max(abs(pagerank[v] - nx_pagerank[v]) for v in nx_pagerank),
        "modularity_dtkg": round(modularity(simple, groups.values(), weight="weight"), 4),
        "modularity_networkx": round(modularity(simple, nx_groups, weight="weight"), 4),
        "communities": {"dtkg": len(groups), "networkx": len(nx_groups)},
        "networkx": nx.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edges", type=int, default=100_000, help="edges of the projection benchmark (default 100000)")
    parser.add_argument("--metrics-edges", type=int, default=50_000, help="edges of the PageRank + Louvain benchmark (default 50000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    parser.add_argument("--json", dest="json_out", help="also write the report to this file")
    parser.add_argument("--ranks-only", action="store_true", help="only projection + PageRank + communities from the rows (part 3)")
    args = parser.parse_args()
    if args.ranks_only:
        report = ranks_from_rows(args.metrics_edges, max(1, args.runs))
    else:
        report = run(args.edges, max(1, args.runs), args.metrics_edges)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
