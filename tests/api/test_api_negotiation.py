"""Content negotiation on ``/id/{id}`` and on CONSTRUCT/DESCRIBE for clients that ask for SPARQL JSON."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest

from graph import vocab


@pytest.mark.parametrize(
    ("resource", "rest"),
    [("rosoboronexport", "/api/entities/rosoboronexport"), ("claim-424bffaec277", "/api/claims/claim-424bffaec277"),
     ("doc-rosoboronexport-backlog-interview", "/api/sources/doc-rosoboronexport-backlog-interview")],
)
def test_id_answers_json_with_the_rest_representation(api: httpx.Client, resource: str, rest: str) -> None:
    response = api.get(f"/id/{resource}", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == api.get(rest).json()
    assert api.get(f"/id/{resource}", params={"format": "json"}).json() == response.json()


def test_jsonld_has_a_context_of_prefixes_and_the_same_triples(api: httpx.Client) -> None:
    body = api.get("/id/rosoboronexport", headers={"Accept": "application/ld+json"}).content
    document = json.loads(body)
    assert document["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert document["@context"]["id"] == vocab.ENTITY
    node = next(n for n in document["@graph"] if n["@id"] == "id:rosoboronexport")
    assert "skos:prefLabel" in node
    # pyoxigraph reads the @context back (rdflib's JSON-LD parser warns about its own ConjunctiveGraph)
    compact = set(ox.parse(body, format=ox.RdfFormat.JSON_LD))
    turtle = set(ox.parse(api.get("/id/rosoboronexport", params={"format": "ttl"}).content, format=ox.RdfFormat.TURTLE))
    assert compact == turtle


@pytest.mark.parametrize("form", ["CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", f"DESCRIBE <{vocab.entity('mikheev')}>"])
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+json, application/json"])
def test_graph_queries_asked_for_sparql_json_get_jsonld(api: httpx.Client, form: str, accept: str) -> None:
    response = api.get("/sparql", params={"query": form}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.JSON_LD))) > 0


def test_select_still_gets_sparql_json(api: httpx.Client) -> None:
    response = api.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "application/json"})
    assert response.headers["content-type"].startswith("application/sparql-results+json")
