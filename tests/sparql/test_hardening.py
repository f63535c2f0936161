"""Limits a hostile client meets (issue 12, faults 3 memory, 10 and 11), on one real server with tight settings.

Settings: a 1 s header and body deadline, an answer cap of 2,000 bytes, a
public URL, and query workers capped at 1,400 MiB of address space (a worker
reserves about 1 GiB before it runs anything, so a real query has ~400 MiB).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.servers import LiveServer, dtkg_server

pytestmark = pytest.mark.server

SETTINGS = {
    "DTKG_HEADER_TIMEOUT": "1",
    "DTKG_BODY_TIMEOUT": "1",
    "DTKG_MAX_ANSWER_BYTES": "2000",
    "DTKG_PUBLIC_URL": "https://dtkg.example.org",
    "DTKG_WORKER_MEMORY": "1400",
    "DTKG_QUERY_TIMEOUT": "30",
}


@pytest.fixture(scope="module")
def server(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {"DTKG_STORE": str(built_store_path), "DTKG_ENDPOINT": "", "DTKG_WRITE_TOKEN": "", **SETTINGS}
    with dtkg_server(env, log=tmp_path_factory.mktemp("hardening") / "server.log") as started:
        yield started


def port_of(server: LiveServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


def test_health_names_the_store_without_its_path(server: LiveServer, built_store_path: Path) -> None:
    with server.client() as client:
        store = client.get("/health").json()["store"]
    assert str(built_store_path) not in store and "/" not in store
    assert built_store_path.name in store


def test_service_description_uses_the_public_url_not_the_host_header(server: LiveServer) -> None:
    with server.client() as client:
        text = client.get("/sparql", headers={"Accept": "text/turtle", "Host": "evil.example:666"}).text
    assert "evil.example" not in text
    assert "https://dtkg.example.org/sparql" in text


def test_answers_are_capped_in_bytes(server: LiveServer) -> None:
    query = 'SELECT ?big WHERE { VALUES ?n { 1 2 3 } BIND(CONCAT(STR(?n), "' + "x" * 1500 + '") AS ?big) }'
    with server.client() as client:
        response = client.post("/sparql", data={"query": query})
    assert response.status_code == 200
    assert response.headers["x-dtkg-truncated"] == "true"
    assert int(response.headers["x-dtkg-result-count"]) == 1
    assert len(response.content) < 4000


def test_order_by_over_a_cross_product_hits_the_memory_limit(server: LiveServer) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    with server.client() as client:
        response = client.post("/sparql", data={"query": query})
        assert response.status_code == 503, response.text[:300]
        assert "MiB of memory" in response.json()["detail"]
        # the worker was replaced: the next query is answered
        assert client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_headers_trickled_past_the_deadline_close_the_connection(server: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed by the server, nothing answered
        assert time.monotonic() - started < 8


def test_headers_past_the_size_cap_are_a_400_and_close_the_connection(server: LiveServer) -> None:
    pad = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 1000) for i in range(20))  # 20 KiB, past HEADER_BYTES
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + pad)
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
    assert b"connection: close" in reply.lower()


def test_headers_just_under_the_size_cap_are_answered(server: LiveServer) -> None:
    pad = {f"X-Pad-{i}": "a" * 1000 for i in range(14)}  # ~14 KiB of headers, under HEADER_BYTES
    with server.client() as client:
        assert client.get("/health", headers=pad).status_code == 200


def test_body_trickled_past_the_deadline_is_a_408(server: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK")
        started = time.monotonic()
        reply = b""
        while b"\r\n\r\n" not in reply and time.monotonic() - started < 8:
            try:
                sock.sendall(b" ")
            except OSError:
                break
            time.sleep(0.2)
            sock.settimeout(0.05)
            try:
                reply += sock.recv(4096)
            except TimeoutError:
                pass
            sock.settimeout(10)
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]


def test_a_normal_request_is_unaffected(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        assert client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
