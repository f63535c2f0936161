"""/api/network over real HTTP, on the curated graph (tests/conftest.py ``live_server``)."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.server

ROSOBORONEXPORT_REGIONS = {
    "region-middle-east",
    "region-asia-pacific",
    "region-africa",
    "region-latin-america",
    "region-central-asia",
    "region-europe",
}


def get_json(server: LiveServer, path: str, **params: object) -> dict:
    with server.client() as client:
        response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_rosoboronexport_partner_regions(live_server: LiveServer) -> None:
    body = get_json(live_server, "/api/network", focus="rosoboronexport", relation="partnerRegion", format="cytoscape")
    targets = {e["data"]["target"] for e in body["elements"]["edges"] if e["data"]["source"] == "rosoboronexport"}
    assert targets == ROSOBORONEXPORT_REGIONS
    labels = {n["data"]["label"] for n in body["elements"]["nodes"]}
    assert labels == {"Rosoboronexport", "Middle East", "Asia-Pacific", "Africa", "Latin America", "Central Asia", "Europe"}


def test_rosoboronexport_stopped_cooperation_with_hostile_countries(live_server: LiveServer) -> None:
    body = get_json(live_server, "/api/network", focus="rosoboronexport")
    edges = {(e["source"], e["relation"], e["target"]) for e in body["edges"]}
    assert ("rosoboronexport", "dtkg:stoppedCooperationWith", "hostile-countries") in edges


def test_node_detail_gives_evidence_for_each_relation(live_server: LiveServer) -> None:
    body = get_json(live_server, "/api/network/nodes/rosoboronexport")
    regions = [r for r in body["relations"] if r["relation"] == "dtkg:partnerRegion"]
    assert {r["other"] for r in regions} == ROSOBORONEXPORT_REGIONS
    for rel in regions:
        assert [(e["speaker_label"], e["stated_on"]) for e in rel["evidence"]] == [("Mikheev", "--08-13")]
        assert "Middle East, the Asia-Pacific region, Africa, Latin America, Central Asia and Europe" in rel["evidence"][0]["text"]
        assert rel["evidence"][0]["document"] == "doc-rosoboronexport-backlog-interview"


def test_edge_detail(live_server: LiveServer) -> None:
    body = get_json(live_server, "/api/network/edges/rel-3cb9cbc82a61")
    assert (body["source"], body["relation"], body["target"]) == ("rosoboronexport", "dtkg:stoppedCooperationWith", "hostile-countries")
    assert [e["speaker"] for e in body["evidence"]] == ["mikheev"]
    assert "stopped cooperation with hostile countries" in body["evidence"][0]["text"]


@pytest.mark.parametrize(("as_of", "present"), [("2026-03-01", True), ("2025-12-31", False), ("2026", True)])
def test_as_of_on_the_russia_csto_chair(live_server: LiveServer, as_of: str, present: bool) -> None:
    body = get_json(live_server, "/api/network", focus="russia", as_of=as_of)
    chairs = {(e["source"], e["target"]) for e in body["edges"] if e["relation"] == "dtkg:chairs"}
    assert (("russia", "csto") in chairs) is present


def test_metrics_rank_rosoboronexport_first(live_server: LiveServer) -> None:
    body = get_json(live_server, "/api/network/metrics", top=3)
    assert {metric: rows[0]["id"] for metric, rows in body["top"].items()} == {
        "degree": "rosoboronexport",
        "weighted_degree": "rosoboronexport",
        "betweenness": "rosoboronexport",
        "pagerank": "rosoboronexport",
    }
    assert [len(rows) for rows in body["top"].values()] == [3, 3, 3, 3]


def test_super_node_cap_pages_neighbours(live_server: LiveServer) -> None:
    first = get_json(live_server, "/api/network", focus="rosoboronexport", limit=4)
    page = first["meta"]["truncated"]["rosoboronexport"]
    assert (page["neighbours"], page["shown"], page["rest"], page["next_offset"]) == (7, 4, 3, 4)
    second = get_json(live_server, "/api/network", focus="rosoboronexport", limit=4, neighbours_offset=4)
    seen = {n["id"] for n in first["nodes"]} | {n["id"] for n in second["nodes"]}
    assert seen == ROSOBORONEXPORT_REGIONS | {"rosoboronexport", "hostile-countries"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_downloads_read_back(live_server: LiveServer, fmt: str) -> None:
    with live_server.client() as client:
        response = client.get("/api/network", params={"format": fmt})
        whole = client.get("/api/network").json()
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(response.content))
    assert set(graph) == {n["id"] for n in whole["nodes"]}
    assert graph.number_of_edges() == len(whole["edges"])
    assert graph.nodes["rosoboronexport"]["label"] == "Rosoboronexport"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "2026-3"}, "as_of"),
        ({"depth": "-1"}, "depth"),
        ({"limit": "0"}, "limit"),
        ({"format": "dot"}, "format"),
        ({"relation": "sellsTo"}, "relation"),
        ({"type": "Spaceship"}, "type"),
        ({"neighbours_offset": "x"}, "neighbours_offset"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(live_server: LiveServer, params: dict[str, str], field: str) -> None:
    with live_server.client() as client:
        response = client.get("/api/network", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize("path", ["/api/network?focus=nobody", "/api/network/nodes/nobody", "/api/network/edges/rel-nothing"])
def test_unknown_focus_is_404(live_server: LiveServer, path: str) -> None:
    with live_server.client() as client:
        response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "nobody" in response.json()["detail"] or "rel-nothing" in response.json()["detail"]


def test_network_page_is_served(live_server: LiveServer) -> None:
    with live_server.client() as client:
        response = client.get("/network")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="nw-cy"' in response.text


def test_json_is_node_link(live_server: LiveServer) -> None:
    body = get_json(live_server, "/api/network")
    graph = nx.node_link_graph({k: v for k, v in body.items() if k != "meta"}, edges="edges")
    assert graph.is_directed() and graph.is_multigraph()
    assert body["meta"]["nodes"] == graph.number_of_nodes()
    json.dumps(body)


def test_undated_ties_are_counted_and_can_be_hidden(live_server: LiveServer) -> None:
    shown = get_json(live_server, "/api/network", as_of="2025")
    hidden = get_json(live_server, "/api/network", as_of="2025", undated="hide")
    undated = {e["id"] for e in shown["edges"] if e["undated"]}
    assert undated and shown["meta"]["undated_included"] == len(undated)
    assert hidden["meta"]["undated_hidden"] == len(undated) and hidden["meta"]["undated_included"] == 0
    assert {e["id"] for e in hidden["edges"]} == {e["id"] for e in shown["edges"]} - undated


def test_gexf_is_dynamic_with_each_relations_validity(live_server: LiveServer) -> None:
    from xml.etree import ElementTree

    with live_server.client() as client:
        body = client.get("/api/network", params={"format": "gexf"}).content
        edges = {e["id"]: e for e in client.get("/api/network").json()["edges"]}
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ElementTree.fromstring(body)
    graph = root.find("g:graph", ns)
    assert graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    key_attr = next(a.get("id") for a in root.iter("{http://www.gexf.net/1.2draft}attribute") if a.get("title") == "networkx_key")
    timed = {}
    for edge in root.iter("{http://www.gexf.net/1.2draft}edge"):
        key = next(v.get("value") for v in edge.iter("{http://www.gexf.net/1.2draft}attvalue") if v.get("for") == key_attr)
        timed[key] = (edge.get("start"), edge.get("end"))
    chair = next(k for k, e in edges.items() if e["relation"] == "dtkg:chairs" and e["valid_from"])
    assert timed[chair][0] == "2026-01-01" if edges[chair]["valid_from"] == "2026-01" else timed[chair][0]
    assert all(timed[k] == (None, None) for k, e in edges.items() if e["undated"])
    assert any(start for start, _ in timed.values())


@pytest.mark.parametrize("entity", ["mikheev", "mtc-commission", "federal-project-mtc-2026-2028"])
def test_an_entity_in_no_relation_is_a_lone_node_with_its_claims(live_server: LiveServer, entity: str) -> None:
    """Issue 17 point 5: "show in the network" never ends in 404 for an entity the graph knows."""
    view = get_json(live_server, "/api/network", focus=entity, format="cytoscape")
    assert [n["data"]["id"] for n in view["elements"]["nodes"]] == [entity]
    assert view["elements"]["edges"] == []
    assert view["elements"]["nodes"][0]["data"]["alone"] is True
    assert view["meta"]["alone"] is True
    node = get_json(live_server, f"/api/network/nodes/{entity}")
    assert (node["id"], node["alone"], node["relations"]) == (entity, True, [])
    with live_server.client() as client:
        said = client.get("/api/claims", params={"speaker": entity, "limit": 200}).json()["items"]
        about = client.get("/api/claims", params={"about": entity, "limit": 200}).json()["items"]
    assert {c["claim"] for c in node["claims"]} == {c["id"] for c in said} | {c["id"] for c in about}
    assert all(c["text"] and c["document"] and c["role"] in ("speaker", "about") for c in node["claims"])


def test_mikheev_lone_node_lists_what_he_said(live_server: LiveServer) -> None:
    node = get_json(live_server, "/api/network/nodes/mikheev")
    assert node["label"] == "Mikheev" and node["type"] == "dtkg:Person"
    backlog = next(c for c in node["claims"] if "order backlog" in c["text"])
    assert (backlog["speaker"], backlog["role"], backlog["stated_on_text"]) == ("mikheev", "speaker", "13 November (year not stated)")
