"""No query makes the server connect anywhere: a loopback canary must see zero connections."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import LiveServer
from tests.sparql.conftest import Canary

QUERY_CASES = {
    "service": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "service-silent-in-optional": "SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
    "service-variable": "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "service-in-subquery": "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }} }} }}",
    "from": "SELECT * FROM <{url}x> WHERE {{ ?s ?p ?o }}",
    "from-named": "SELECT * FROM NAMED <{url}x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "load-as-query": "LOAD <{url}x>",
}


@pytest.mark.server
@pytest.mark.parametrize("case", sorted(QUERY_CASES))
def test_queries_reaching_out_are_refused(live_server: LiveServer, canary: Canary, case: str) -> None:
    query = QUERY_CASES[case].format(url=canary.url)
    with live_server.client() as client:
        response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    time.sleep(0.2)  # a connection attempt, had there been one, has landed by now
    assert canary.connections == []


@pytest.mark.server
@pytest.mark.parametrize("direct", [False, True], ids=["form", "direct"])
def test_load_updates_are_refused(live_server: LiveServer, canary: Canary, direct: bool) -> None:
    update = f"LOAD <{canary.url}x> INTO GRAPH <urn:x>"
    with live_server.client() as client:
        if direct:
            response = client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
        else:
            response = client.post("/sparql", data={"update": update})
    assert response.status_code == 403
    time.sleep(0.2)
    assert canary.connections == []


@pytest.mark.server
def test_protocol_graph_names_are_looked_up_never_fetched(live_server: LiveServer, canary: Canary) -> None:
    with live_server.client() as client:
        response = client.get(
            "/sparql",
            params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": canary.url + "d", "named-graph-uri": canary.url + "n"},
        )
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []  # no such stored graph: empty, not downloaded
    time.sleep(0.2)
    assert canary.connections == []


def test_canary_counts_connections(canary: Canary) -> None:
    """The canary itself works: otherwise 'zero connections' above would prove nothing."""
    with pytest.raises(httpx.HTTPError):
        httpx.get(canary.url, timeout=2)
    deadline = time.monotonic() + 5
    while not canary.connections and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(canary.connections) == 1
