"""Every claim shaped once per store version (issue 18 point 2, the cold path): a page then costs
dictionary lookups. The table must give exactly the claims the page queries give, and no request
may change what another reads from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest

from graph import vocab
from graph.config import load_settings
from graph.model import claims
from graph.model.snapshot import current
from graph.store import OxigraphStore


def test_the_table_holds_each_claim_as_the_page_queries_read_it(built_store: OxigraphStore) -> None:
    snap = current(built_store, load_settings({}))
    table = claims.shape_all(built_store, snap)
    assert len(table) == len(snap.claim_places) > 10
    iris = sorted(table)
    assert [table[iri] for iri in iris] == claims.read_many(built_store, snap, iris)
    assert any(c.figures for c in table.values()) and any(c.reported_by for c in table.values()), "the fixture shows both"


FILTERS = [
    claims.ClaimFilter(),
    claims.ClaimFilter(speaker="mikheev"),
    claims.ClaimFilter(kind="indirect-speech", sort="-date"),
    claims.ClaimFilter(q="export", sort="speaker"),
    claims.ClaimFilter(date_from=dt.date(2020, 1, 1), date_to=dt.date(2026, 12, 31), include_undated=True, sort="date"),
]


@pytest.mark.parametrize("where", FILTERS, ids=repr)
def test_pages_from_the_table_are_the_pages_read_from_the_store(built_store: OxigraphStore, where: claims.ClaimFilter) -> None:
    settings = load_settings({})
    snap = current(built_store, settings)
    cold = dataclasses.replace(snap, _memo={}, _tables={}, _building={})  # the same version, nothing kept yet
    cold.matcher = snap.matcher
    read = [claims.find_page(built_store, settings, cold, where, 7, offset) for offset in (0, 7)]  # table not ready: queries
    assert cold.wait_for_table(claims.CLAIM_TABLE, timeout=60), "the first page started the table's build"
    kept = [claims.find_page(built_store, settings, cold, where, 7, offset) for offset in (0, 7)]
    assert kept == read
    assert read[0].items, f"{where} selects claims in the curated data"


def test_a_date_match_does_not_change_the_shared_claim(built_store: OxigraphStore) -> None:
    settings = load_settings({})
    snap = current(built_store, settings)
    snap.table(claims.CLAIM_TABLE, lambda: claims.shape_all(built_store, snap))
    assert snap.wait_for_table(claims.CLAIM_TABLE, timeout=60)
    where = claims.ClaimFilter(date_from=dt.date(1990, 1, 1), date_to=dt.date(2030, 12, 31), include_undated=True)
    page = claims.find(built_store, settings, where, 20, 0)
    assert page.items and all(c.date_match for c in page.items)
    table = snap.table(claims.CLAIM_TABLE, dict)
    assert table is not None
    assert all(table[vocab.entity(c.id)].date_match is None for c in page.items)


def test_a_table_is_computed_once_in_the_background_and_retried_after_a_failure(built_store: OxigraphStore) -> None:
    snap = current(built_store, load_settings({}))
    release = threading.Event()
    calls: list[int] = []

    def slow() -> list[int]:
        calls.append(1)
        release.wait(10)
        return [len(calls)]

    assert snap.table("test-slow", slow) is None, "not ready: the caller answers the slower way"
    assert snap.table("test-slow", slow) is None, "still computing: no second build"
    release.set()
    assert snap.wait_for_table("test-slow", timeout=10)
    assert snap.table("test-slow", slow) == [1] and len(calls) == 1

    def broken() -> int:
        raise RuntimeError("store closed")

    assert snap.table("test-broken", broken) is None
    assert not snap.wait_for_table("test-broken", timeout=10)
    assert snap.table("test-broken", lambda: 7) is None, "tried again after the failure"
    assert snap.wait_for_table("test-broken", timeout=10) and snap.table("test-broken", broken) == 7


@pytest.mark.parametrize("share", [1, 2, 20], ids=["all", "half (scanned)", "few (sorted by rank)"])
def test_document_order_is_the_order_of_the_places(built_store: OxigraphStore, share: int) -> None:
    snap = current(built_store, load_settings({}))
    chosen = set(sorted(snap.claim_places)[::share]) | {vocab.entity("no-such-claim")}
    expected = sorted(chosen - {vocab.entity("no-such-claim")}, key=lambda c: (*snap.claim_places[c], c))
    assert claims.in_document_order(snap, chosen) == expected


def test_table_builds_run_one_at_a_time_and_a_superseded_snapshot_builds_none(built_store: OxigraphStore) -> None:
    snap = current(built_store, load_settings({}))
    running, most = [0], [0]
    guard = threading.Lock()

    def slow_build() -> dict[str, int]:
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        threading.Event().wait(0.2)
        with guard:
            running[0] -= 1
        return {}

    copies = [dataclasses.replace(snap, _memo={}, _tables={}, _building={}) for _ in range(3)]
    for copy in copies:
        assert copy.table("slow", slow_build) is None
    assert all(copy.wait_for_table("slow", timeout=30) for copy in copies)
    assert most[0] == 1  # never two builds at once

    old = dataclasses.replace(snap, _memo={}, _tables={}, _building={})
    old.superseded = True  # what current() marks when a newer version replaces it
    built: list[bool] = []

    def build() -> dict[str, int]:
        built.append(True)
        return {}

    old.table("never", build)
    assert old.wait_for_table("never", timeout=30) is False and built == []
