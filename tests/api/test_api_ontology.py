"""``/ontology``: the readable page for a browser, the ontology graph for an RDF client (real HTTP, every backend)."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

CLAIM = ox.NamedNode("https://w3id.org/dtkg/ontology#Claim")
OWL_CLASS = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
NODE_SHAPE = ox.NamedNode("http://www.w3.org/ns/shacl#NodeShape")


def test_a_browser_gets_the_page(api: httpx.Client) -> None:
    page = api.get("/ontology", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'id="Claim"' in page.text and page.headers["vary"] == "Accept"


@pytest.mark.parametrize(("accept", "fmt", "rdf"), [
    ("text/turtle", None, ox.RdfFormat.TURTLE),
    ("application/n-triples", None, ox.RdfFormat.N_TRIPLES),
    (None, "rdfxml", ox.RdfFormat.RDF_XML),
    ("text/html", "turtle", ox.RdfFormat.TURTLE),  # format= wins over Accept, as everywhere
])
def test_an_rdf_client_gets_the_ontology_graph(api: httpx.Client, accept: str | None, fmt: str | None,
                                               rdf: ox.RdfFormat) -> None:
    answer = api.get("/ontology", headers={"Accept": accept} if accept else {}, params={"format": fmt} if fmt else {})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == rdf.media_type
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(answer.content, format=rdf)}
    assert ox.Triple(CLAIM, RDF_TYPE, OWL_CLASS) in triples
    assert any(t.predicate == RDF_TYPE and t.object == NODE_SHAPE for t in triples)  # the shapes come with it


def test_an_unknown_format_is_406_as_a_problem(api: httpx.Client) -> None:
    answer = api.get("/ontology", params={"format": "yaml"}, headers={"Accept": "application/json"})
    assert answer.status_code == 406
    assert answer.headers["content-type"].startswith("application/problem+json")
