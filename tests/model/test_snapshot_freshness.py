"""The lookup index follows changes made behind the server's back (issue 19).

Another machine writing to a shared store does not call ``snapshot.invalidate``;
the server re-reads the store's version marker once ``VERSION_TTL`` has passed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox

from graph import vocab
from graph.build import build
from graph.config import load_settings
from graph.model import snapshot
from graph.store import OxigraphStore, RemoteStore
from tests.conftest import oxigraph_server_at


def test_an_entity_added_elsewhere_is_known_after_the_version_ttl(built_store: OxigraphStore, tmp_path: Path) -> None:
    """A shared store (a real oxigraph server) written by another machine: seen once the TTL has passed."""
    with oxigraph_server_at(tmp_path / "oxigraph") as url:
        store = RemoteStore(url)
        store.replace_all(built_store.quads())
        settings = load_settings({"DTKG_ENDPOINT": url, "DTKG_STORE": str(tmp_path / "store")})
        iri = vocab.entity("test-newcomer-org")
        assert not snapshot.current(store, settings).known(iri)

        graph = ox.NamedNode(vocab.entity("graph-test-newcomer"))
        label = ox.Quad(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Newcomer Org", language="en"), graph)
        other = RemoteStore(url)  # another machine's writer: this process is not told
        other.apply([], [label])
        time.sleep(snapshot.VERSION_TTL + 0.1)

        fresh = snapshot.current(store, settings)
        assert fresh.known(iri)
        assert fresh.label(iri) == "Newcomer Org"
        store.close()
        other.close()


def test_a_shared_store_under_traffic_has_its_version_read_in_the_background(built_store: OxigraphStore, tmp_path: Path) -> None:
    """A lookup in the second half of the TTL starts the next version read without waiting for it (a real oxigraph server)."""
    with oxigraph_server_at(tmp_path / "oxigraph") as url:
        store = RemoteStore(url)
        store.replace_all(built_store.quads())
        settings = load_settings({"DTKG_ENDPOINT": url, "DTKG_STORE": str(tmp_path / "store")})
        iri = vocab.entity("test-background-org")
        first = snapshot.current(store, settings)
        graph = ox.NamedNode(vocab.entity("graph-test-background"))
        label = ox.Quad(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Background Org", language="en"), graph)
        other = RemoteStore(url)  # another machine's writer
        other.apply([], [label])
        time.sleep(snapshot.VERSION_TTL / 2 + 0.1)
        assert snapshot.current(store, settings) is first, "this lookup answers at once from the version it trusts"
        deadline = time.monotonic() + snapshot.VERSION_TTL / 2 - 0.3  # before the TTL would force a read in the request
        while not snapshot.current(store, settings).known(iri) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert snapshot.current(store, settings).known(iri)
        store.close()
        other.close()


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
    store.apply([], [ox.Quad(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Written Org", language="en"), graph)])
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
    label = ox.Quad(ox.NamedNode(vocab.entity("test-freed-org")), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Freed Org", language="en"), graph)
    store.apply([], [label])
    snapshot.invalidate(store)
    assert snapshot.current(store, settings).known(vocab.entity("test-freed-org"))
    assert old() is None
    store.close()
