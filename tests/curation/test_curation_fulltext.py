"""The full-text index moves with every change through the one commit path, and is repaired after a crash.

Fixture policy: a private copy of the built curated store per test (``writable_store_path``);
the sample change (``examples/sample-change.trig``) is the text that appears and disappears.
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

import pytest

from graph import curation, vocab
from graph.config import Settings, load_settings
from graph.errors import NotConformant
from graph.model import claims, fulltext, snapshot
from graph.store import OxigraphStore, layout
from graph.store.writelock import lock_path
from tests.conftest import ServerFactory
from tests.curation.test_curation_changes import sample_with_bad_span
from tests.curation.test_curation_crash import run_cycle
from tests.model.test_fulltext import scanned_claims

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-change.trig"
WORD = "harbourline"
"""A word only the sample change's texts hold."""
UNTOUCHED = "https://example.org/graph/never-touched"


def settings_for(path: Path) -> Settings:
    return load_settings({"DTKG_STORE": str(path)})


def rows_of(path: Path) -> set[tuple[object, ...]]:
    """Everything the index holds, without row ids: what two indexes of the same store must share."""
    with sqlite3.connect(path) as db:
        items = db.execute("SELECT kind, iri, graph, source, start, title, text FROM items").fetchall()
        folds = db.execute(
            "SELECT claim_iris.iri, claim_folds.folded FROM claim_folds JOIN claim_iris ON claim_iris.id = claim_folds.rowid"
        ).fetchall()
    return {("item", *row) for row in items} | {("fold", *row) for row in folds}


def plant_marker(path: Path) -> None:
    """A row no store graph explains: a refresh of other graphs keeps it, a rebuild drops it."""
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO items (kind, iri, graph, text) VALUES ('name', 'urn:marker', ?, 'marker')", (UNTOUCHED,))


def has_marker(path: Path) -> bool:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM items WHERE iri = 'urn:marker'").fetchone()[0] == 1


@pytest.fixture
def settings(writable_store_path: Path) -> Settings:
    return settings_for(writable_store_path)


def test_a_change_moves_the_index_incrementally_in_the_commit_step(store: OxigraphStore, settings: Settings, lock: Path) -> None:
    index = fulltext.index_for(store, settings)
    plant_marker(index.path)
    assert index.matching_iris(WORD, "source") == set()
    outcome = curation.add_change(store, curation.read_files([SAMPLE]), author="t", lock=lock, settings=settings)
    assert index.version() == layout.version(store, settings), "the index records the store version it reflects"
    assert index.matching_iris(WORD, "source"), "the new document's text is searchable without a rebuild"
    assert index.containing("order backlog stands"), "and its claims' folded texts"
    assert has_marker(index.path), "only the graphs the change touched were re-read"
    curation.revert_change(store, outcome.change.id, author="t", lock=lock, settings=settings)
    assert index.matching_iris(WORD, "source") == set()
    assert index.version() == layout.version(store, settings)


def test_an_index_not_at_the_starting_version_is_rebuilt_whole(store: OxigraphStore, settings: Settings, lock: Path) -> None:
    index = fulltext.index_for(store, settings)
    plant_marker(index.path)
    with sqlite3.connect(index.path) as db:  # as if another writer's change never reached this index
        db.execute("UPDATE meta SET value = 'elsewhere' WHERE key = 'version'")
    curation.add_change(store, curation.read_files([SAMPLE]), author="t", lock=lock, settings=settings)
    assert not has_marker(index.path)
    assert index.version() == layout.version(store, settings)
    assert index.matching_iris(WORD, "source")


def test_a_change_that_fails_leaves_the_index_as_it_was(store: OxigraphStore, settings: Settings, lock: Path) -> None:
    index = fulltext.index_for(store, settings)
    before = (index.version(), rows_of(index.path))
    with pytest.raises(NotConformant):  # a quote that is not at its offsets (S16)
        curation.add_change(store, sample_with_bad_span(), author="t", lock=lock, settings=settings)
    assert (index.version(), rows_of(index.path)) == before


def test_a_writer_killed_at_random_moments_leaves_an_index_that_start_up_repairs(writable_store_path: Path) -> None:
    """SIGKILL lands anywhere, also between the store commit and the index update; warm() makes them agree."""
    rng = random.Random(20261130)
    number, acknowledged = 0, []
    for _ in range(6):
        acked = run_cycle(writable_store_path, number, rng.uniform(0.2, 1.5), "--fulltext")
        acknowledged.extend(acked)
        number = (acked[-1][0] if acked else number) + 2
    assert acknowledged, "the writer never got a change through; the kill window is too short"
    settings = settings_for(writable_store_path)
    store = OxigraphStore(writable_store_path)
    try:
        fulltext.warm(store, settings)
        index_path = layout.fulltext_path(settings)
        assert fulltext.index_for(store, settings).version() == layout.version(store, settings)
        fresh = fulltext.FullTextIndex(writable_store_path.with_name("fresh.sqlite"))
        fresh.rebuild(store, "fresh")
        assert rows_of(index_path) == rows_of(fresh.path)
        names = fulltext.index_for(store, settings).matching_iris("crash person", "name")
        assert {f"https://w3id.org/dtkg/id/crash-person-{n}" for n, _ in acknowledged} <= names
    finally:
        store.close()


def test_a_store_commit_without_its_index_update_is_repaired_when_the_server_starts(
    writable_store_path: Path, start_server: ServerFactory
) -> None:
    """The crash window made deterministic: commit with no index step, then start a real server and search nothing."""
    settings = settings_for(writable_store_path)
    store = OxigraphStore(writable_store_path)
    try:
        stale = fulltext.index_for(store, settings).version()
        curation.add_change(store, curation.read_files([SAMPLE]), author="t", lock=lock_path(writable_store_path))
        assert layout.version(store, settings) != stale
    finally:
        store.close()
    server = start_server({"DTKG_STORE": str(writable_store_path)})
    deadline = time.monotonic() + 60
    index = fulltext.FullTextIndex(layout.fulltext_path(settings))
    while index.version() == stale and time.monotonic() < deadline:  # no request: the start-up check repairs it
        time.sleep(0.2)
    assert index.version() not in (stale, None)
    with server.client() as client:
        found = client.get("/api/search", params={"q": WORD, "kind": "source"}).json()
    assert found["total"] == 1


def test_claims_q_gives_the_same_claims_as_the_text_scan(store: OxigraphStore, settings: Settings, lock: Path) -> None:
    """After a change, /api/claims?q= (the index) still equals a scan of the claim texts in the store."""
    curation.add_change(store, curation.read_files([SAMPLE]), author="t", lock=lock, settings=settings)
    snapshot.invalidate(store)
    for q in ("order backlog", "EUR 2.4", "on schedule"):
        scanned = scanned_claims(store, q)
        found = claims.find(store, settings, claims.ClaimFilter(q=q), 500, 0)
        assert scanned
        assert {vocab.entity(c.id) for c in found.items} == scanned


def test_claim_lookups_kept_per_store_version_see_a_change_at_once(store: OxigraphStore, settings: Settings, lock: Path) -> None:
    """The claims of a speaker are kept with the snapshot of one store version; a write makes a new one."""
    before = claims.find(store, settings, claims.ClaimFilter(speaker="mikheev"), 500, 0).total
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    moved = "".join(line.replace("id:sample-mara-okafor", "id:mikheev") if "prov:" in line else line for line in lines)
    changed = store.path.with_name("to-mikheev.trig") if store.path else SAMPLE
    changed.write_text(moved, encoding="utf-8")
    curation.add_change(store, curation.read_files([changed]), author="t", lock=lock, settings=settings)
    snapshot.invalidate(store)  # what the server's middleware does after every write
    after = claims.find(store, settings, claims.ClaimFilter(speaker="mikheev"), 500, 0)
    assert after.total == before + 2
    assert {"claim-sample-backlog", "claim-sample-deliveries"} <= {c.id for c in after.items}
