"""A forked change log: two changes committed on the same state, refused and healed (graph/curation.py).

A store that does not run a guarded update as one serialisable step (Oxigraph's
server) can let two writers on different machines both commit on the same
version; tests/curation/test_several_machines.py provokes that with real
processes. Here the fork is built the way it comes about — each change
validated and committed on its own copy of the same state, then both present in
one store — so what follows is deterministic.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import curation, vocab
from graph.errors import Conflict
from graph.rdf import canonical, parse
from graph.store import OxigraphStore

PREFIXES = """@prefix dtkg: <https://w3id.org/dtkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
SHARED = f'GRAPH <{vocab.ENTITIES_GRAPH}> {{ <https://w3id.org/dtkg/id/fork-shared> a dtkg:Person ; skos:prefLabel "Shared"@en . }}\n'


def change(name: str, *, shared: bool = True) -> list[ox.Quad]:
    """A new person of its own, and (``shared``) the same entity both forked writers happen to add."""
    text = (PREFIXES + f'<https://w3id.org/dtkg/id/fork-{name}> a dtkg:Person ; skos:prefLabel "Fork {name}"@en .\n'
            + (SHARED if shared else ""))
    return canonical.skolemise(parse.parse_upload(text.encode(), "application/trig"))


@pytest.fixture
def forked(store: OxigraphStore, tmp_path: Path) -> tuple[str, str]:
    """Changes A and B, each committed on the same version after a first change; their ids (A's store is the test's)."""
    curation.add_change(store, change("first", shared=False), author="setup", lock=tmp_path / "setup.lock")
    twin = OxigraphStore(None)
    twin.replace_all(store.quads())
    a = curation.add_change(store, change("a"), author="alpha", lock=tmp_path / "a.lock").change.id
    b = curation.add_change(twin, change("b"), author="beta", lock=tmp_path / "b.lock").change.id
    mine = set(store.quads())
    store.apply([], [q for q in twin.quads() if q not in mine])  # B's update, let through beside A's
    twin.close()
    return a, b


def people(store: OxigraphStore) -> set[str]:
    return {q.subject.value for q in store.quads() if q.subject.value.startswith("https://w3id.org/dtkg/id/fork-")}


def test_a_forked_log_refuses_every_write_and_names_both_changes(
    store: OxigraphStore, forked: tuple[str, str], tmp_path: Path
) -> None:
    a, b = forked
    assert [v.value for v in curation.read_versions(store)] == sorted([a, b])
    before = set(store.quads())
    with pytest.raises(Conflict, match="the change log has forked; nothing was written") as refused:
        curation.add_change(store, change("c"), author="gamma", lock=tmp_path / "c.lock")
    assert refused.value.extra["forked_changes"] == sorted([a, b])
    assert "dtkg revert" in str(refused.value)
    assert set(store.quads()) == before


def test_reverting_one_head_heals_the_fork_and_keeps_the_other_change_whole(
    store: OxigraphStore, forked: tuple[str, str], tmp_path: Path
) -> None:
    a, b = forked
    revert = curation.revert_change(store, b, author="curator", lock=tmp_path / "r.lock").change
    assert [v.value for v in curation.read_versions(store)] == [revert.id]
    assert people(store) == {vocab.ENTITY + f"fork-{n}" for n in ("first", "a", "shared")}  # B's own person gone
    added, _ = curation.change_quads(store, a)
    assert any(q.graph_name.value == vocab.ENTITIES_GRAPH for q in added)  # A and B both added the shared entity
    assert set(added) <= set(store.quads())  # A whole: the entity both added stays, A added it too
    # writes are accepted again
    curation.add_change(store, change("c"), author="gamma", lock=tmp_path / "c.lock")
    assert vocab.ENTITY + "fork-c" in people(store)


def test_only_a_head_of_the_fork_can_be_reverted(
    store: OxigraphStore, forked: tuple[str, str], tmp_path: Path
) -> None:
    a, b = forked
    older = next(c for c in curation.list_changes(store, limit=10_000)[0] if c.id not in (a, b))
    before = set(store.quads())
    with pytest.raises(Conflict, match="forked; nothing was written"):
        curation.revert_change(store, older.id, author="curator", lock=tmp_path / "r.lock")
    assert set(store.quads()) == before
