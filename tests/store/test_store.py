"""Round trips through every store backend: load, query, named graphs, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import BadQuery, StoreUnavailable
from graph.store import OxigraphStore, RemoteStore, Store

EX = "http://example.org/"
G1 = ox.NamedNode(EX + "g1")
G2 = ox.NamedNode(EX + "g2")


def q(s: str, p: str, o: ox.NamedNode | ox.Literal, g: ox.NamedNode = G1) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o, g)


ALICE_KNOWS_BOB = q("alice", "knows", ox.NamedNode(EX + "bob"))
BOB_NAME = q("bob", "name", ox.Literal("Bob \"the\" Builder", language="en"), G2)
TRICKY = q("carol", "note", ox.Literal("line1\nline2 } ; DROP ALL ; #"), G2)


def names(rows: object, var: str) -> list[str]:
    return sorted(row[var].value for row in rows)  # type: ignore[attr-defined]


def test_apply_then_query_sees_union_of_named_graphs(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB, BOB_NAME, TRICKY])
    rows = store.query("SELECT ?name WHERE { ?x <http://example.org/knows> ?y . ?y <http://example.org/name> ?name }")
    assert names(rows, "name") == ['Bob "the" Builder']
    assert store.count() == 3
    assert store.count(G2) == 2
    assert [g.value for g in store.named_graphs()] == [G1.value, G2.value]


def test_bindings_are_terms_not_text(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB, TRICKY])
    hostile = ox.Literal("line1\nline2 } ; DROP ALL ; #")
    rows = store.query("SELECT ?s WHERE { ?s <http://example.org/note> ?note }", {"note": hostile})
    assert names(rows, "s") == [EX + "carol"]
    assert store.count() == 2


def test_filter_only_binding_is_a_constant_on_every_backend(store: Store) -> None:
    """bind_values writes a filter-only parameter as the serialised term: same rows everywhere, nothing run."""
    store.apply([], [ALICE_KNOWS_BOB, BOB_NAME, TRICKY])
    query = "SELECT ?s WHERE { ?s ?p ?text FILTER(isLiteral(?text) && CONTAINS(STR(?text), ?needle)) }"
    for needle, expected in ((ox.Literal("} ; DROP"), [EX + "carol"]), (ox.Literal('"the"'), [EX + "bob"])):
        assert names(store.query(query, {"needle": needle}), "s") == expected
    assert store.count() == 3


def test_graph_scoped_query(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB, BOB_NAME])
    rows = store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G1})
    assert names(rows, "s") == [EX + "alice"]


def test_apply_removes_and_adds_in_one_step(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB, BOB_NAME])
    replacement = q("alice", "knows", ox.NamedNode(EX + "dave"))
    store.apply([ALICE_KNOWS_BOB], [replacement])
    assert set(store.quads()) == {BOB_NAME, replacement}


def test_failed_update_changes_nothing(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB])
    before = store.fingerprint()
    with pytest.raises(BadQuery):
        store.update("INSERT DATA { GRAPH <http://example.org/g1> { <http://example.org/x> <http://example.org/p> 1 } } ; this is not sparql")
    assert store.fingerprint() == before


def test_replace_all_swaps_content(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB])
    store.replace_all([BOB_NAME, TRICKY])
    assert set(store.quads()) == {BOB_NAME, TRICKY}


def test_dump_keeps_named_graphs_in_dataset_formats(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB, BOB_NAME])
    reparsed = set(ox.parse(store.dump(ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS))
    assert reparsed == {ALICE_KNOWS_BOB, BOB_NAME}
    triples = list(ox.parse(store.dump(ox.RdfFormat.TURTLE), ox.RdfFormat.TURTLE))
    assert len(triples) == 2


def test_fingerprint_depends_on_content_only(store: Store) -> None:
    store.apply([], [BOB_NAME, ALICE_KNOWS_BOB])
    first = store.fingerprint()
    store.replace_all([ALICE_KNOWS_BOB, BOB_NAME])
    assert store.fingerprint() == first


def test_construct_returns_triples(store: Store) -> None:
    store.apply([], [ALICE_KNOWS_BOB])
    triples = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))  # type: ignore[call-overload]
    assert triples == [ox.Triple(ALICE_KNOWS_BOB.subject, ALICE_KNOWS_BOB.predicate, ALICE_KNOWS_BOB.object)]


def test_syntax_error_is_bad_query(store: Store) -> None:
    with pytest.raises(BadQuery):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_embedded_store_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.apply([], [ALICE_KNOWS_BOB])
    store.close()
    reopened = OxigraphStore(path, read_only=True)
    assert set(reopened.quads()) == {ALICE_KNOWS_BOB}


def test_read_only_open_of_missing_store_says_build(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="dtkg build"):
        OxigraphStore(tmp_path / "nothing", read_only=True)


def test_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "store")
    with pytest.raises(StoreUnavailable, match="in use by another process"):
        OxigraphStore(tmp_path / "store")
    first.close()


def test_unreachable_endpoint_fails_fast_with_url() -> None:
    from tests.support.servers import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(url, connect_timeout=2)
    with pytest.raises(StoreUnavailable, match="127.0.0.1"):
        store.count()
