"""The query gate: what it lets through, what it refuses and why, and that hostile shapes are a 400."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import BadQuery
from graph.sparql import gate

LOCAL = {"https://w3id.org/dtkg/graph/ontology", "https://w3id.org/dtkg/graph/entities"}
CANARY = "http://127.0.0.1:9/"


def check(text: str, max_chars: int = 100_000) -> gate.GatedQuery:
    return gate.check(text, local_graphs=LOCAL, max_chars=max_chars)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT"),
        ("ASK {}", "ASK"),
        ("CONSTRUCT { <s> <p> 1 } WHERE {}", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/>", "DESCRIBE"),
        # Keywords inside strings, IRIs and comments are data, not code.
        ("SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:9/> { }' } # SERVICE <x> { }", "SELECT"),
        ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", "SELECT"),
        ('SELECT ?service WHERE { ?service ?p """LOAD <http://x/> FROM <http://y/>""" }', "SELECT"),
    ],
)
def test_allowed(text: str, form: str) -> None:
    assert check(text).form == form


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * WHERE {{ SERVICE <{CANARY}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{CANARY}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE ?x {{ ?s ?p ?o }} }} }} VALUES ?x {{ <{CANARY}> }} }}",
        f"select * where {{ service <{CANARY}> {{ ?s ?p ?o }} }}",
        f"PREFIX c: <{CANARY}> SELECT * WHERE {{ SERVICE c:x {{ ?s ?p ?o }} }}",
        # A '<' that is less-than, not an IRI: the string after it hides nothing from a real parser.
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(?a<'x>') SERVICE <{CANARY}> {{ ?a ?b ?c }} }} #'",
    ],
)
def test_service_is_refused(text: str) -> None:
    with pytest.raises(BadQuery) as err:
        check(text)
    assert err.value.extra["refused"] == "SERVICE"


@pytest.mark.parametrize(
    ("text", "keyword", "graph"),
    [
        (f"SELECT * FROM <{CANARY}x> WHERE {{ ?s ?p ?o }}", "FROM", CANARY + "x"),
        ("SELECT * FROM NAMED <file:///etc/hostname> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED", "file:///etc/hostname"),
        (f"PREFIX c: <{CANARY}> ASK FROM c:x {{ }}", "FROM", CANARY + "x"),
        (f"BASE <{CANARY}> ASK FROM <x> {{ }}", "FROM", CANARY + "x"),
    ],
)
def test_remote_from_is_refused(text: str, keyword: str, graph: str) -> None:
    with pytest.raises(BadQuery) as err:
        check(text)
    assert (err.value.extra["refused"], err.value.extra["graph"]) == (keyword, graph)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <https://w3id.org/dtkg/graph/ontology> WHERE { ?s ?p ?o }",
        "PREFIX g: <https://w3id.org/dtkg/graph/> SELECT * FROM g:ontology FROM NAMED g:entities WHERE { ?s ?p ?o }",
        "BASE <https://w3id.org/dtkg/graph/> SELECT * FROM <ontology> WHERE { ?s ?p ?o }",
    ],
)
def test_local_from_is_allowed_and_resolved(text: str) -> None:
    gated = check(text)
    assert set(gated.from_graphs) | set(gated.from_named_graphs) <= LOCAL
    assert gated.from_graphs == ("https://w3id.org/dtkg/graph/ontology",)


@pytest.mark.parametrize(
    "text", [f"LOAD <{CANARY}x>", "CLEAR ALL", "DROP ALL", "INSERT DATA { <a> <b> <c> }"]
)
def test_updates_are_not_queries(text: str) -> None:
    with pytest.raises(BadQuery) as err:
        check(text)
    assert err.value.extra["refused"] == "update"


@pytest.mark.parametrize("opener", ["{", "(", "["])
def test_deep_nesting_is_a_400_not_a_recursion_error(opener: str) -> None:
    closer = {"{": "}", "(": ")", "[": "]"}[opener]
    text = "SELECT * WHERE { FILTER(" + opener * 10_000 + "1" + closer * 10_000 + ") }"
    with pytest.raises(BadQuery) as err:
        check(text, max_chars=1_000_000)
    assert f"more than {gate.MAX_DEPTH} deep" in err.value.detail


def test_nesting_inside_strings_does_not_count() -> None:
    assert check("SELECT * WHERE { ?s ?p '" + "{" * 500 + "' }").form == "SELECT"


def test_too_long_is_refused_before_parsing() -> None:
    with pytest.raises(BadQuery) as err:
        check("ASK {}" + " " * 200, max_chars=100)
    assert "at most 100" in err.value.detail


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(BadQuery) as err:
        check("SELECT * WHERE {\n  ?s ?p \n}")
    line = err.value.extra["line"]
    assert line in (2, 3)  # where the broken triple starts or where it ends
    assert f"line {line}, column {err.value.extra['column']}" in err.value.detail


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX ex: <http://example.org/>\n# a comment\nSELECT ?s WHERE { ?s ex:p ?o }", "SELECT"),
        ("BASE <http://example.org/> ask { <a> ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
    ],
)
def test_ordinary_queries_take_the_fast_path(text: str, form: str) -> None:
    """No rdflib parse (its cache is not even consulted): pyoxigraph's parser and the prologue scan agree."""
    before = gate._analyse_cached.cache_info()
    assert check(text).form == form
    after = gate._analyse_cached.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p 'a SeRvIcE in a string' }",  # the words anywhere, in any case
        "SELECT ?fromage WHERE { ?fromage ?p ?o }",
        "SELECT * WHERE { ?s <http://example.org/FROM> ?o }",
        "SELECT * WHERE {\n  ?s ?p \n}",  # pyoxigraph refuses it: the slow path says why
        "INSERT DATA { <a> <b> <c> }",
        "ſELECT * WHERE { ?s ?p ?o }",  # no ASCII form keyword: not classified here
    ],
)
def test_the_fast_path_hands_on_what_it_cannot_vouch_for(text: str) -> None:
    assert gate._fast_form(text) is None


def test_the_engine_parses_only_what_the_screen_let_through_and_its_result_is_the_answer() -> None:
    """Given the engine's own parse (the query workers), the fast path uses it: the query is parsed once."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o"),
                      ox.NamedNode("http://example.org/g")))
    parsed: list[str] = []

    def parse(text: str) -> object:
        parsed.append(text)
        return store.query(text, use_default_graph_as_union=True)

    with pytest.raises(BadQuery):
        gate.check("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", local_graphs=(),
                   max_chars=1000, parse=parse)
    assert parsed == []
    gated = gate.check("SELECT ?o WHERE { ?s ?p ?o }", local_graphs=(), max_chars=1000, parse=parse)
    assert parsed == ["SELECT ?o WHERE { ?s ?p ?o }"]
    assert [row["o"] for row in gated.prepared] == [ox.Literal("o")]
