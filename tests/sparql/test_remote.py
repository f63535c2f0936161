"""/sparql in front of a remote store (``DTKG_ENDPOINT`` = a real ``oxigraph serve``): same gate, limits, formats."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import RemoteStore
from tests.conftest import LiveServer, ServerFactory, oxigraph_server_at
from tests.sparql.conftest import Canary

G = ox.NamedNode("https://w3id.org/dtkg/graph/source/remote-test")
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"


@pytest.fixture
def remote_endpoint(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server_at(tmp_path / "remote") as url:
        remote = RemoteStore(url)
        quads = [ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)), G) for i in range(30)]
        remote.apply([], quads)
        remote.close()
        yield url


@pytest.fixture
def remote_server(start_server: ServerFactory, remote_endpoint: str) -> LiveServer:
    return start_server({"DTKG_ENDPOINT": remote_endpoint, "DTKG_WRITE_TOKEN": "", "DTKG_RESULT_LIMIT": "5", "DTKG_QUERY_TIMEOUT": "2"})


@pytest.mark.server
def test_remote_select_construct_ask(remote_server: LiveServer) -> None:
    with remote_server.client() as client:
        select = client.get("/sparql", params={"query": f"SELECT * WHERE {{ GRAPH <{G.value}> {{ ?s ?p ?o }} }}"})
        construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
        ask = client.post("/sparql", data={"query": "ASK { ?s <http://example.org/p> \"7\" }"})
    assert len(select.json()["results"]["bindings"]) == 5 and select.headers["X-DTKG-Truncated"] == "true"
    assert len(list(ox.parse(construct.content, ox.RdfFormat.N_TRIPLES))) == 5
    assert ask.json()["boolean"] is True


@pytest.mark.server
def test_remote_service_is_refused_before_the_store(remote_server: LiveServer, canary: Canary) -> None:
    with remote_server.client() as client:
        response = client.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"})
    assert response.status_code == 400
    time.sleep(0.2)
    assert canary.connections == []


@pytest.mark.server
@pytest.mark.slow
def test_remote_timeout_is_a_503(remote_server: LiveServer) -> None:
    with remote_server.client() as client:
        response = client.get("/sparql", params={"query": CARTESIAN})
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
