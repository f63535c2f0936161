"""Every entity's relations read once per store version (issue 18 point 2, the cold path of
``/api/entities/{id}``): an entity page from the table must be exactly the page its own queries give,
and no request may change what another reads from the table."""

from __future__ import annotations

import dataclasses

import pytest

from graph.config import load_settings
from graph.model import entities
from graph.model.snapshot import current
from graph.store import OxigraphStore


def test_every_entity_s_relations_from_the_table_are_those_its_queries_give(built_store: OxigraphStore) -> None:
    snap = current(built_store, load_settings({}))
    table = entities.relation_table(built_store)
    related = sorted(set(table.outgoing) | set(table.incoming))
    assert related and set(snap.entities) & set(related), "the curated data has relations between entities"
    for iri in sorted(set(snap.entities) | set(related)):
        assert entities.relations_from_table(snap, table, iri) == entities.relations_from_store(built_store, snap, iri), iri
    shown = [rel for iri in related for rel in entities.relations_from_table(snap, table, iri)]
    assert {rel.direction for rel in shown} == {"in", "out"}, "the fixture shows both directions"
    assert any(len(rel.evidence) > 1 for rel in shown), "and relations with several claims"
    assert any(e.source for rel in shown for e in rel.evidence), "and claims with their documents"


def test_an_entity_page_is_the_same_before_and_after_the_table_is_ready(built_store: OxigraphStore) -> None:
    settings = load_settings({})
    snap = current(built_store, settings)
    iri = max(snap.entities, key=lambda e: len(entities.relations_from_store(built_store, snap, e)))
    cold = dataclasses.replace(snap, _memo={}, _tables={}, _building={})  # the same version, nothing kept yet
    cold.matcher = snap.matcher
    read = entities.relations(built_store, cold, iri)  # table not ready: the entity's queries
    assert cold.wait_for_table(entities.RELATION_TABLE, timeout=60), "the first page started the table's build"
    assert entities.relations(built_store, cold, iri) == read and len(read) > 1


def test_a_page_changed_by_its_caller_does_not_change_the_next(built_store: OxigraphStore) -> None:
    snap = current(built_store, load_settings({}))
    table = entities.relation_table(built_store)
    iri = max(table.outgoing, key=lambda e: len(table.outgoing[e]))
    first = entities.relations_from_table(snap, table, iri)
    expected = entities.relations_from_table(snap, table, iri)
    first[0].evidence.clear()
    first[0].valid_from = "changed"
    assert entities.relations_from_table(snap, table, iri) == expected


@pytest.mark.parametrize("entity_id", ["syn-none-such", ""])
def test_an_entity_without_relations_has_none(built_store: OxigraphStore, entity_id: str) -> None:
    snap = current(built_store, load_settings({}))
    table = entities.relation_table(built_store)
    assert entities.relations_from_table(snap, table, "https://w3id.org/dtkg/id/" + entity_id) == []
