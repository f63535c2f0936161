"""Content negotiation and result writing: our writers agree with pyoxigraph's parsers term for term."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.errors import NotAcceptable
from graph.rdf import formats
from graph.sparql import protocol as sp

XSD = "http://www.w3.org/2001/XMLSchema#"
VARS = ["s", "label", "n", "b"]
ROWS: list[list[object]] = [
    [ox.NamedNode("https://w3id.org/dtkg/id/a"), ox.Literal("Alpha, \"the\"\tfirst", language="en"), ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")), ox.BlankNode("b1")],
    [ox.NamedNode("https://w3id.org/dtkg/id/b"), ox.Literal("line\nbreak <&>"), None, None],
]


def by_type(media: str) -> formats.Format:
    return next(f for f in (*formats.SOLUTIONS, *formats.GRAPHS) if f.media_type == media)


@pytest.mark.parametrize(
    ("form", "accept", "fmt", "expected"),
    [
        ("SELECT", None, None, "application/sparql-results+json"),
        ("SELECT", "*/*", None, "application/sparql-results+json"),
        ("SELECT", "application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("SELECT", "text/csv;q=0.5, text/tab-separated-values", None, "text/tab-separated-values"),
        ("SELECT", "application/json", None, "application/sparql-results+json"),
        ("SELECT", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, "application/sparql-results+xml"),
        ("SELECT", "text/turtle", "csv", "text/csv"),
        ("ASK", "text/*", None, "text/csv"),
        ("CONSTRUCT", None, None, "text/turtle"),
        ("CONSTRUCT", "application/rdf+xml", None, "application/rdf+xml"),
        ("DESCRIBE", "application/n-triples, text/turtle;q=0.1", None, "application/n-triples"),
        ("CONSTRUCT", None, "jsonld", "application/ld+json"),
        ("CONSTRUCT", "application/n-quads", None, "application/n-quads"),
    ],
)
def test_negotiate(form: str, accept: str | None, fmt: str | None, expected: str) -> None:
    assert sp.negotiate(sp.formats_for(form), accept, fmt).media_type == expected


@pytest.mark.parametrize(
    ("form", "accept", "fmt"),
    [("SELECT", "text/turtle", None), ("CONSTRUCT", "text/csv", None), ("ASK", "image/png", None), ("SELECT", None, "turtle")],
)
def test_not_acceptable(form: str, accept: str | None, fmt: str | None) -> None:
    with pytest.raises(NotAcceptable):
        sp.negotiate(sp.formats_for(form), accept, fmt)


@pytest.mark.parametrize(
    ("media", "parse_as"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_solutions_round_trip(media: str, parse_as: ox.QueryResultsFormat) -> None:
    body = sp.write_solutions(VARS, ROWS, by_type(media), truncated=False, limit=10)
    parsed = ox.parse_query_results(body, parse_as)
    assert [v.value for v in parsed.variables] == VARS
    assert [[row[v] for v in VARS] for row in parsed] == ROWS


def test_csv_is_plain_values() -> None:
    body = sp.write_solutions(VARS, ROWS, by_type("text/csv"), truncated=False, limit=10).decode()
    lines = body.split("\r\n")
    assert lines[0] == "s,label,n,b"
    assert lines[1] == 'https://w3id.org/dtkg/id/a,"Alpha, ""the""\tfirst",3,_:b1'


def test_json_flags_truncation_first() -> None:
    body = json.loads(sp.write_solutions(VARS, ROWS, by_type("application/sparql-results+json"), truncated=True, limit=2))
    assert body["dtkg"] == {"truncated": True, "result_limit": 2}
    assert list(body)[0] == "dtkg"


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize(
    ("media", "parse_as"),
    [("application/sparql-results+json", ox.QueryResultsFormat.JSON), ("application/sparql-results+xml", ox.QueryResultsFormat.XML)],
)
def test_boolean_round_trip(value: bool, media: str, parse_as: ox.QueryResultsFormat) -> None:
    assert bool(ox.parse_query_results(sp.write_boolean(value, by_type(media)), parse_as)) is value


@pytest.mark.parametrize("fmt", formats.GRAPHS, ids=lambda f: f.names[0])
def test_triples_round_trip(fmt: formats.Format) -> None:
    triples = [ox.Triple(r[0], ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), r[1]) for r in ROWS]  # type: ignore[arg-type]
    assert fmt.rdf is not None
    parsed = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(sp.write_triples(triples, fmt), fmt.rdf)}
    assert parsed == set(triples)


def test_service_description_lists_graphs_and_union_default() -> None:
    triples = sp.service_description("http://127.0.0.1:8000/sparql", ["https://w3id.org/dtkg/graph/ontology"], result_limit=5, timeout=2)
    SD = sp.SD
    assert ox.Triple(ox.BlankNode("service"), ox.NamedNode(SD + "endpoint"), ox.NamedNode("http://127.0.0.1:8000/sparql")) in triples
    assert {t.object for t in triples if t.predicate == ox.NamedNode(SD + "name")} == {ox.NamedNode("https://w3id.org/dtkg/graph/ontology")}
    assert ox.NamedNode(SD + "UnionDefaultGraph") in {t.object for t in triples}
