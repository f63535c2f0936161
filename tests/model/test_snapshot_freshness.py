"""The lookup index follows changes made behind the server's back (issue 19).

Another machine writing to a shared store does not call ``snapshot.invalidate``;
the server re-reads the store's version marker once ``VERSION_TTL`` has passed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import vocab
from graph.build import build
from graph.config import Settings, load_settings
from graph.model import snapshot
from graph.store import OxigraphStore, RemoteStore
from tests.conftest import oxigraph_server_at

SKOS_PREF_LABEL = str(vocab.SKOS.prefLabel)


@dataclass
class SharedStore:
    """A real oxigraph server holding the curated graph, seen by this process and written by another machine."""

    store: RemoteStore
    settings: Settings

    def added_elsewhere(self, name: str, label: str) -> str:
        """Another machine's writer adds an entity with a label (this process is not told); its IRI."""
        iri = vocab.entity(name)
        graph = ox.NamedNode(vocab.entity(f"graph-{name}"))
        other = RemoteStore(self.settings.endpoint or "")
        other.apply([], [ox.Quad(ox.NamedNode(iri), ox.NamedNode(SKOS_PREF_LABEL), ox.Literal(label, language="en"), graph)])
        other.close()
        return iri


@pytest.fixture
def shared(built_store: OxigraphStore, tmp_path: Path) -> Iterator[SharedStore]:
    with oxigraph_server_at(tmp_path / "oxigraph") as url:
        store = RemoteStore(url)
        store.replace_all(built_store.quads())
        yield SharedStore(store, load_settings({"DTKG_ENDPOINT": url, "DTKG_STORE": str(tmp_path / "store")}))
        store.close()


def test_an_entity_added_elsewhere_is_known_after_the_version_ttl(shared: SharedStore) -> None:
    """Once the TTL has passed, a lookup reads the version itself and sees the change."""
    assert not snapshot.current(shared.store, shared.settings).known(vocab.entity("test-newcomer-org"))
    iri = shared.added_elsewhere("test-newcomer-org", "Newcomer Org")
    time.sleep(snapshot.VERSION_TTL + 0.1)
    fresh = snapshot.current(shared.store, shared.settings)
    assert fresh.known(iri)
    assert fresh.label(iri) == "Newcomer Org"


def test_a_shared_store_under_traffic_has_its_version_read_in_the_background(shared: SharedStore) -> None:
    """A lookup in the second half of the TTL starts the next version read without waiting for it."""
    first = snapshot.current(shared.store, shared.settings)
    iri = shared.added_elsewhere("test-background-org", "Background Org")
    time.sleep(snapshot.VERSION_TTL / 2 + 0.1)
    assert snapshot.current(shared.store, shared.settings) is first, "this lookup answers at once from the version it trusts"
    deadline = time.monotonic() + snapshot.VERSION_TTL / 2 - 0.3  # before the TTL would force a read in the request
    while not snapshot.current(shared.store, shared.settings).known(iri) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert snapshot.current(shared.store, shared.settings).known(iri)


def test_an_embedded_store_is_read_again_only_after_a_write_through_it(tmp_path: Path) -> None:
    """No other process can write an open embedded store, so its version is not re-read on a clock."""
    store = OxigraphStore(tmp_path / "store")
    build(store)
    settings = load_settings({"DTKG_STORE": str(tmp_path / "store")})
    first = snapshot.current(store, settings)
    time.sleep(snapshot.VERSION_TTL + 0.1)
    assert snapshot.current(store, settings) is first
    iri = vocab.entity("test-written-org")
    graph = ox.NamedNode(vocab.entity("graph-test-written"))
    store.apply([], [ox.Quad(ox.NamedNode(iri), ox.NamedNode(SKOS_PREF_LABEL), ox.Literal("Written Org", language="en"), graph)])
    assert snapshot.current(store, settings).known(iri), "a write through the store is seen at once"
    store.close()


def test_a_replaced_snapshot_is_freed_though_snapshots_are_kept_out_of_the_gc(tmp_path: Path) -> None:
    """Snapshots are frozen out of the cyclic GC's walk; the one a new version replaces must still be collected."""
    import weakref

    store = OxigraphStore(tmp_path / "store")
    build(store)
    settings = load_settings({"DTKG_STORE": str(tmp_path / "store")})
    old = weakref.ref(snapshot.current(store, settings))
    graph = ox.NamedNode(vocab.entity("graph-test-freed"))
    label = ox.Quad(ox.NamedNode(vocab.entity("test-freed-org")), ox.NamedNode(SKOS_PREF_LABEL), ox.Literal("Freed Org", language="en"), graph)
    store.apply([], [label])
    snapshot.invalidate(store)
    assert snapshot.current(store, settings).known(vocab.entity("test-freed-org"))
    assert old() is None
    store.close()
