"""PageRank and communities built in igraph straight from the query rows agree with networkx.

Issue 18 point 4: the igraph graph comes from the merged edge-query rows
(:func:`graph.network.ranks`), not from the networkx graph. Checked on the
corpus network (igraph forced: it is below the size where dtkg switches) and
on a seeded synthetic network above that size, against networkx's PageRank and
Louvain on the projected graph.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.community import modularity

from bench.network import synthetic_edges, synthetic_store
from graph import network
from graph.sparql import catalogue
from graph.store import OxigraphStore

pytest.importorskip("igraph")

PAGERANK_TOLERANCE = 1e-5
"""igraph (PRPACK, solved exactly) against networkx's power iteration (stopped at tol=1e-6 per node)."""
MODULARITY_TOLERANCE = 0.03
"""igraph's Leiden against networkx's Louvain, both seeded: partitions differ, igraph's must not score worse."""


def edge_rows(store: OxigraphStore) -> list[Any]:
    return store.select(catalogue.get("network-edges").text)


@pytest.fixture(scope="module")
def synthetic_rows() -> Iterator[list[Any]]:
    """A seeded preferential-attachment network in dtkg's shape, above :data:`~graph.network.FAST_BACKEND_ABOVE` nodes."""
    store = synthetic_store(synthetic_edges(network.FAST_BACKEND_ABOVE * 6, seed=3))
    yield edge_rows(store)
    store.close()


def communities(numbers: Mapping[str, int]) -> list[set[str]]:
    groups: dict[int, set[str]] = {}
    for node, number in numbers.items():
        groups.setdefault(number, set()).add(node)
    return list(groups.values())


def assert_agrees_with_networkx(rows: list[Any], *, fast_above: int) -> None:
    pagerank, community = network.ranks(network.relations(rows), fast_above=fast_above)
    simple = network.undirected(network.project(rows))
    assert simple.number_of_nodes() > fast_above  # the igraph path really ran
    reference = nx.pagerank(simple, weight="weight")
    assert set(pagerank) == set(reference) == set(community)
    assert sum(pagerank.values()) == pytest.approx(1.0)
    assert max(abs(pagerank[v] - reference[v]) for v in reference) < PAGERANK_TOLERANCE
    ours = modularity(simple, communities(community), weight="weight")
    theirs = modularity(simple, nx.community.louvain_communities(simple, weight="weight", seed=network.LOUVAIN_SEED), weight="weight")
    assert ours >= theirs - MODULARITY_TOLERANCE


def test_corpus_network_from_rows_agrees_with_networkx(built_store: OxigraphStore) -> None:
    assert_agrees_with_networkx(edge_rows(built_store), fast_above=0)


def test_synthetic_network_from_rows_agrees_with_networkx(synthetic_rows: list[Any]) -> None:
    assert_agrees_with_networkx(synthetic_rows, fast_above=network.FAST_BACKEND_ABOVE)


@pytest.mark.parametrize("fast_above", [0, network.FAST_BACKEND_ABOVE])
def test_rows_and_projected_graph_give_the_same_ranks(built_store: OxigraphStore, fast_above: int) -> None:
    """The ranks a Network precomputes from the rows are the ones its metrics would compute from the graph."""
    rows = edge_rows(built_store)
    graph = network.project(rows)
    pairs = network.weighted_pairs(graph.edges(data="weight", default=1))
    assert network.ranks(network.relations(rows), fast_above=fast_above) == network.pagerank_and_communities(list(graph), pairs, fast_above=fast_above)


def test_network_metrics_use_the_ranks_from_the_rows(built_store: OxigraphStore) -> None:
    net = network.Network.from_store(built_store)
    pagerank, community = network.ranks(network.relations(edge_rows(built_store)))
    metrics = net.metrics()
    assert {v: m["pagerank"] for v, m in metrics.items()} == pagerank
    assert {v: m["community"] for v, m in metrics.items()} == community
    assert metrics == network.compute_metrics(net.graph)


def test_rows_read_by_position_merge_like_rows_read_by_name(built_store: OxigraphStore) -> None:
    """``relations`` reads Store.select's rows by position; plain mappings by name give the same records."""
    rows = edge_rows(built_store)
    by_name = [{name: row[name] for name in rows.variables if row[name] is not None} for row in rows]
    assert len(rows) > 0
    assert network.relations(rows) == network.relations(by_name)
