"""Virtuoso and a rolled-back first use of a language tag or datatype, on a real server.

Virtuoso gives a tag its id in the transaction that first uses it and caches the
id at once; a rollback of that transaction removes the row but not the cache, so
every literal with the tag written afterwards is unreadable. Two writers racing
with a new tag made one of them a deadlock victim (the flaky several-machines
test); here ``isql`` rolls a transaction back on purpose, which is deterministic.
Each test uses tags of its own and repairs what it broke, because the server is
shared by the session.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from graph.errors import StoreUnavailable
from graph.store import VirtuosoStore
from tests.conftest import virtuoso_store
from tests.support.virtuoso import VirtuosoServer

G = ox.NamedNode("https://w3id.org/dtkg/graph/test-tags")
S = ox.NamedNode("https://w3id.org/dtkg/id/test-tags")
LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
VALUE = ox.NamedNode("https://w3id.org/dtkg/ontology#value")


@pytest.fixture
def store(virtuoso: VirtuosoServer) -> Iterator[VirtuosoStore]:
    s = virtuoso_store(virtuoso)
    s.replace_all([])
    yield s
    s.close()


def roll_back_first_use(server: VirtuosoServer, literal: ox.Literal) -> None:
    """Use ``literal``'s tag for the first time in a transaction that is rolled back."""
    server.rolled_back(f"SPARQL INSERT DATA {{ GRAPH {G} {{ {S} {LABEL} {literal} }} }}")


def repair(server: VirtuosoServer, language: str) -> None:
    """The README's repair: give the cached id its row back (before any restart)."""
    server.sql(f"insert into DB.DBA.RDF_LANGUAGE (RL_ID, RL_TWOBYTE) values ('{language}', "
               f"DB.DBA.RDF_TWOBYTE_OF_LANGUAGE ('{language}'))")


def test_a_write_rolled_back_after_dtkg_registered_its_tags_loses_nothing(
    store: VirtuosoStore, virtuoso: VirtuosoServer
) -> None:
    label = ox.Literal("Rosoboronexport", language="qaa")
    typed = ox.Literal("3", datatype=ox.NamedNode("https://w3id.org/dtkg/ontology#testCount"))
    quads = [ox.Quad(S, LABEL, label, G), ox.Quad(S, VALUE, typed, G)]
    store.register_literals(quads)  # what every write does first
    roll_back_first_use(virtuoso, label)  # the write itself, as a deadlock victim
    virtuoso.rolled_back(f"SPARQL INSERT DATA {{ GRAPH {G} {{ {S} {VALUE} {typed} }} }}")
    store.apply([], quads)  # written again, by the retry
    assert set(store.quads(G)) == set(quads)


def test_a_tag_already_lost_is_refused_before_anything_is_written_and_the_repair_works(
    store: VirtuosoStore, virtuoso: VirtuosoServer
) -> None:
    lost = ox.Literal("Rosoboronexport", language="qab")
    roll_back_first_use(virtuoso, lost)  # no dtkg registration before: the tag's id is now lost
    try:
        before = set(store.quads())
        with pytest.raises(StoreUnavailable, match="Virtuoso has lost the language .*README"):
            store.apply([], [ox.Quad(S, LABEL, lost, G)])
        assert set(store.quads()) == before  # nothing written

        repair(virtuoso, "qab")
        fresh = virtuoso_store(virtuoso)  # a new store object reads the tag afresh
        fresh.apply([], [ox.Quad(S, LABEL, lost, G)])
        assert list(fresh.quads(G)) == [ox.Quad(S, LABEL, lost, G)]
        fresh.close()
    finally:
        store.replace_all([])


def test_a_literal_whose_tag_was_lost_is_refused_in_answers_not_read_as_a_plain_literal(
    store: VirtuosoStore, virtuoso: VirtuosoServer
) -> None:
    lost = ox.Literal("Rosoboronexport", language="qac")
    roll_back_first_use(virtuoso, lost)
    store.update(f"INSERT DATA {{ GRAPH {G} {{ {S} {LABEL} {lost} }} }}")  # written without dtkg's check
    try:
        with pytest.raises(StoreUnavailable, match="Virtuoso has lost the language of the literal 'Rosoboronexport'"):
            list(store.quads(G))
    finally:
        repair(virtuoso, "qac")
        store.replace_all([])
