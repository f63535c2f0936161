"""Parameter binding: values land as terms in the WHERE group, whatever the query text holds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import BadQuery
from graph.store import OxigraphStore, bind_values

EX = "http://example.org/"


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    g = ox.NamedNode(EX + "g")
    s.apply(
        [],
        [
            ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "label"), ox.Literal("x { y"), g),
            ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "label"), ox.Literal("z"), g),
        ],
    )
    return s


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s <http://example.org/label> ?label }",
        "SELECT ?s { ?s <http://example.org/label> ?label }",
        "# a comment with { brace\nSELECT ?s WHERE { ?s <http://example.org/label> ?label }",
        'SELECT ?s WHERE { ?s <http://example.org/label> ?label FILTER(?label != "}{") }',
        "PREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:label ?label }",
    ],
)
def test_binding_restricts_to_the_value(store: OxigraphStore, query: str) -> None:
    rows = store.query(query, {"label": ox.Literal("x { y")})
    assert [r["s"].value for r in rows] == [EX + "a"]  # type: ignore[index]


def test_aggregate_query_binds_an_unprojected_variable(store: OxigraphStore) -> None:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/label> ?label }", {"label": ox.Literal("z")})
    assert [int(r["n"].value) for r in rows] == [1]  # type: ignore[index]


def test_construct_template_is_skipped(store: OxigraphStore) -> None:
    triples = list(
        store.query(  # type: ignore[call-overload]
            "CONSTRUCT { ?s <http://example.org/seen> true } WHERE { ?s <http://example.org/label> ?label }",
            {"label": ox.Literal("z")},
        )
    )
    assert [t.subject.value for t in triples] == [EX + "b"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s <http://example.org/label> ?label }",  # bound by VALUES
        "SELECT ?s WHERE { ?s <http://example.org/label> ?x FILTER(?x = ?label) }",  # written as a constant
    ],
)
def test_hostile_literal_stays_a_literal(store: OxigraphStore, query: str) -> None:
    before = store.fingerprint()
    rows = store.query(query, {"label": ox.Literal('x" ) } ; DROP ALL ; #')})
    assert list(rows) == []
    assert store.fingerprint() == before


def test_bad_variable_name_is_refused() -> None:
    with pytest.raises(BadQuery):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s) } DROP ALL #": ox.Literal("x")})


def test_query_without_group_is_refused() -> None:
    with pytest.raises(BadQuery):
        bind_values("SELECT * FROM <http://example.org/>", {"s": ox.Literal("x")})


def test_filter_only_parameter_becomes_a_constant(store: OxigraphStore) -> None:
    query = "SELECT ?s WHERE { ?s <http://example.org/label> ?label FILTER(CONTAINS(?label, ?needle)) }"
    text = bind_values(query, {"needle": ox.Literal("{ y")})
    assert "VALUES" not in text
    rows = store.query(query, {"needle": ox.Literal("{ y")})
    assert [r["s"].value for r in rows] == [EX + "a"]  # type: ignore[index]


@pytest.mark.parametrize(
    "query",
    [
        # Not directly in the WHERE group's filters: VALUES, whose scope differs from a constant's there.
        "SELECT * WHERE { ?s <http://example.org/label> ?label FILTER(?label = ?x) }",
        "SELECT ?s WHERE { ?s <http://example.org/label> ?label FILTER(BOUND(?x)) }",
        "SELECT ?s WHERE { ?s <http://example.org/label> ?label OPTIONAL { ?s ?p ?o FILTER(?o = ?x) } }",
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?x) } } }",
        "SELECT ?s WHERE { ?s <http://example.org/label> ?label FILTER(?label = ?x) } ORDER BY ?x",
        "SELECT ?s WHERE { ?s <http://example.org/label> ?x }",
    ],
)
def test_other_parameters_stay_in_values(query: str) -> None:
    assert "VALUES ?x" in bind_values(query, {"x": ox.Literal("z")})


def test_constant_and_values_give_the_same_answers(store: OxigraphStore) -> None:
    """The SELECT * form keeps VALUES (and shows ?x); projecting ?s the constant gives the same rows."""
    star = store.query("SELECT * WHERE { ?s <http://example.org/label> ?label FILTER(?label = ?x) }", {"x": ox.Literal("z")})
    named = store.query("SELECT ?s WHERE { ?s <http://example.org/label> ?label FILTER(?label = ?x) }", {"x": ox.Literal("z")})
    star_rows = [(r["s"].value, r["x"].value) for r in star]  # type: ignore[index]
    assert star_rows == [(EX + "b", "z")]
    assert [r["s"].value for r in named] == [EX + "b"]  # type: ignore[index]



def test_an_iri_in_top_level_patterns_becomes_a_constant(store: OxigraphStore) -> None:
    """api-claim-ids' shape: predicate and object bound, both only in the WHERE group's own triple patterns."""
    query = "SELECT DISTINCT ?s WHERE { ?s ?by ?value . ?s ?by ?other FILTER(?other != ?value) }"
    bindings = {"by": ox.NamedNode(EX + "label"), "value": ox.NamedNode(EX + "c")}
    text = bind_values(query, bindings)
    assert "VALUES" not in text
    assert f"<{EX}label>" in text
    assert list(store.query(query, bindings)) == []
    found = store.query("SELECT ?s WHERE { ?s ?by ?label }", {"by": ox.NamedNode(EX + "label"), "label": ox.Literal("z")})
    assert [r["s"].value for r in found] == [EX + "b"]  # type: ignore[index]


@pytest.mark.parametrize(
    "query",
    [
        # Each sees a VALUES binding differently from a constant, or a constant would not parse there.
        "SELECT ?s ?x WHERE { ?s ?x ?o }",
        "SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s ?x ?o } }",
        "SELECT ?s WHERE { ?s ?p ?o MINUS { ?s ?x ?o } }",
        "SELECT ?s WHERE { { ?s ?x ?o } UNION { ?o ?x ?s } }",
        "SELECT ?s WHERE { ?s ?p ?o BIND(?o AS ?x) }",
        "SELECT ?s WHERE { ?s ?x ?o VALUES ?x { <http://example.org/label> } }",
        "SELECT ?s WHERE { ?s ?x ?o } GROUP BY ?s ?x",
        "SELECT * WHERE { ?s ?x ?o }",
        "CONSTRUCT { ?s ?x ?o } WHERE { ?s ?x ?o }",
    ],
)
def test_an_iri_elsewhere_stays_in_values(query: str) -> None:
    assert "VALUES ?x {" in bind_values(query, {"x": ox.NamedNode(EX + "label")})


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?x ?o }",
        "SELECT ?s WHERE { ?s ?x ?o FILTER(?x != <http://example.org/seen>) }",
        "SELECT (COUNT(?s) AS ?n) WHERE { ?s ?x ?o }",
        "SELECT ?s WHERE { ?s ?p ?o . ?o ?x ?s }",
        "SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s ?x ?o } }",
        "SELECT ?s WHERE { ?s ?p ?o MINUS { ?s ?x ?o } }",
    ],
)
def test_constant_iri_and_values_give_the_same_answers(store: OxigraphStore, query: str) -> None:
    """Whichever way the helper binds, the rows are those of the VALUES block written by hand."""
    by_hand = query.replace("WHERE {", "WHERE { VALUES ?x { <http://example.org/label> }", 1)
    bound = store.query(query, {"x": ox.NamedNode(EX + "label")})
    expected = store.query(by_hand)
    assert sorted(map(str, bound)) == sorted(map(str, expected))  # type: ignore[call-overload]
