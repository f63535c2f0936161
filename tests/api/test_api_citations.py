"""Cite this claim, cite this source, and the dataset version and description (issue 16), over real HTTP.

Each format is parsed (CSL-JSON as JSON, BibTeX by its fields, VoID as RDF)
and checked for what a citation must name: the speaker, the source, the date
exactly as stated, the permalink and the dataset version.
"""

from __future__ import annotations

import json
import re

import httpx
import pyoxigraph as ox
import pytest

from graph.store import OxigraphStore

CSL = "application/vnd.citationstyles.csl+json"
BACKLOG = "claim-90a25c8a1c90"
PERMALINK = f"https://w3id.org/dtkg/id/{BACKLOG}"
INTERVIEW = "doc-rosoboronexport-backlog-interview"


def version(api: httpx.Client) -> str:
    return str(api.get("/health").json()["dataset_version"])


def bibtex_fields(entry: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry, flags=re.M))


def test_version_is_human_version_plus_content_hash(api: httpx.Client) -> None:
    human, content = version(api).split("+")
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", human)
    assert re.fullmatch(r"[0-9a-f]{12}", content)


def test_claim_json_carries_three_forms_naming_permalink_and_version(api: httpx.Client) -> None:
    body = api.get(f"/api/claims/{BACKLOG}").json()
    cite = body["citation"]
    assert cite["permalink"] == PERMALINK and cite["version"] == version(api)
    for form in (cite["text"], cite["bibtex"]):
        assert PERMALINK in form and version(api) in form and "Mikheev" in form
        assert "Interview with Arms Export Expert" in form
    assert "November 13, year not stated" in cite["text"]  # the date at its precision, no year invented
    assert "publisher not stated" in cite["text"]
    (item,) = cite["csl"]
    assert item["URL"] == PERMALINK and item["version"] == version(api)


def test_csl_json_by_format_and_by_accept(api: httpx.Client) -> None:
    by_format = api.get(f"/api/claims/{BACKLOG}", params={"format": "csl-json"})
    by_accept = api.get(f"/api/claims/{BACKLOG}", headers={"Accept": CSL})
    for response in (by_format, by_accept):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(CSL)
    (item,) = by_format.json()
    assert by_accept.json() == by_format.json()
    assert item["author"] == [{"literal": "Mikheev"}]
    assert item["container-title"].startswith("Interview with Arms Export Expert")
    assert item["issued"] == {"literal": "November 13, year not stated"}
    assert item["title"] == "“the order backlog for Russian arms exports remains at a record level of $55 billion”"
    assert "unnamed author of the backlog interview document" in item["genre"]  # the reporter is named apart


def test_bibtex_of_a_claim(api: httpx.Client) -> None:
    response = api.get(f"/api/claims/{BACKLOG}", params={"format": "bibtex"})
    assert response.headers["content-type"].startswith("application/x-bibtex")
    assert response.text.startswith(f"@misc{{dtkg-{BACKLOG},")
    fields = bibtex_fields(response.text)
    assert fields["url"] == PERMALINK and fields["version"] == version(api)
    assert fields["author"] == "{Mikheev}"
    assert r"\$55 billion" in fields["title"]  # BibTeX specials escaped
    assert "year" not in fields  # the source gives no year; none is made up


def test_plain_text_citation(api: httpx.Client) -> None:
    response = api.get(f"/api/claims/{BACKLOG}", params={"format": "text"})
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("Mikheev (November 13, year not stated). “the order backlog")
    assert response.text.rstrip().endswith(PERMALINK)


def test_reported_claim_names_speaker_and_reporter(api: httpx.Client) -> None:
    (item,) = api.get("/api/claims/claim-d75ed68de6be", params={"format": "csl-json"}).json()
    assert item["author"] == [{"literal": "official Kremlin reports"}]
    assert "reported by unnamed author of the 2025 defense-export opinion piece" in item["genre"]


def test_unknown_citation_format_is_406(api: httpx.Client) -> None:
    response = api.get(f"/api/claims/{BACKLOG}", params={"format": "ris"})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/problem+json")


def test_source_citation_says_what_is_not_stated(api: httpx.Client) -> None:
    body = api.get(f"/api/sources/{INTERVIEW}").json()
    assert body["language"] == "en"
    assert set(body["not_stated"]) == {"schema:publisher", "schema:url", "schema:datePublished", "dtkg:retrievedOn",
                                       "schema:license", "schema:copyrightNotice"}
    assert body["publisher"] is None and body["url"] is None and body["published"] is None
    text = api.get(f"/api/sources/{INTERVIEW}", params={"format": "text"}).text
    assert "(n.d.)" in text and "Publisher not stated" in text and "URL not stated" in text
    (item,) = api.get(f"/api/sources/{INTERVIEW}", headers={"Accept": CSL}).json()
    assert item["type"] == "interview" and "issued" not in item and "publisher" not in item
    assert item["URL"] == f"https://w3id.org/dtkg/id/{INTERVIEW}" and item["version"] == version(api)


@pytest.mark.parametrize("path", [f"/id/{BACKLOG}", f"/id/{INTERVIEW}"])
def test_pages_offer_the_citation(api: httpx.Client, path: str) -> None:
    html = api.get(path, headers={"Accept": "text/html"}).text
    assert 'id="cite"' in html and 'id="cite-bibtex"' in html and 'id="cite-csl"' in html
    assert version(api) in html and "?format=csl-json" in html


def test_landing_page_shows_version_licence_and_description(api: httpx.Client) -> None:
    html = api.get("/", headers={"Accept": "text/html"}).text
    assert version(api) in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html and "/.well-known/void" in html


def test_citation_cff(api: httpx.Client) -> None:
    response = api.get("/downloads/CITATION.cff")
    assert response.status_code == 200
    top = dict(line.split(": ", 1) for line in response.text.splitlines() if re.match(r"^[a-z-]+: ", line))
    cff = {k: json.loads(v) if v.startswith('"') else v for k, v in top.items()}  # quoted scalars are JSON strings
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == version(api) and cff["license"] == "CC-BY-4.0"
    assert cff["title"] and "\nauthors:\n  - name: " in response.text


# ---- /.well-known/void ----

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
DATASET = ox.NamedNode("https://w3id.org/dtkg/dataset")


def described(api: httpx.Client, **kwargs: str) -> ox.Store:
    response = api.get("/.well-known/void", **kwargs)  # type: ignore[arg-type]  # headers or params
    assert response.status_code == 200
    fmt = ox.RdfFormat.from_media_type(response.headers["content-type"].split(";")[0])
    assert fmt is not None
    store = ox.Store()
    store.load(response.content, format=fmt)
    return store


def value(store: ox.Store, subject: ox.NamedNode, predicate: str) -> str:
    (quad,) = list(store.quads_for_pattern(subject, ox.NamedNode(predicate), None))
    return str(quad.object.value)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"headers": {"Accept": "application/ld+json"}}, {"headers": {"Accept": "application/n-triples"}},
     {"params": {"format": "rdfxml"}}],
    ids=["turtle", "jsonld", "ntriples", "rdfxml"],
)
def test_void_parses_in_every_syntax(api: httpx.Client, kwargs: dict[str, dict[str, str]]) -> None:
    store = described(api, **kwargs)
    assert ox.Quad(DATASET, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   ox.NamedNode(VOID + "Dataset")) in store


def test_void_counts_are_the_stores_own(api: httpx.Client, built_store: OxigraphStore) -> None:
    store = described(api)
    assert int(value(store, DATASET, VOID + "triples")) == built_store.count()
    expected = {r["class"].value: int(r["count"].value) for r in built_store.query(  # type: ignore[union-attr]
        "SELECT ?class (COUNT(DISTINCT ?e) AS ?count) WHERE { GRAPH ?g { ?e a ?class } "
        "FILTER (?g != <https://w3id.org/dtkg/graph/ontology>) } GROUP BY ?class")}
    partitions = {value(store, q.object, VOID + "class"): int(value(store, q.object, VOID + "entities"))  # type: ignore[arg-type]
                  for q in store.quads_for_pattern(DATASET, ox.NamedNode(VOID + "classPartition"), None)}
    assert partitions == expected
    assert partitions["https://w3id.org/dtkg/ontology#Claim"] == api.get("/api/claims", params={"limit": 1}).json()["total"]


def test_void_names_licence_version_endpoint_examples_and_dumps(api: httpx.Client) -> None:
    store = described(api)
    assert value(store, DATASET, DCT + "license") == "https://creativecommons.org/licenses/by/4.0/"
    assert value(store, DATASET, DCAT + "version") == version(api)
    assert value(store, DATASET, VOID + "sparqlEndpoint").endswith("/sparql")
    examples = {q.object.value for q in store.quads_for_pattern(DATASET, ox.NamedNode(VOID + "exampleResource"), None)}
    assert len(examples) >= 4 and all(api.get(e.replace("https://w3id.org/dtkg", "")).status_code == 200
                                      for e in examples)
    listing = {i["name"]: i for i in api.get("/downloads/").json()["items"]}
    distributions = [q.object for q in store.quads_for_pattern(DATASET, ox.NamedNode(DCAT + "distribution"), None)]
    assert len(distributions) == len(listing)
    for node in distributions:
        item = listing[value(store, node, DCT + "title")]  # type: ignore[arg-type]
        assert value(store, node, DCAT + "downloadURL").endswith(item["url"])  # type: ignore[arg-type]
        assert value(store, node, DCAT + "mediaType").endswith("/" + item["media_type"])  # type: ignore[arg-type]
        checksum = ox.NamedNode(value(store, node, SPDX + "checksum"))  # type: ignore[arg-type]
        assert value(store, checksum, SPDX + "checksumValue") == item["sha256"]


def test_void_conforms_to_the_dataset_shapes(api: httpx.Client) -> None:
    import pyshacl
    import rdflib

    from graph import paths

    data = rdflib.Graph().parse(data=api.get("/.well-known/void").text, format="turtle")
    shapes = rdflib.Graph().parse(paths.ONTOLOGY_DIR / "dataset" / "void-shapes.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference=None)
    assert conforms, text


def test_sparql_service_description_links_the_description(api: httpx.Client) -> None:
    response = api.get("/sparql", headers={"Accept": "text/turtle"})
    store = ox.Store()
    store.load(response.content, format=ox.RdfFormat.TURTLE)
    see_also = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/2000/01/rdf-schema#seeAlso"), None)}
    assert any(v.endswith("/.well-known/void") for v in see_also)
