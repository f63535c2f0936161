"""Pages of the claims list are kept per store version (issue 18 point 2): asked again, the same
page comes back without reading the store; after a write, the page is read afresh."""

from __future__ import annotations

import pyoxigraph as ox

from graph import vocab
from graph.config import load_settings
from graph.model import claims
from graph.store import OxigraphStore


def test_a_page_is_kept_until_a_write_changes_it(built_store: OxigraphStore) -> None:
    store = OxigraphStore(None)
    store.apply([], list(built_store.quads()))
    settings = load_settings({})
    where = claims.ClaimFilter()
    first = claims.find(store, settings, where, 5, 0)
    assert first.items, "the curated data has claims"
    assert claims.find(store, settings, where, 5, 0) is first, "asked again before a write: the kept page"
    gone = vocab.entity(first.items[0].id)
    store.apply([q for q in store.quads() if q.subject == ox.NamedNode(gone)], [])
    after = claims.find(store, settings, where, 5, 0)
    assert after.total == first.total - 1
    assert first.items[0].id not in [c.id for c in after.items]
    assert [c.id for c in after.items[:4]] == [c.id for c in first.items[1:]]


def test_a_large_page_is_not_kept(built_store: OxigraphStore) -> None:
    """Entity pages ask for 500 claims; keeping 1024 of those could hold a GB, so they are read each time."""
    settings = load_settings({})
    big = claims.find(built_store, settings, claims.ClaimFilter(), claims.PAGE_KEPT_UP_TO + 1, 0)
    again = claims.find(built_store, settings, claims.ClaimFilter(), claims.PAGE_KEPT_UP_TO + 1, 0)
    assert big is not again and big == again
