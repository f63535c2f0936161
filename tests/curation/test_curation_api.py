"""The write API over real uvicorn: tokens, validation, limits, idempotency, revert, concurrency."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph import curation
from graph.store import OxigraphStore
from tests.curation.conftest import AUTH, TOKEN

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-change.trig"
TRIG = {"Content-Type": "application/trig"}


class Canary:
    """A loopback listener that counts connections; a refused fetch must leave it at zero."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    listener = Canary()
    yield listener
    listener.close()


def bad_span_sample() -> str:
    """The sample with the second claim's quoted words not at its offsets (shape S16)."""
    return SAMPLE.read_text(encoding="utf-8").replace(
        'oa:exact "deliveries would stay on schedule through next year"',
        'oa:exact "deliveries would be late through next year"',
    )


def sample_claims(client: httpx.Client) -> int:
    """Claims of the sample's speaker through /api/claims (422 while the speaker does not exist)."""
    response = client.get("/api/claims", params={"speaker": "sample-mara-okafor"})
    if response.status_code == 422:
        return 0
    response.raise_for_status()
    return len(response.json()["items"])


def post_sample(client: httpx.Client, **headers: str) -> httpx.Response:
    return client.post("/api/changes", content=SAMPLE.read_bytes(), headers={**AUTH, **TRIG, **headers},
                       params={"message": "Add the sample"})


def test_missing_or_wrong_token_is_401_and_writes_nothing(writer) -> None:  # type: ignore[no-untyped-def]
    with writer.client() as client:
        missing = client.post("/api/changes", content=SAMPLE.read_bytes(), headers=TRIG)
        wrong = client.post("/api/changes", content=SAMPLE.read_bytes(),
                            headers={**TRIG, "Authorization": "Bearer not-the-token"})
        revert = client.delete("/api/changes/whatever", headers={"Authorization": "Bearer nope"})
        assert [r.status_code for r in (missing, wrong, revert)] == [401, 401, 401]
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/api/changes").json()["total"] == 0
        assert sample_claims(client) == 0


def test_writes_are_disabled_without_tokens(start_server, writable_store_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"DTKG_STORE": str(writable_store_path)}
    os.environ.pop("DTKG_WRITE_TOKEN", None)
    server = start_server(env)
    with server.client() as client:
        post = post_sample(client)
        delete = client.delete("/api/changes/x", headers=AUTH)
        assert [post.status_code, delete.status_code] == [403, 403]
        assert "DTKG_WRITE_TOKEN" in post.json()["detail"]
        assert client.get("/api/changes").json() == {"items": [], "total": 0, "limit": 50, "offset": 0, "next": None}


def test_add_find_deduplicate_and_revert(writer) -> None:  # type: ignore[no-untyped-def]
    with writer.client() as client:
        created = post_sample(client, **{"Idempotency-Key": "sample-1"})
        assert created.status_code == 201, created.text
        change = created.json()
        assert (change["author"], change["added"], change["duplicate"]) == ("alice", 70, False)
        assert created.headers["location"] == f"/api/changes/{change['id']}"

        assert sample_claims(client) == 2

        again = post_sample(client, **{"Idempotency-Key": "sample-1"})
        same_content = post_sample(client)
        assert [again.status_code, same_content.status_code] == [200, 200]
        assert again.json()["id"] == same_content.json()["id"] == change["id"]
        assert again.json()["duplicate"] is True

        detail = client.get(f"/api/changes/{change['id']}").json()
        assert len(detail["added_quads"]) == 70 and detail["removed_quads"] == []
        listing = client.get("/api/changes", params={"limit": 10}).json()
        assert (listing["total"], [c["id"] for c in listing["items"]]) == (1, [change["id"]])

        reverted = client.delete(f"/api/changes/{change['id']}", headers=AUTH)
        assert reverted.status_code == 200
        assert (reverted.json()["reverts"], reverted.json()["removed"]) == (change["id"], 70)
        assert sample_claims(client) == 0
        assert client.get(f"/api/changes/{change['id']}").json()["reverted_by"] == reverted.json()["id"]


def test_nonconforming_change_is_422_with_the_shacl_results(writer) -> None:  # type: ignore[no-untyped-def]
    bad = bad_span_sample()
    with writer.client() as client:
        response = client.post("/api/changes", content=bad.encode(), headers={**AUTH, **TRIG})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        (violation,) = response.json()["violations"]
        assert violation["focus"] == "https://w3id.org/dtkg/id/claim-sample-deliveries-evidence"
        assert violation["shape_id"] == "S16-span-matches-text"
        assert violation["message"]
        assert client.get("/api/changes").json()["total"] == 0


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/rdf+xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rdf:RDF/>', 415),
        ("text/plain", b"hello", 415),
        ("text/turtle", b"<https://w3id.org/dtkg/id/x> <https://w3id.org/p> ", 400),
        ("text/turtle", b"# " + b"x" * 30000, 413),
    ],
    ids=["rdfxml", "plain", "truncated-turtle", "too-large"],
)
def test_bad_bodies_are_refused(writer, content_type: str, body: bytes, status: int) -> None:  # type: ignore[no-untyped-def]
    with writer.client() as client:
        response = client.post("/api/changes", content=body, headers={**AUTH, "Content-Type": content_type})
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/problem+json"


def test_too_large_chunked_body_is_413(writer) -> None:  # type: ignore[no-untyped-def]
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"# " + b"y" * 998 + b"\n"

    with writer.client() as client:
        response = client.post("/api/changes", content=chunks(), headers={**AUTH, "Content-Type": "text/turtle"})
        assert response.status_code == 413


@pytest.mark.parametrize("context", ["http://127.0.0.1:{port}/context.jsonld", "file:///etc/hostname"])
def test_jsonld_remote_context_is_refused_and_never_fetched(writer, canary: Canary, context: str) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps({"@context": context.format(port=canary.port), "@id": "https://w3id.org/dtkg/id/x",
                       "name": "x"}).encode()
    with writer.client() as client:
        response = client.post("/api/changes", content=body, headers={**AUTH, "Content-Type": "application/ld+json"})
        assert response.status_code == 400
        assert "remote JSON-LD contexts are not allowed" in response.json()["detail"]
    assert canary.connections == 0


def test_sparql_update_goes_through_validation(writer, canary: Canary) -> None:  # type: ignore[no-untyped-def]
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    good = ('PREFIX skos: <http://www.w3.org/2004/02/skos/core#> INSERT DATA { GRAPH <https://w3id.org/dtkg/graph/entities> '
            '{ <https://w3id.org/dtkg/id/rosoboronexport> skos:altLabel "FSUE Rosoboronexport"@en } }')
    bad = ('PREFIX dtkg: <https://w3id.org/dtkg/ontology#> DELETE WHERE { GRAPH ?g '
           '{ <https://w3id.org/dtkg/id/mikheev> a dtkg:Person } }')
    load = f"LOAD <http://127.0.0.1:{canary.port}/x.ttl> INTO GRAPH <https://w3id.org/dtkg/graph/entities>"
    service = (f"INSERT {{ GRAPH <https://w3id.org/dtkg/graph/entities> {{ ?s ?p ?o }} }} "
               f"WHERE {{ SERVICE <http://127.0.0.1:{canary.port}/sparql> {{ ?s ?p ?o }} }}")
    with writer.client() as client:
        accepted = client.post("/api/changes", content=good.encode(), headers=headers)
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["added"] == 1
        assert client.post("/api/changes", content=bad.encode(), headers=headers).status_code == 422
        for refused in (load, service):
            response = client.post("/api/changes", content=refused.encode(), headers=headers)
            assert response.status_code == 400
        assert client.get("/api/changes").json()["total"] == 1
    assert canary.connections == 0


GOOD_UPDATE = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> INSERT DATA { GRAPH <https://w3id.org/dtkg/graph/entities> "
    '{ <https://w3id.org/dtkg/id/rosoboronexport> skos:altLabel "FSUE Rosoboronexport"@en } }'
)
BAD_UPDATE = (
    "PREFIX dtkg: <https://w3id.org/dtkg/ontology#> DELETE WHERE { GRAPH ?g { <https://w3id.org/dtkg/id/mikheev> a dtkg:Person } }"
)


def sparql_update(client: httpx.Client, text: str, how: str, **headers: str) -> httpx.Response:
    if how == "body":
        return client.post("/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-update", **headers})
    return client.post("/sparql", data={"update": text}, headers=headers)


def alt_labels(client: httpx.Client) -> list[str]:
    query = (
        "SELECT ?l WHERE { <https://w3id.org/dtkg/id/rosoboronexport> <http://www.w3.org/2004/02/skos/core#altLabel> ?l }"
    )
    rows = client.post("/sparql", data={"query": query}).json()["results"]["bindings"]
    return sorted(r["l"]["value"] for r in rows)


@pytest.mark.parametrize("how", ["body", "form"])
def test_authenticated_sparql_update_on_the_endpoint(writer, canary: Canary, how: str) -> None:  # type: ignore[no-untyped-def]
    """/sparql takes updates from token holders through the same validate-then-commit path."""
    load = f"LOAD <http://127.0.0.1:{canary.port}/x.ttl> INTO GRAPH <https://w3id.org/dtkg/graph/entities>"
    with writer.client() as client:
        before = alt_labels(client)
        assert sparql_update(client, GOOD_UPDATE, how).status_code == 401
        assert sparql_update(client, GOOD_UPDATE, how, Authorization="Bearer wrong-token-123").status_code == 401
        refused = sparql_update(client, BAD_UPDATE, how, **AUTH)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert sparql_update(client, load, how, **AUTH).status_code == 400
        assert alt_labels(client) == before
        accepted = sparql_update(client, GOOD_UPDATE, how, **AUTH)
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["author"] == "alice"
        assert alt_labels(client) == sorted([*before, "FSUE Rosoboronexport"])
        assert client.get("/api/changes").json()["total"] == 1
    assert canary.connections == 0


def test_two_jointly_invalid_changes_commit_at_most_once(writer) -> None:  # type: ignore[no-untyped-def]
    """Each adds a dtkg:asOf to the same figure (valid alone, sh:maxCount 1 together): exactly one commits."""
    figure = "https://w3id.org/dtkg/id/claim-dd30a82d3a1e-figure-1"
    graph = "https://w3id.org/dtkg/graph/source/rosoboronexport-backlog-interview"
    bodies = [
        f'<{graph}> {{ <{figure}> <https://w3id.org/dtkg/ontology#asOf> "--11-{day}"^^<http://www.w3.org/2001/XMLSchema#gMonthDay> . }}'
        for day in ("13", "14")
    ]
    statuses: list[int] = []

    def send(body: str) -> None:
        with writer.client() as client:
            statuses.append(client.post("/api/changes", content=body.encode(), headers={**AUTH, **TRIG}).status_code)

    threads = [threading.Thread(target=send, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 422]
    with writer.client() as client:
        assert client.get("/api/changes").json()["total"] == 1


def test_cli_add_while_a_writable_server_runs_says_the_store_is_in_use(writer, writable_store_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DTKG_STORE": str(writable_store_path)}
    done = subprocess.run([sys.executable, "-m", "api.cli", "add", str(SAMPLE)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use" in lines[0] and "POST /api/changes" in lines[0]


def test_rejected_http_change_leaves_the_store_fingerprint(start_server, writable_store_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(writable_store_path, read_only=True)
    before = (store.count(), store.fingerprint())
    store.close()
    server = start_server({"DTKG_STORE": str(writable_store_path), "DTKG_WRITE_TOKEN": f"alice:{TOKEN}"})
    bad = bad_span_sample()
    with server.client() as client:
        assert client.post("/api/changes", content=bad.encode(), headers={**AUTH, **TRIG}).status_code == 422
        assert client.post("/api/changes", content=SAMPLE.read_bytes(), headers=TRIG).status_code == 401
    server.process.terminate()
    server.process.wait(timeout=30)
    store = OxigraphStore(writable_store_path, read_only=True)
    try:
        assert (store.count(), store.fingerprint()) == before
        assert curation.list_changes(store)[1] == 0
    finally:
        store.close()
