"""/sparql over real HTTP on the built graph: protocol forms, negotiation, errors, service description, CORS."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi import FastAPI
from starlette.routing import Router

from api.app import create_app
from graph import vocab
from graph.config import load_settings
from graph.model import snapshot
from graph.sparql.protocol import SD
from graph.store import OxigraphStore

FORM = "application/x-www-form-urlencoded"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ROSOBORONEXPORT = vocab.entity("rosoboronexport")


def bindings(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    return body


@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_three_ways_to_send_a_query(sparql: httpx.Client, built_store: OxigraphStore, how: str) -> None:
    if how == "get":
        response = sparql.get("/sparql", params={"query": PER_GRAPH})
    elif how == "post-form":
        response = sparql.post("/sparql", data={"query": PER_GRAPH})
    else:
        response = sparql.post("/sparql", content=PER_GRAPH, headers={"Content-Type": "application/sparql-query"})
    counts = {row["g"]: int(row["n"]) for row in bindings(response)}
    assert counts == {g.value: built_store.count(g) for g in built_store.named_graphs()}
    assert response.headers["X-DTKG-Truncated"] == "false"


@pytest.mark.parametrize(
    ("accept", "media", "parse_as"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
    ],
)
def test_select_formats(sparql: httpx.Client, accept: str, media: str, parse_as: ox.QueryResultsFormat) -> None:
    query = f"SELECT ?label WHERE {{ <{ROSOBORONEXPORT}> <{LABEL}> ?label }}"
    response = sparql.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    if parse_as == ox.QueryResultsFormat.CSV:
        assert response.text.split("\r\n")[0] == "label" and len(response.text.strip().split("\r\n")) >= 2
        return
    labels = [row["label"].value for row in ox.parse_query_results(response.content, parse_as)]  # type: ignore[index]
    assert "Rosoboronexport" in labels


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "rdfxml", "trig", "nquads"])
def test_construct_formats(sparql: httpx.Client, fmt: str) -> None:
    from graph.sparql.protocol import GRAPHS

    target = next(f for f in GRAPHS if fmt in f.names)
    query = f"CONSTRUCT {{ <{ROSOBORONEXPORT}> ?p ?o }} WHERE {{ <{ROSOBORONEXPORT}> ?p ?o }}"
    response = sparql.get("/sparql", params={"query": query}, headers={"Accept": target.media_type})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == target.media_type
    assert target.rdf is not None
    parsed = list(ox.parse(response.content, target.rdf))
    assert ox.NamedNode(LABEL) in {q.predicate for q in parsed}
    assert {q.subject for q in parsed} == {ox.NamedNode(ROSOBORONEXPORT)}


@pytest.mark.parametrize(("fmt", "media"), [("csv", "text/csv"), ("xml", "application/sparql-results+xml"), ("tsv", "text/tab-separated-values")])
def test_format_parameter_beats_a_browser_accept(sparql: httpx.Client, fmt: str, media: str) -> None:
    response = sparql.get("/sparql", params={"query": "ASK {}", "format": fmt}, headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize(
    ("query", "accept"),
    [("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle"), ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv"), ("ASK {}", "image/png")],
)
def test_406_when_no_format_fits(sparql: httpx.Client, query: str, accept: str) -> None:
    assert "available as" in str(problem(sparql.get("/sparql", params={"query": query}, headers={"Accept": accept}), 406)["detail"])


def test_source_graph_is_addressable_by_name(sparql: httpx.Client, built_store: OxigraphStore) -> None:
    graph = vocab.source_graph("rosoboronexport-backlog-interview")
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert int(bindings(sparql.get("/sparql", params={"query": count}))[0]["n"]) == built_store.count(ox.NamedNode(graph))
    from_query = "SELECT (COUNT(*) AS ?n) FROM <" + graph + "> WHERE { ?s ?p ?o }"
    assert int(bindings(sparql.get("/sparql", params={"query": from_query}))[0]["n"]) == built_store.count(ox.NamedNode(graph))
    default = sparql.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": graph})
    assert int(bindings(default)[0]["n"]) == built_store.count(ox.NamedNode(graph))
    named = sparql.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": graph})
    assert [row["g"] for row in bindings(named)] == [graph]


def test_default_graph_is_the_union(sparql: httpx.Client, built_store: OxigraphStore) -> None:
    rows = bindings(sparql.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}))
    distinct_triples = {(q.subject, q.predicate, q.object) for q in built_store.quads()}
    assert int(rows[0]["n"]) == len(distinct_triples)


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "words"),
    [
        ("GET", {"params": {"query": "ASK {"}}, 400, "syntax error at line 1"),
        ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one query"),
        ("POST", {"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 400, "unsupported Content-Type"),
        ("POST", {"content": "query=ASK%20%7B%7D"}, 400, "needs a Content-Type"),
        ("POST", {"content": "ASK {}".encode("utf-16"), "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 400, "UTF-8"),
        ("POST", {"content": b"ASK { FILTER(\"\xff\") }", "headers": {"Content-Type": "application/sparql-query"}}, 400, "not valid UTF-8"),
        ("POST", {"content": "ASK {}", "params": {"query": "ASK {}"}, "headers": {"Content-Type": "application/sparql-query"}}, 400, "not both"),
        ("GET", {"params": {"update": "CLEAR ALL"}}, 400, "must be sent with POST"),
        ("POST", {"data": {"update": "CLEAR ALL"}}, 403, "DTKG_WRITE_TOKEN"),
        ("POST", {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403, "DTKG_WRITE_TOKEN"),
        ("POST", {"data": {"query": "LOAD <http://127.0.0.1:9/x>"}}, 400, "SPARQL Update, not a query"),
        ("PUT", {"params": {"query": "ASK {}"}}, 405, ""),
        ("GET", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "absolute IRI"),
    ],
)
def test_protocol_errors(sparql: httpx.Client, method: str, kwargs: dict[str, object], status: int, words: str) -> None:
    body = problem(sparql.request(method, "/sparql", **kwargs), status)  # type: ignore[arg-type]
    assert words in str(body["detail"])


def test_update_without_write_tokens_is_refused(sparql: httpx.Client, built_store: OxigraphStore) -> None:
    before = built_store.fingerprint()
    body = problem(sparql.post("/sparql", data={"update": "DROP ALL"}), 403)
    assert "DTKG_WRITE_TOKEN" in body["detail"]
    assert before == built_store.fingerprint()


def test_service_description(sparql: httpx.Client, live_server: object, built_store: OxigraphStore) -> None:
    response = sparql.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(response.content, ox.RdfFormat.TURTLE))
    endpoint = next(t.object for t in triples if t.predicate == ox.NamedNode(SD + "endpoint"))
    assert endpoint == ox.NamedNode(f"{live_server.url}/sparql")  # type: ignore[attr-defined]
    objects = {t.object for t in triples}
    assert {ox.NamedNode(SD + "Service"), ox.NamedNode(SD + "SPARQL11Query"), ox.NamedNode(SD + "UnionDefaultGraph")} <= objects
    assert ox.NamedNode("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in objects
    names = {t.object for t in triples if t.predicate == ox.NamedNode(SD + "name")}
    assert names == set(built_store.named_graphs())
    assert any(t.predicate == ox.NamedNode(SD + "defaultDataset") for t in triples)


@pytest.mark.parametrize(("accept", "media"), [(None, "text/turtle"), ("application/ld+json", "application/ld+json"), ("text/html,*/*;q=0.8", "text/html")])
def test_no_query_means_description_or_page(sparql: httpx.Client, accept: str | None, media: str) -> None:
    response = sparql.get("/sparql", headers={"Accept": accept} if accept else {"Accept": ""})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_query_page_lists_the_catalogue(sparql: httpx.Client) -> None:
    page = sparql.get("/sparql", headers={"Accept": "text/html"}).text
    start = page.index('<script type="application/json" id="sq-data">') + len('<script type="application/json" id="sq-data">')
    data = json.loads(page[start : page.index("</script>", start)])
    names = {ex["name"] for ex in data["examples"]}
    assert "who-said-what" in names and not any(n.startswith("api-") for n in names)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(url.startswith(("/", "#")) for url in assets), assets  # nothing from another host


def test_cors(sparql: httpx.Client) -> None:
    preflight = sparql.options(
        "/sparql", headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = sparql.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "X-DTKG-Truncated" in simple.headers["access-control-expose-headers"]
    other = sparql.get("/health", headers={"Origin": "https://yasgui.example"})
    assert "access-control-allow-origin" not in other.headers


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "media"),
    [(BROWSER_ACCEPT, "text/html"), ("*/*", "application/sparql-results+json"), (None, "application/sparql-results+json"),
     ("application/sparql-results+xml", "application/sparql-results+xml")],
)
def test_a_permalink_is_the_editor_for_browsers_and_results_for_clients(sparql: httpx.Client, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = sparql.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    if media == "text/html":
        assert '"initial": "ASK { ?s ?p ?o }"' in response.text


def _in_process_app(tmp_path: Path) -> tuple[FastAPI, OxigraphStore]:
    store = OxigraphStore(None)
    store.apply([], [ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                             ox.Literal("o"), ox.NamedNode("http://example.org/g"))])
    return create_app(load_settings({"DTKG_STORE": str(tmp_path / "store")}), store=store), store


def test_query_path_answers_queries_itself_and_hands_the_rest_to_the_router(tmp_path: Path) -> None:
    """:class:`api.routes.sparql.QueryPath` answers queries and their errors without the router (issue 18); the
    service description and the page still go through it. Shown with a router that has no routes."""
    app, _ = _in_process_app(tmp_path)
    lifespan = app.router.lifespan_context
    app.router = Router()  # the same middleware around a router with no routes at all

    async def send() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with lifespan(app), httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return [
                await client.post("/sparql", data={"query": "SELECT ?o WHERE { ?s ?p ?o }"}),
                await client.get("/sparql", params={"query": "SELECT ?o WHERE { ?s ?p ?o }"}),
                await client.post("/sparql", data={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}),
                await client.get("/sparql"),
            ]

    posted, got, refused, described = asyncio.run(send())
    assert bindings(posted) == bindings(got) == [{"o": "o"}]
    assert posted.headers["x-content-type-options"] == "nosniff"  # still inside the app's middleware
    assert problem(refused, 400)["refused"] == "SERVICE"
    assert problem(described, 404)["status"] == 404  # no query: the router's to answer, and it has no route now


def test_a_query_sent_with_post_leaves_the_lookups_version_alone(tmp_path: Path) -> None:
    """Any other POST makes the next lookup re-read the graph version (~0.2 s at 1M); a query wrote nothing."""
    app, store = _in_process_app(tmp_path)

    async def epochs() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        seen = [snapshot._epochs.get(store, 0)]
        async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})).status_code == 200
            seen.append(snapshot._epochs.get(store, 0))
            assert (await client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"})).status_code == 200
            seen.append(snapshot._epochs.get(store, 0))
            assert (await client.post("/api/changes", json={})).status_code >= 400  # refused, but still a POST
            seen.append(snapshot._epochs.get(store, 0))
        return seen

    before, after_form, after_direct, after_other = asyncio.run(epochs())
    assert before == after_form == after_direct
    assert after_other == before + 1
