"""``/api/queries``: the catalogue, running a query with bound parameters, and hostile values."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph.sparql import catalogue
from graph.store import OxigraphStore
from tests.conftest import ServerFactory
from tests.support.servers import LiveServer, stop

HOSTILE = {
    "sparql-injection": 'x" } ; DROP ALL ; #',
    "iri-break-out": "<x> } UNION { ?s ?p ?o",
    "quote": 'x"',
    "closing-brace": "x}",
    "newline": "a\nb",
    "unicode-escape-quote": "\\u0022 } ; CLEAR ALL ; #",
    "nul": "x\x00y",
    "long": "x" * 10_000,
    "iri-with-space": "https://w3id.org/dtkg/id/a b",
}


def test_catalogue_lists_public_queries_with_parameters(sparql: httpx.Client) -> None:
    body = sparql.get("/api/queries").json()
    by_name = {q["name"]: q for q in body["queries"]}
    expected = {q.name for q in catalogue.catalogue().values() if not ({"api", "curation"} & set(q.tags))}
    assert set(by_name) == expected
    who = by_name["who-said-what"]
    assert who["parameters"] == [
        {"name": "entity", "type": "iri", "required": True, "default": None, "help": catalogue.get("who-said-what").params[0].help}
    ]
    assert who["url"] == "/api/queries/who-said-what" and who["title"]


def test_run_with_a_parameter(sparql: httpx.Client) -> None:
    response = sparql.get("/api/queries/who-said-what", params={"entity": "rosoboronexport"})
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    rows = response.json()["results"]["bindings"]
    assert rows and all(row["claim"]["type"] == "uri" for row in rows)
    full_iri = sparql.get("/api/queries/who-said-what", params={"entity": "https://w3id.org/dtkg/id/rosoboronexport"})
    assert full_iri.json()["results"] == response.json()["results"]


@pytest.mark.parametrize(("fmt", "media"), [("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("xml", "application/sparql-results+xml")])
def test_run_negotiates_like_sparql(sparql: httpx.Client, fmt: str, media: str) -> None:
    by_param = sparql.get("/api/queries/class-counts", params={"format": fmt})
    by_accept = sparql.get("/api/queries/class-counts", headers={"Accept": media})
    assert by_param.headers["content-type"].split(";")[0] == media == by_accept.headers["content-type"].split(";")[0]
    assert by_param.content == by_accept.content


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/queries/who-said-what", {}, 400, "needs the parameter 'entity'"),
        ("/api/queries/who-said-what", {"entity": "rosoboronexport", "nope": "1"}, 400, "has no parameter nope"),
        ("/api/queries/no-such-query", {}, 404, "no named query"),
        ("/api/queries/api-claims", {}, 404, "no public named query"),
        ("/api/queries/class-counts", {"format": "turtle"}, 406, "not available"),
    ],
)
def test_errors(sparql: httpx.Client, path: str, params: dict[str, str], status: int, words: str) -> None:
    response = sparql.get(path, params=params)
    assert response.status_code == status
    assert words in response.json()["detail"]


@pytest.fixture(scope="module")
def writable_copy(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("hostile") / "store"
    shutil.copytree(built_store_path, target, ignore=shutil.ignore_patterns("LOCK"))
    return target


@pytest.mark.server
def test_hostile_values_change_nothing(start_server: ServerFactory, writable_copy: Path, built_store: OxigraphStore) -> None:
    """A server that *could* write (a token is set) gets every hostile value in every parameter."""
    server: LiveServer = start_server({"DTKG_STORE": str(writable_copy), "DTKG_ENDPOINT": "", "DTKG_WRITE_TOKEN": "tester:hostile-test-token"})
    statuses: dict[tuple[str, str, str], int] = {}
    with server.client() as client:
        for query in (q for q in catalogue.catalogue().values() if not ({"api", "curation"} & set(q.tags))):
            for param in query.params:
                for label, value in HOSTILE.items():
                    response = client.get(f"/api/queries/{query.name}", params={param.name: value})
                    statuses[(query.name, param.name, label)] = response.status_code
                    if response.status_code == 200:
                        assert response.json()["results"]["bindings"] == [], (query.name, param.name, label)
    stop(server.process)
    assert statuses, "no parameterised public query to attack"
    assert set(statuses.values()) <= {200, 400}, {k: v for k, v in statuses.items() if v not in (200, 400)}
    after = OxigraphStore(writable_copy, read_only=True)
    try:
        assert after.fingerprint() == built_store.fingerprint()
        assert after.count(ox.NamedNode("https://w3id.org/dtkg/graph/ontology")) == built_store.count(ox.NamedNode("https://w3id.org/dtkg/graph/ontology"))
    finally:
        after.close()

