"""Every claim's speaker, subjects, source and kinds read once per store version (issue 18 point 2, the
tail of the distinct-pages loads): the table must give exactly the claim ids and counts the per-key
queries give, and a write must change them."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from graph import vocab
from graph.config import load_settings
from graph.model import claim_links, claims, entities
from graph.model.snapshot import current, rows
from graph.store import OxigraphStore

PROPERTIES = claims.PROV + "wasAttributedTo", claims.DTKG + "about", claims.SCHEMA + "appearance", claims.DTKG + "claimKind"


@pytest.mark.parametrize("by", PROPERTIES)
def test_each_value_s_claims_in_the_table_are_those_its_query_gives(built_store: OxigraphStore, by: str) -> None:
    snap = current(built_store, load_settings({}))
    table = claim_links.link_table(built_store, snap)
    values = {value for prop, value in table.claims if prop == by}
    assert values, "the curated data has claims with this property"
    for value in sorted(values | set(snap.entities)):
        assert table.of(by, value) == claim_links.claim_ids(built_store, by, value), value


@pytest.mark.parametrize("by", PROPERTIES[:2])
def test_every_entity_s_claim_counts_from_the_table_are_those_its_query_gives(built_store: OxigraphStore, by: str) -> None:
    snap = current(built_store, load_settings({}))
    table = claim_links.link_table(built_store, snap)
    counted = 0
    for iri in snap.entities:
        found = rows(built_store, "api-entity-claim-counts", {"entity": iri, "by": by})
        expected = int(found[0]["count"].value) if found else 0
        assert len(table.of(by, iri)) == expected, iri
        counted += expected > 0
    assert counted > 3, "several entities made claims, or have claims about them"


def test_the_answers_are_the_same_before_and_after_the_table_is_ready(built_store: OxigraphStore) -> None:
    snap = current(built_store, load_settings({}))
    cold = dataclasses.replace(snap, _memo={}, _tables={}, _building={})  # the same version, nothing kept yet
    cold.matcher = snap.matcher
    speaker = vocab.entity("mikheev")
    by = claims.PROV + "wasAttributedTo"
    read = claim_links.claims_with(built_store, cold, by, speaker), claim_links.count(built_store, cold, by, speaker)
    assert cold.wait_for_table(claim_links.LINK_TABLE, timeout=60), "the first call started the table's build"
    assert (claim_links.claims_with(built_store, cold, by, speaker), claim_links.count(built_store, cold, by, speaker)) == read
    assert read[1] == len(read[0]) > 1


def test_a_write_changes_the_counts_an_entity_page_shows(built_store: OxigraphStore) -> None:
    store = OxigraphStore(None)
    store.apply([], list(built_store.quads()))
    settings = load_settings({})
    snap = current(store, settings)
    claim_links.warm(store, snap)
    assert snap.wait_for_table(claim_links.LINK_TABLE, timeout=60)
    before = entities.entity(store, settings, "mikheev")
    said = claim_links.claims_with(store, snap, claims.PROV + "wasAttributedTo", vocab.entity("mikheev"))
    assert before.claims_made == len(said) > 1
    store.apply([q for q in store.quads() if q.subject == ox.NamedNode(min(said))], [])
    after = current(store, settings)
    assert after is not snap and claim_links.ready(store, after) is None, "a new version: its table is built afresh"
    assert after.wait_for_table(claim_links.LINK_TABLE, timeout=60)
    assert entities.entity(store, settings, "mikheev").claims_made == before.claims_made - 1
