"""``/``, ``/id/{id}`` (content negotiation) and ``/downloads/`` over real HTTP."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from html.parser import HTMLParser

import httpx
import pyoxigraph as ox
import pytest

from graph.rdf import canonical
from graph.store import OxigraphStore

ROS = ox.NamedNode("https://w3id.org/dtkg/id/rosoboronexport")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
EXACT = ox.NamedNode("http://www.w3.org/ns/oa#exact")


class Page(HTMLParser):
    """Links, element ids and text of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "script":
            self.scripts.append(values.get("src") or "inline")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page(api: httpx.Client, path: str, **params: str) -> Page:
    response = api.get(path, params=params, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def test_landing_page(api: httpx.Client) -> None:
    landing = page(api, "/")
    assert {"q", "class-counts", "sources"} <= landing.ids
    assert {"/sparql", "/network", "/downloads/", "/docs"} <= set(landing.links)
    assert "/id/doc-rosoboronexport-backlog-interview" in landing.links
    assert "Claim" in landing.text  # a class in the counts table


@pytest.mark.parametrize(
    ("query", "entity"),
    [("Михеев", "mikheev"), ("Miheev", "mikheev"), ("A. Mikheev", "mikheev"), ("Rosoboroneksport", "rosoboronexport"),
     ("ROE", "rosoboronexport"), ("ОДКБ", "csto")],
)
def test_landing_page_search(api: httpx.Client, query: str, entity: str) -> None:
    """The landing page searches through the one matcher (transliteration, initials, aliases)."""
    results = page(api, "/", q=query)
    assert "results" in results.ids
    assert f"/id/{entity}" in results.links


def test_search_text_is_escaped(api: httpx.Client) -> None:
    response = api.get("/", params={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert Page(response.text).scripts == []


def test_entity_page(api: httpx.Client) -> None:
    ros = page(api, "/id/rosoboronexport")
    assert {"label", "relations"} <= ros.ids
    assert "/network?focus=rosoboronexport" in ros.links
    assert "/id/claim-424bffaec277" in ros.links  # evidence of a relation
    assert "/id/hostile-countries" in ros.links
    mikheev = page(api, "/id/mikheev")
    assert "claims-by" in mikheev.ids
    assert any(link.startswith("/id/doc-rosoboronexport-backlog-interview#claim-") for link in mikheev.links)  # its place in the text


@pytest.mark.parametrize(
    ("resource", "section"),
    [("claim-90a25c8a1c90", "claim"), ("doc-rosoboronexport-backlog-interview", "source-claims"), ("rel-ce08e7739b54", "label")],
)
def test_claim_source_and_relation_pages(api: httpx.Client, resource: str, section: str) -> None:
    assert section in page(api, f"/id/{resource}").ids


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("text/turtle;q=0.4, application/ld+json;q=0.9", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_linked_data_by_content_negotiation(api: httpx.Client, accept: str, media: str, fmt: ox.RdfFormat) -> None:
    response = api.get("/id/rosoboronexport", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    triples = list(ox.parse(response.content, format=fmt))
    labels = {t.object for t in triples if t.subject == ROS and t.predicate == PREF_LABEL}
    assert ox.Literal("Рособоронэкспорт", language="ru") in labels
    # the claims about it come with their evidence text
    exacts = {t.object.value for t in triples if t.predicate == EXACT}
    assert "Rosoboronexport had stopped cooperation with hostile countries" in exacts


@pytest.mark.parametrize(("fmt", "media"), [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("html", "text/html")])
def test_format_parameter_overrides_accept(api: httpx.Client, fmt: str, media: str) -> None:
    response = api.get("/id/mikheev", params={"format": fmt}, headers={"Accept": "application/rdf+xml"})
    assert response.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize("accept", ["*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"])
def test_browsers_and_wildcards_get_html(api: httpx.Client, accept: str) -> None:
    response = api.get("/id/mikheev", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/html")


def test_unavailable_type_is_406(api: httpx.Client) -> None:
    response = api.get("/id/mikheev", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("accept", ["text/turtle", "application/json", "*/*"])
def test_unknown_resource_is_404(api: httpx.Client, accept: str) -> None:
    response = api.get("/id/nothing-here", headers={"Accept": accept})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["id"] == "nothing-here"


def test_download_listing(api: httpx.Client) -> None:
    body = api.get("/downloads/").json()
    items, version = body["items"], body["version"]
    human, content = version.split("+")
    stem = f"dtkg-{human}-{content}"
    assert [i["name"] for i in items] == [
        f"{stem}.trig", f"{stem}.nq", f"{stem}.jsonld", f"{stem}.ttl", f"{stem}-claims.csv", "CITATION.cff"]
    assert [i["alias"] for i in items] == [
        "/downloads/dtkg.trig", "/downloads/dtkg.nq", "/downloads/dtkg.jsonld", "/downloads/dtkg.ttl",
        "/downloads/claims.csv", "/downloads/CITATION.cff"]
    assert version == api.get("/health").json()["dataset_version"]
    html = page(api, "/downloads/")
    assert {i["url"] for i in items} <= set(html.links)
    assert body["license"] in html.links


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("dtkg.trig", ox.RdfFormat.TRIG), ("dtkg.nq", ox.RdfFormat.N_QUADS), ("dtkg.jsonld", ox.RdfFormat.JSON_LD)],
)
def test_dataset_dumps_hold_every_quad(api: httpx.Client, built_store: OxigraphStore, name: str, fmt: ox.RdfFormat) -> None:
    body = api.get("/downloads/").json()
    listing = {i["alias"]: i for i in body["items"]}
    item = listing[f"/downloads/{name}"]
    response = api.get(item["url"])
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == item["sha256"] == response.headers["x-checksum-sha256"]
    assert len(response.content) == item["size"]
    assert api.get(f"/downloads/{name}").content == response.content  # the stable alias serves the current version
    parsed = set(ox.parse(response.content, format=fmt))
    description = ox.NamedNode("https://w3id.org/dtkg/graph/dataset")
    assert same_up_to_blank_nodes([q for q in parsed if q.graph_name != description], list(built_store.quads()))
    # the dump says which version it is
    version = [q.object.value for q in parsed if q.graph_name == description
               and q.predicate.value == "http://www.w3.org/ns/dcat#version"]
    assert version == [body["version"]]


def test_turtle_dump_is_the_union(api: httpx.Client, built_store: OxigraphStore) -> None:
    parsed = ox.parse(api.get("/downloads/dtkg.ttl").content, format=ox.RdfFormat.TURTLE)
    triples = [ox.Quad(q.subject, q.predicate, q.object) for q in parsed]
    stored = {ox.Quad(q.subject, q.predicate, q.object) for q in built_store.quads()}
    data = [t for t in triples if not (isinstance(t.subject, ox.NamedNode)
                                       and t.subject.value.startswith("https://w3id.org/dtkg/dataset"))]
    assert len(data) < len(triples)  # the dataset's description is there too, and only it is extra
    assert same_up_to_blank_nodes(data, list(stored))


def same_up_to_blank_nodes(found: list[ox.Quad], expected: list[ox.Quad]) -> bool:
    """Equal as RDF datasets (isomorphic): a remote store names the ontology's blank nodes its own way."""
    return set(canonical.skolemise(found)) == set(canonical.skolemise(expected))


def test_claims_csv(api: httpx.Client) -> None:
    rows = list(csv.DictReader(io.StringIO(api.get("/downloads/claims.csv").content.decode("utf-8"))))
    assert len(rows) == api.get("/api/claims", params={"limit": 1}).json()["total"]
    assert {r["dataset_version"] for r in rows} == {api.get("/health").json()["dataset_version"]}
    backlog = next(r for r in rows if r["claim"] == "claim-90a25c8a1c90")
    assert (backlog["speaker"], backlog["date"], backlog["date_precision"], backlog["start"], backlog["end"]) == (
        "mikheev", "--11-13", "month-day", "34", "117",
    )


def test_unknown_download_is_404(api: httpx.Client) -> None:
    response = api.get("/downloads/secrets.txt")
    assert response.status_code == 404
    assert json.loads(response.text)["status"] == 404
