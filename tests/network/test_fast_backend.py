"""Large networks take PageRank and communities from igraph; the answers agree with networkx."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from networkx.algorithms.community import modularity

from graph import network

pytest.importorskip("igraph")


@pytest.fixture(scope="module")
def large() -> nx.MultiDiGraph:
    """A seeded preferential-attachment network just over the fast-backend threshold."""
    rng = random.Random(7)
    base = nx.barabasi_albert_graph(network.FAST_BACKEND_ABOVE + 500, 2, seed=7)
    graph = nx.MultiDiGraph()
    for node in base:
        graph.add_node(f"n{node}", label=f"n{node}", type="dtkg:Company")
    for a, b in base.edges():
        graph.add_edge(f"n{a}", f"n{b}", weight=rng.choice([1, 1, 2, 3]))
    return graph


def test_pagerank_matches_networkx(large: nx.MultiDiGraph) -> None:
    metrics = network.compute_metrics(large)
    reference = nx.pagerank(network.undirected(large), weight="weight")
    assert sum(m["pagerank"] for m in metrics.values()) == pytest.approx(1.0)
    for node, value in reference.items():
        assert metrics[node]["pagerank"] == pytest.approx(value, abs=1e-5)


def test_communities_partition_the_network_as_well_as_networkx(large: nx.MultiDiGraph) -> None:
    metrics = network.compute_metrics(large)
    simple = network.undirected(large)
    groups: dict[int, set[str]] = {}
    for node, m in metrics.items():
        groups.setdefault(int(m["community"]), set()).add(node)
    assert set().union(*groups.values()) == set(large)
    ours = modularity(simple, groups.values(), weight="weight")
    theirs = modularity(simple, nx.community.louvain_communities(simple, weight="weight", seed=network.LOUVAIN_SEED), weight="weight")
    assert ours == pytest.approx(theirs, abs=0.03)


def test_fast_backend_is_deterministic(large: nx.MultiDiGraph) -> None:
    first = network.compute_metrics(large)
    second = network.compute_metrics(large)
    assert {n: m["community"] for n, m in first.items()} == {n: m["community"] for n, m in second.items()}
