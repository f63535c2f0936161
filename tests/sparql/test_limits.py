"""Limits over real HTTP: result cap, query timeout, request size, nesting depth (server with tight limits)."""

from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import LiveServer

ALL = "SELECT * WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def raw_request(server: LiveServer, head: str, body_parts: list[bytes]) -> bytes:
    """Send ``head`` and some body bytes on a raw socket, then read whatever the server answers."""
    url = urlsplit(server.url)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(head.encode())
        for part in body_parts:
            sock.sendall(part)
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            chunks.append(data)
            if b"\r\n\r\n" in b"".join(chunks) and b"}" in data:
                break
        return b"".join(chunks)


def status_of(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1])


@pytest.mark.server
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_select_is_capped_and_says_so(tight_server: LiveServer, accept: str) -> None:
    with tight_server.client() as client:
        response = client.get("/sparql", params={"query": ALL}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["X-DTKG-Truncated"] == "true"
    assert response.headers["X-DTKG-Result-Limit"] == "5"
    if accept == "text/csv":
        assert len(response.text.strip().split("\r\n")) == 1 + 5
    else:
        body = response.json()
        assert len(body["results"]["bindings"]) == 5
        assert body["dtkg"] == {"truncated": True, "result_limit": 5}


@pytest.mark.server
def test_construct_is_capped_and_says_so(tight_server: LiveServer) -> None:
    import pyoxigraph as ox

    with tight_server.client() as client:
        response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert response.headers["X-DTKG-Truncated"] == "true"
    assert len(list(ox.parse(response.content, ox.RdfFormat.N_TRIPLES))) == 5


@pytest.mark.server
def test_small_answers_are_not_flagged(tight_server: LiveServer) -> None:
    with tight_server.client() as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert (response.headers["X-DTKG-Truncated"], response.json()["dtkg"]["truncated"]) == ("false", False)


@pytest.mark.server
@pytest.mark.slow
def test_timeout_is_a_503_and_others_keep_being_answered(tight_server: LiveServer) -> None:
    results: dict[str, httpx.Response] = {}

    def heavy() -> None:
        with tight_server.client() as client:
            results["heavy"] = client.get("/sparql", params={"query": CARTESIAN})

    thread = threading.Thread(target=heavy)
    thread.start()
    with tight_server.client() as client:
        while thread.is_alive() and "cheap" not in results:  # a cheap query while the heavy one runs
            results["cheap"] = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        thread.join()
        after = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert results["cheap"].status_code == 200 and results["cheap"].json()["boolean"] is True
    heavy_response = results["heavy"]
    assert heavy_response.status_code == 503
    assert heavy_response.headers["content-type"].startswith("application/problem+json")
    assert "longer than 2 s" in heavy_response.json()["detail"]
    assert after.status_code == 200 and after.json()["boolean"] is True


@pytest.mark.server
def test_declared_oversize_body_is_refused_before_it_is_sent(tight_server: LiveServer) -> None:
    head = (
        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        "Content-Length: 10000000\r\nConnection: close\r\n\r\n"
    )
    raw = raw_request(tight_server, head, [b"ASK {"])  # 5 of 10,000,000 bytes sent
    assert status_of(raw) == 413
    assert b"DTKG_MAX_QUERY_BYTES" in raw


@pytest.mark.server
def test_chunked_body_is_counted_while_streaming(tight_server: LiveServer) -> None:
    head = "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    chunk = b"#" * 1000 + b"\n"
    parts = [f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(6)]  # 6 KB > 4 KB, never terminated
    raw = raw_request(tight_server, head, parts)
    assert status_of(raw) == 413


@pytest.mark.server
def test_body_at_the_limit_is_accepted(tight_server: LiveServer) -> None:
    query = "ASK {}" + " " * (4096 - len("ASK {}"))
    with tight_server.client() as client:
        response = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 200


@pytest.mark.server
@pytest.mark.parametrize("opener", ["{", "("])
def test_ten_thousand_nested_groups_are_a_400(live_server: LiveServer, opener: str) -> None:
    inner = "{" * 10_000 + "}" * 10_000 if opener == "{" else "FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ")"
    with live_server.client() as client:
        response = client.post("/sparql", content=f"SELECT * WHERE {{ {inner} }}", headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 400, response.text
        assert "deep" in response.json()["detail"]
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
