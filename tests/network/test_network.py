"""graph.network: projection, filters, as_of, metrics and exports on the tiny network."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx
import pytest

from graph import network
from graph.errors import InvalidParameter, NotFound
from graph.store import OxigraphStore


@pytest.fixture
def net(tiny_store: OxigraphStore) -> network.Network:
    return network.Network.from_store(tiny_store)


def edge_set(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in graph.edges(keys=True)}


# ---- projection ----------------------------------------------------------------


def test_nodes_are_the_entities_at_the_ends_of_relation_edges(net: network.Network) -> None:
    assert sorted(net.graph) == ["a", "b", "c", "hub", "r1", "r2", "r3"]


def test_edges_are_the_relations_keyed_by_relation_node(net: network.Network) -> None:
    assert edge_set(net.graph) == {
        ("hub", "r1", "rel-h1"),
        ("hub", "r2", "rel-h2"),
        ("hub", "r3", "rel-h3"),
        ("a", "b", "rel-ab"),
        ("b", "c", "rel-bc"),
    }


@pytest.mark.parametrize(
    ("node", "attrs"),
    [
        ("hub", {"label": "Hub Export", "type": "dtkg:StateIntermediary", "types": "dtkg:StateIntermediary", "m49": ""}),
        ("r1", {"label": "Region One", "type": "dtkg:Region", "m49": "002"}),
        ("c", {"label": "c", "type": "dtkg:Country"}),
    ],
)
def test_node_attributes(net: network.Network, node: str, attrs: dict[str, Any]) -> None:
    assert {k: net.graph.nodes[node][k] for k in attrs} == attrs


@pytest.mark.parametrize(
    ("key", "attrs"),
    [
        ("rel-h1", {"relation": "dtkg:partnerRegion", "relation_label": "has partners in region", "claims": "claim-1 claim-2", "weight": 2, "undated": True, "valid_from": "", "valid_to": ""}),
        ("rel-h2", {"claims": "claim-1", "weight": 1, "undated": True, "valid_from": "--08-13"}),
        ("rel-h3", {"undated": False, "valid_to": "2025"}),
        ("rel-bc", {"relation": "dtkg:cooperatesWith", "undated": False, "valid_from": "2026-01", "valid_to": ""}),
    ],
)
def test_edge_attributes(net: network.Network, key: str, attrs: dict[str, Any]) -> None:
    data = next(d for *_, k, d in net.graph.edges(keys=True, data=True) if k == key)
    assert {k: data[k] for k in attrs} == attrs


def test_rows_of_one_relation_merge_into_one_edge() -> None:
    import pyoxigraph as ox

    row = {"subject": ox.NamedNode("https://w3id.org/dtkg/id/x"), "predicate": ox.NamedNode("https://w3id.org/dtkg/ontology#exportsTo"),
           "object": ox.NamedNode("https://w3id.org/dtkg/id/y"), "relation": ox.NamedNode("https://w3id.org/dtkg/id/rel-xy")}
    rows = [{**row, "claim": ox.NamedNode(f"https://w3id.org/dtkg/id/claim-{i}")} for i in (1, 2, 2)]
    graph = network.project(rows)
    assert [(u, v, k, d["claims"], d["weight"]) for u, v, k, d in graph.edges(keys=True, data=True)] == [
        ("x", "y", "rel-xy", "claim-1 claim-2", 2)
    ]


# ---- filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "edges", "undated"),
    [
        (None, {"rel-h1", "rel-h2", "rel-h3", "rel-ab", "rel-bc"}, 3),
        ("2026-03-01", {"rel-h1", "rel-h2", "rel-ab", "rel-bc"}, 3),
        ("2025-12-31", {"rel-h1", "rel-h2", "rel-h3", "rel-ab"}, 3),
        ("2026", {"rel-h1", "rel-h2", "rel-ab", "rel-bc"}, 3),
    ],
)
def test_as_of_keeps_relations_valid_then_and_every_undated_one(net: network.Network, as_of: str | None, edges: set[str], undated: int) -> None:
    graph, notes, _ = net.filtered(network.Filters.of(as_of=as_of))
    assert {k for *_, k in graph.edges(keys=True)} == edges
    assert notes["undated_included"] == undated


@pytest.mark.parametrize(
    ("relations", "types", "edges"),
    [
        (["partnerRegion"], [], {"rel-h1", "rel-h2", "rel-h3"}),
        (["dtkg:cooperatesWith"], [], {"rel-ab", "rel-bc"}),
        (["https://w3id.org/dtkg/ontology#cooperatesWith"], [], {"rel-ab", "rel-bc"}),
        ([], ["Country"], {"rel-ab", "rel-bc"}),
        ([], ["Company", "Region"], {"rel-h1", "rel-h2", "rel-h3"}),
        ([], ["Region"], set()),
        (["partnerRegion"], ["Country"], set()),
    ],
)
def test_relation_and_type_filters(net: network.Network, relations: list[str], types: list[str], edges: set[str]) -> None:
    graph, _, _ = net.filtered(network.Filters.of(relations, types))
    assert {k for *_, k in graph.edges(keys=True)} == edges


@pytest.mark.parametrize(("relations", "types", "field"), [(["exportsTo"], [], "relation"), ([], ["Meeting"], "type")])
def test_unknown_filter_values_name_the_field(net: network.Network, relations: list[str], types: list[str], field: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        net.filtered(network.Filters.of(relations, types))
    assert caught.value.field == field


# ---- ego networks and caps -------------------------------------------------------


@pytest.mark.parametrize(
    ("focus", "depth", "nodes"),
    [
        ("hub", 1, {"hub", "r1", "r2", "r3"}),
        ("r1", 1, {"r1", "hub"}),
        ("r1", 2, {"r1", "hub", "r2", "r3"}),
        ("a", 1, {"a", "b"}),
        ("a", 2, {"a", "b", "c"}),
        ("a", 0, {"a"}),
    ],
)
def test_ego_network(net: network.Network, focus: str, depth: int, nodes: set[str]) -> None:
    assert set(net.view(focus=focus, depth=depth).graph) == nodes


def test_unknown_focus_is_not_found(net: network.Network) -> None:
    with pytest.raises(NotFound):
        net.view(focus="nobody")


def test_super_node_shows_heaviest_neighbours_first_and_pages_the_rest(net: network.Network) -> None:
    first = net.view(focus="hub", limit=2)
    assert set(first.graph) == {"hub", "r1", "r2"}  # r1 has weight 2; r2 wins the tie with r3 by id
    assert first.meta["truncated"]["hub"] == {"neighbours": 3, "shown": 2, "offset": 0, "rest": 1, "next_offset": 2}
    second = net.view(focus="hub", limit=2, neighbours_offset=2)
    assert set(second.graph) == {"hub", "r3"}
    assert second.meta["truncated"]["hub"]["next_offset"] is None


def test_cap_without_focus_drops_edges_beyond_the_limit(net: network.Network) -> None:
    view = net.view(limit=2)
    assert "rel-h3" not in {k for *_, k in view.graph.edges(keys=True)}
    assert "r3" not in view.graph
    assert set(view.meta["truncated"]) == {"hub"}


# ---- metrics -------------------------------------------------------------------


@pytest.fixture
def metrics(net: network.Network) -> dict[str, dict[str, float | int]]:
    return net.metrics()


@pytest.mark.parametrize(
    ("node", "metric", "value"),
    [
        ("hub", "degree", 3),
        ("r1", "degree", 1),
        ("b", "degree", 2),
        ("hub", "weighted_degree", 4.0),
        ("r1", "weighted_degree", 2.0),
        ("hub", "betweenness", 3 / 15),
        ("b", "betweenness", 1 / 15),
        ("a", "betweenness", 0.0),
        ("hub", "component", 0),
        ("a", "component", 1),
    ],
)
def test_metric_values(metrics: dict[str, dict[str, float | int]], node: str, metric: str, value: float) -> None:
    assert metrics[node][metric] == pytest.approx(value)


def test_pagerank_sums_to_one_and_ranks_the_hub_first(net: network.Network, metrics: dict[str, dict[str, float | int]]) -> None:
    assert sum(m["pagerank"] for m in metrics.values()) == pytest.approx(1.0)
    assert network.top_nodes(net.graph, metrics, 1)["pagerank"][0]["id"] == "hub"


def test_louvain_finds_the_star_and_the_path(metrics: dict[str, dict[str, float | int]]) -> None:
    groups: dict[int, set[str]] = {}
    for node, m in metrics.items():
        groups.setdefault(int(m["community"]), set()).add(node)
    assert groups == {0: {"hub", "r1", "r2", "r3"}, 1: {"a", "b", "c"}}


def test_metrics_are_computed_once_per_filter_set(net: network.Network) -> None:
    assert net.metrics() is net.metrics()
    assert net.metrics(network.Filters.of(["partnerRegion"])) is net.metrics(network.Filters.of(["dtkg:partnerRegion"]))


def test_cache_rebuilds_when_the_store_changes(tiny_store: OxigraphStore) -> None:
    import pyoxigraph as ox

    cache = network.NetworkCache()
    first = cache.get(tiny_store)
    assert cache.get(tiny_store) is first
    ns = "https://w3id.org/dtkg/"
    g = ox.NamedNode(ns + "graph/change/1")
    tiny_store.apply([], [ox.Quad(ox.NamedNode(ns + "id/c"), ox.NamedNode(ns + "ontology#cooperatesWith"), ox.NamedNode(ns + "id/a"), g)])
    second = cache.get(tiny_store)
    assert second is not first
    assert ("c", "a") in {(u, v) for u, v, _ in second.graph.edges(keys=True)}


# ---- evidence ------------------------------------------------------------------


def test_edge_detail_carries_the_evidence(net: network.Network) -> None:
    detail = net.edge_detail("rel-h2")
    assert (detail["source"], detail["target"], detail["claims"]) == ("hub", "r2", ["claim-1"])
    assert [(e["claim"], e["text"], e["speaker_label"], e["stated_on"], e["document_title"], e["start"], e["end"], e["kinds"]) for e in detail["evidence"]] == [
        ("claim-1", "Hub works with all three regions", "Speaker Person", "2026-02-01", "Tiny source", 0, 32, ["dtkg:DirectQuote"])
    ]


def test_node_detail_lists_every_relation(net: network.Network) -> None:
    detail = net.node_detail("b")
    assert [(r["id"], r["direction"], r["other"]) for r in detail["relations"]] == [("rel-ab", "in", "a"), ("rel-bc", "out", "c")]


# ---- exports -------------------------------------------------------------------


def public_nodes(net: network.Network) -> dict[str, dict[str, Any]]:
    m = net.metrics()
    return {v: {**{k: x for k, x in d.items() if not k.startswith("_")}, **m[v]} for v, d in net.graph.nodes(data=True)}


def public_edges(net: network.Network) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): {a: x for a, x in d.items() if not a.startswith("_")} for u, v, k, d in net.graph.edges(keys=True, data=True)}


def normalised(graph: nx.Graph) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str], dict[str, Any]]]:
    """Read-back graphs: GEXF keeps ids in 'id' (or networkx_key) and weights as floats."""
    edges = {}
    triples = graph.edges(keys=True, data=True) if graph.is_multigraph() else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, k, d in triples:
        data = dict(d)
        key = data.pop("networkx_key", None) or data.get("id") or k
        data["id"] = key
        data["weight"] = float(data["weight"])
        edges[(u, v, key)] = data
    return {v: dict(d) for v, d in graph.nodes(data=True)}, edges


def with_float_weight(edges: dict[tuple[str, str, str], dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {k: {**d, "weight": float(d["weight"])} for k, d in edges.items()}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_read_back_equal_the_projection(net: network.Network, fmt: str) -> None:
    data = network.export(net.graph, net.metrics(), fmt)
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    else:
        back = nx.read_gexf(io.BytesIO(data))
    nodes, edges = normalised(back)
    assert nodes == public_nodes(net)
    assert edges == with_float_weight(public_edges(net))


def test_node_link_json_reads_back_equal(net: network.Network) -> None:
    body = json.loads(network.export(net.graph, net.metrics(), "json", {"k": 1}))
    assert body["meta"] == {"k": 1}
    back = nx.node_link_graph({k: v for k, v in body.items() if k != "meta"}, edges="edges")
    assert dict(back.nodes(data=True)) == public_nodes(net)
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == public_edges(net)


def test_cytoscape_json_has_elements_with_edge_ids(net: network.Network) -> None:
    body = json.loads(network.export(net.graph, net.metrics(), "cytoscape"))
    nodes = {n["data"]["id"]: n["data"] for n in body["elements"]["nodes"]}
    edges = {e["data"]["id"]: e["data"] for e in body["elements"]["edges"]}
    assert set(nodes) == set(net.graph)
    assert {k: (d["source"], d["target"]) for k, d in edges.items()} == {k: (u, v) for u, v, k in edge_set(net.graph)}
    assert nodes["hub"]["pagerank"] == net.metrics()["hub"]["pagerank"]


def test_metrics_csv(net: network.Network) -> None:
    rows = list(csv.DictReader(io.StringIO(network.export(net.graph, net.metrics(), "csv").decode())))
    assert [r["id"] for r in rows] == sorted(net.graph)
    hub = next(r for r in rows if r["id"] == "hub")
    assert (hub["label"], hub["type"], int(hub["degree"]), float(hub["betweenness"])) == ("Hub Export", "dtkg:StateIntermediary", 3, pytest.approx(0.2))


def test_unknown_format_names_the_field(net: network.Network) -> None:
    with pytest.raises(InvalidParameter) as caught:
        network.export(net.graph, net.metrics(), "dot")
    assert caught.value.field == "format"
