"""A ``many`` parameter binds a tuple of terms, one solution each, without editing the query text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import BadQuery, BadRequest
from graph.sparql.catalogue import NamedQuery, parse_query_file
from graph.store import Binding, OxigraphStore

EX = "http://example.org/"


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    g = ox.NamedNode(EX + "g")
    s.apply([], [ox.Quad(ox.NamedNode(EX + n), ox.NamedNode(EX + "p"), ox.Literal(n), g) for n in ("a", "b", "c")])
    return s


def values(store: OxigraphStore, query: str, bindings: Mapping[str, Binding]) -> set[str]:
    solutions = store.query(query, bindings)
    assert isinstance(solutions, ox.QuerySolutions)
    return {row["o"].value for row in solutions}


QUERY = f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}"


def test_a_tuple_binds_one_solution_per_term(store: OxigraphStore) -> None:
    picked = (ox.NamedNode(EX + "a"), ox.NamedNode(EX + "c"))
    assert values(store, QUERY, {"s": picked}) == {"a", "c"}


def test_an_empty_tuple_matches_nothing(store: OxigraphStore) -> None:
    assert values(store, QUERY, {"s": ()}) == set()


def test_single_terms_and_tuples_together(store: OxigraphStore) -> None:
    bindings: dict[str, Binding] = {"o": ox.Literal("b"), "s": (ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"))}
    assert values(store, QUERY, bindings) == {"b"}


def test_a_tuple_holds_terms_only(store: OxigraphStore) -> None:
    with pytest.raises(BadQuery):
        store.query(QUERY, {"s": ("not a term",)})  # type: ignore[dict-item]  # the point of the test


@pytest.fixture
def many_query(tmp_path: Path) -> NamedQuery:
    path = tmp_path / "pick.rq"
    path.write_text(f"#+ title: Pick\n#+ param: s iri many -- subjects\n#+ param: o string\nSELECT ?o WHERE {{ ?s <{EX}p> ?o }}\n")
    return parse_query_file(path)


def test_the_catalogue_declares_many(many_query: NamedQuery, store: OxigraphStore) -> None:
    assert [p.many for p in many_query.params] == [True, False]
    bound = many_query.bind({"s": [EX + "a", EX + "b"]})
    assert bound["s"] == (ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"))
    assert values(store, many_query.text, bound) == {"a", "b"}
    assert many_query.bind({"s": EX + "c"})["s"] == (ox.NamedNode(EX + "c"),)


def test_one_value_parameters_refuse_a_list(many_query: NamedQuery) -> None:
    with pytest.raises(BadRequest, match="one value"):
        many_query.bind({"o": ["x", "y"]})
