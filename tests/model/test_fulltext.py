"""The full-text index: the same hits as a scan of the texts, exact offsets, folding, and staying in step.

Fixture policy: the built curated graph (two documents) for the search answers; a
small store built in the test for refresh, rollback and repair.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import vocab
from graph.config import load_settings
from graph.errors import BadRequest
from graph.matching.fold import fold as name_fold
from graph.model import claims
from graph.model.fulltext import FullTextIndex, fold, match_offsets, parse_query
from graph.model.snapshot import rows
from graph.store import OxigraphStore

ID = "https://w3id.org/dtkg/id/"
ONT = "https://w3id.org/dtkg/ontology#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def index(built_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> FullTextIndex:
    found = FullTextIndex(tmp_path_factory.mktemp("fts") / "store.fulltext.sqlite")
    assert found.ensure(built_store, "v1") is True
    return found


def _source_texts(store: OxigraphStore) -> dict[str, str]:
    return {r["item"].value: r["text"].value for r in rows(store, "fulltext-sources")}


@pytest.mark.parametrize("word", ["backlog", "Africa", "billion", "contracts", "sovereign", "CSTO"])
def test_claim_hits_equal_a_scan_of_the_claim_texts(index: FullTextIndex, built_store: OxigraphStore, word: str) -> None:
    claims = rows(built_store, "fulltext-claims")
    expected = {r["item"].value for r in claims if any(fold(t) == fold(word) for t in _words(r["text"].value))}
    assert expected, f"the corpus should mention {word}"
    assert index.matching_iris(word, "claim") == expected


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text)


def test_every_match_offset_is_a_true_slice_of_the_source_text(index: FullTextIndex, built_store: OxigraphStore) -> None:
    texts = _source_texts(built_store)
    results = index.search('"order backlog"', limit=100)
    assert results.hits
    for hit in results.hits:
        if hit.kind == "name":
            continue
        assert hit.matches, hit
        assert hit.source is not None
        for start, end in hit.matches:
            assert fold(texts[hit.source][start:end]) == "order backlog"


def test_phrase_is_stricter_than_its_words(index: FullTextIndex) -> None:
    words = index.matching_iris("order backlog", "claim")
    phrase = index.matching_iris('"order backlog"', "claim")
    assert phrase and phrase <= words


def test_prefix_query_finds_longer_words(index: FullTextIndex) -> None:
    assert index.matching_iris("Rosoboron*", "claim") >= index.matching_iris("Rosoboronexport", "claim")
    assert index.matching_iris("Rosoboron*", "claim")


def test_case_and_accents_fold_in_both_scripts(index: FullTextIndex) -> None:
    assert index.matching_iris("AFRICA", "claim") == index.matching_iris("africa", "claim")
    assert index.search("Рособоронэкспорт", kinds=["name"]).hits, "the Cyrillic alias is indexed as a name"
    assert index.search("рособоронэкспорт", kinds=["name"]).hits


def test_names_are_searchable_and_point_at_entities(index: FullTextIndex) -> None:
    hits = index.search("Rosoboronexport", kinds=["name"]).hits
    assert any(h.iri == ID + "rosoboronexport" for h in hits)


def test_user_text_is_never_fts_syntax() -> None:
    # Operators and column filters are quoted as words; a bare quote or NEAR cannot reach FTS5.
    import re

    parts = [t.fts() for t in parse_query('text: NEAR(a b) OR "x" col:* ^start')]
    assert all(re.fullmatch(r'"([^"]|"")*"\*?', part) for part in parts), parts
    assert parts == ['"text"', '"near a"', '"b"', '"or"', '"x"', '"col"*', '"start"']


@pytest.mark.parametrize("q", ["", "   ", "!!!", "x" * 501])
def test_empty_or_huge_search_is_a_bad_request(q: str) -> None:
    with pytest.raises(BadRequest):
        parse_query(q)


def test_unknown_kind_is_a_bad_request(index: FullTextIndex) -> None:
    with pytest.raises(BadRequest):
        index.search("africa", kinds=["nonsense"])


def test_match_offsets_handle_prefix_and_phrase() -> None:
    text = "Rosoboronexport’s order backlog; the Order  Backlog again"
    assert match_offsets(text, parse_query('"order backlog"')) == ((18, 31), (37, 51))
    assert match_offsets(text, parse_query("rosobor*")) == ((0, 15),)


# ---- staying in step with the store ----


def _claim_quads(graph: str, slug: str, text: str, start: int) -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    claim, ev, quote, pos = (ox.NamedNode(ID + slug + s) for s in ("", "-evidence", "-quote", "-position"))
    doc = ox.NamedNode(ID + "doc-" + slug)
    t = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return [
        ox.Quad(claim, t, ox.NamedNode(ONT + "Claim"), g),
        ox.Quad(claim, ox.NamedNode(ONT + "evidence"), ev, g),
        ox.Quad(ev, ox.NamedNode(OA + "hasSource"), doc, g),
        ox.Quad(ev, ox.NamedNode(OA + "hasSelector"), quote, g),
        ox.Quad(ev, ox.NamedNode(OA + "hasSelector"), pos, g),
        ox.Quad(quote, ox.NamedNode(OA + "exact"), ox.Literal(text), g),
        ox.Quad(pos, ox.NamedNode(OA + "start"), ox.Literal(str(start), datatype=ox.NamedNode(XSD + "nonNegativeInteger")), g),
    ]


def test_refresh_follows_a_committed_change_and_leaves_other_graphs(tmp_path: Path) -> None:
    store = OxigraphStore(None)
    store.apply([], _claim_quads("https://example.org/graph/a", "a", "helicopters for Brazil", 0))
    index = FullTextIndex(tmp_path / "i.sqlite")
    index.ensure(store, "v1")
    store.apply([], _claim_quads("https://example.org/graph/b", "b", "frigates for Brazil", 5))
    index.refresh(store, ["https://example.org/graph/b"], "v2")
    assert index.matching_iris("brazil", "claim") == {ID + "a", ID + "b"}
    assert index.search("frigates").hits[0].matches == ((5, 13),)
    store.apply(_claim_quads("https://example.org/graph/a", "a", "helicopters for Brazil", 0), [])
    index.refresh(store, ["https://example.org/graph/a"], "v3")
    assert index.matching_iris("brazil", "claim") == {ID + "b"}
    assert index.version() == "v3"


def test_a_failed_refresh_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    store = OxigraphStore(None)
    store.apply([], _claim_quads("https://example.org/graph/a", "a", "helicopters for Brazil", 0))
    index = FullTextIndex(tmp_path / "i.sqlite")
    index.ensure(store, "v1")

    class Unreachable(OxigraphStore):
        def query(self, *args: object, **kwargs: object) -> ox.QuerySolutions:
            raise RuntimeError("store went away mid-refresh")

    with pytest.raises(RuntimeError):
        index.refresh(Unreachable(None), ["https://example.org/graph/a"], "v2")
    assert index.version() == "v1"
    assert index.matching_iris("helicopters", "claim") == {ID + "a"}


def test_a_refresh_that_fails_halfway_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The old rows are deleted first inside the transaction; a failure after that restores them."""
    store = OxigraphStore(None)
    store.apply([], _claim_quads("https://example.org/graph/a", "a", "helicopters for Brazil", 0))
    index = FullTextIndex(tmp_path / "i.sqlite")
    index.ensure(store, "v1")

    def fail(items: object) -> None:
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(index, "_insert", fail)
    with pytest.raises(sqlite3.OperationalError):
        index.refresh(store, ["https://example.org/graph/a"], "v2")
    assert index.version() == "v1"
    assert index.matching_iris("helicopters", "claim") == {ID + "a"}


def test_a_stale_index_is_detected_and_rebuilt_at_open(tmp_path: Path) -> None:
    """A crash between the store commit and the index update leaves the old version: ensure() repairs it."""
    store = OxigraphStore(None)
    store.apply([], _claim_quads("https://example.org/graph/a", "a", "helicopters for Brazil", 0))
    path = tmp_path / "i.sqlite"
    FullTextIndex(path).ensure(store, "v1")
    store.apply([], _claim_quads("https://example.org/graph/b", "b", "frigates for Brazil", 5))  # committed; the index never heard of it
    reopened = FullTextIndex(path)
    assert reopened.matching_iris("frigates", "claim") == set()
    assert reopened.ensure(store, "v2") is True
    assert reopened.matching_iris("frigates", "claim") == {ID + "b"}
    assert reopened.ensure(store, "v2") is False


def test_an_index_of_another_schema_is_rebuilt(tmp_path: Path) -> None:
    store = OxigraphStore(None)
    store.apply([], _claim_quads("https://example.org/graph/a", "a", "helicopters", 0))
    path = tmp_path / "i.sqlite"
    FullTextIndex(path).ensure(store, "v1")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    assert FullTextIndex(path).ensure(store, "v1") is True


# ---- /api/claims?q=: the index gives the hits the text scan gave ----


def scanned_claims(store: OxigraphStore, q: str) -> set[str]:
    """The path ``/api/claims?q=`` took before the index: every claim text read from the store, folded, searched."""
    every = {"by": str(vocab.RDF.type), "value": ONT + "Claim"}
    return {r["claim"].value for r in rows(store, "api-claim-texts", every) if name_fold(q) in name_fold(r["text"].value)}


@pytest.mark.parametrize(
    "q", ["backlog", "ORDER BACKLOG", "billion.", "of t", "Рособоронэкспорт", "ro", "5", "sovereign", "nothing-like-this"]
)
def test_claims_q_answers_from_the_index_with_the_scans_hits(built_store: OxigraphStore, tmp_path: Path, q: str) -> None:
    settings = load_settings({"DTKG_STORE": str(tmp_path / "store")})
    found = claims.find(built_store, settings, claims.ClaimFilter(q=q), 500, 0)
    assert {vocab.entity(c.id) for c in found.items} == scanned_claims(built_store, q)
    assert found.total == len(scanned_claims(built_store, q))


def test_containing_is_a_substring_match_of_folded_claim_texts(index: FullTextIndex, built_store: OxigraphStore) -> None:
    texts = {r["item"].value: name_fold(r["text"].value) for r in rows(built_store, "fulltext-claims")}
    for needle in ("order backlog", "backl", "rd", "x", "billion"):
        assert index.containing(needle) == {iri for iri, text in texts.items() if needle in text}, needle
