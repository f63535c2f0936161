"""Writes are bounded and fenced (issue 12): sandboxed updates, blank-node limits, graph rule, idempotency keys."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import curation, vocab
from graph.errors import BadData, Conflict, QueryTimeout
from graph.rdf import canonical, parse
from graph.sparql import sandbox
from graph.store import OxigraphStore
from tests.conftest import ServerFactory
from tests.curation.conftest import AUTH, TOKEN

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-change.trig"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SUBJECT = "<https://w3id.org/dtkg/id/rosoboronexport>"
NOTE_UPDATE = f'INSERT DATA {{ GRAPH <{vocab.ENTITIES_GRAPH}> {{ {SUBJECT} <{SKOS}altLabel> "{{label}}"@en }} }}'
RUNAWAY = (
    f"INSERT {{ GRAPH <{vocab.ENTITIES_GRAPH}> {{ {SUBJECT} <{SKOS}note> ?n }} }} "
    "WHERE { SELECT (STR(COUNT(*)) AS ?n) WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } "
    "FILTER(STR(?c) != STR(?i)) } }"
)


def label_update(label: str) -> str:
    return NOTE_UPDATE.replace("{label}", label)


def nested(depth: int) -> bytes:
    """Turtle with ``depth`` blank nodes nested in one another."""
    head = f"@prefix skos: <{SKOS}> . <{vocab.ENTITIES_GRAPH}> {{ {SUBJECT} skos:note "
    return (head + "[ skos:note " * depth + '"x"' + " ]" * depth + " . }").encode()


# --- fault 2: updates run in the sandbox, stopped at their deadline ------------------------------


def test_runaway_update_is_stopped_at_its_deadline(store: OxigraphStore, lock: Path) -> None:
    fingerprint = store.fingerprint()
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 2 s"):
        curation.update_change(store, RUNAWAY, author="alice", lock=lock, limits=sandbox.Limits(timeout=2))
    assert time.monotonic() - started < 20  # start-up of the sandbox + 2 s, with room for a loaded machine
    assert store.fingerprint() == fingerprint
    # the write lock is free again: the next update commits at once
    assert curation.update_change(store, label_update("next"), author="alice", lock=lock).change.added == 1


@pytest.mark.server
def test_runaway_update_over_http_is_a_503_and_the_server_stays_responsive(
    start_server: ServerFactory, writable_store_path: Path
) -> None:
    server = start_server({"DTKG_STORE": str(writable_store_path), "DTKG_WRITE_TOKEN": f"alice:{TOKEN}",
                           "DTKG_UPDATE_TIMEOUT": "2"})
    with server.client() as client:
        response = client.post("/api/changes", content=RUNAWAY.encode(),
                               headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert client.get("/api/changes").json()["total"] == 0
        good = client.post("/api/changes", content=label_update("after").encode(),
                           headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert good.status_code == 201, good.text


# --- fault 5: blank-node canonicalisation is bounded, and off the server's event loop -------------


def test_deep_blank_node_chain_is_refused_quickly() -> None:
    quads = parse.parse_upload(nested(400), "application/trig")
    started = time.monotonic()
    with pytest.raises(BadData, match="blank nodes") as err:
        canonical.skolemise(quads)
    assert err.value.extra["linked_blank_nodes"] == 400
    assert time.monotonic() - started < 2  # a linear check, not the canonicalisation (3.6 s before the fix)


def test_chained_blank_nodes_in_an_update_are_refused(store: OxigraphStore, lock: Path) -> None:
    chain = " . ".join(f"_:b{i} <{SKOS}note> _:b{i + 1}" for i in range(300))
    update = f"INSERT DATA {{ GRAPH <{vocab.ENTITIES_GRAPH}> {{ {SUBJECT} <{SKOS}note> _:b0 . {chain} }} }}"
    with pytest.raises(BadData, match="blank nodes"):
        curation.update_change(store, update, author="alice", lock=lock)


def test_small_blank_node_groups_are_still_skolemised() -> None:
    quads = canonical.skolemise(parse.parse_upload(nested(canonical.MAX_LINKED_BLANKS - 1), "application/trig"))
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))


@pytest.mark.server
def test_nested_blank_node_upload_is_a_400_and_health_stays_quick(start_server: ServerFactory,
                                                                 writable_store_path: Path) -> None:
    server = start_server({"DTKG_STORE": str(writable_store_path), "DTKG_WRITE_TOKEN": f"alice:{TOKEN}"})
    with server.client() as client:
        response = client.post("/api/changes", content=nested(2000),
                               headers={**AUTH, "Content-Type": "application/trig"})
        assert response.status_code == 400, response.text
        assert "blank nodes" in response.json()["detail"]
        started = time.monotonic()
        assert client.get("/health").status_code == 200
        assert time.monotonic() - started < 5


# --- fault 7: other changes' graphs are refused for additions, deletions and reverts -------------


def test_delete_data_in_another_changes_graph_is_refused(store: OxigraphStore, lock: Path) -> None:
    first = curation.add_change(store, curation.read_files([SAMPLE]), author="alice", lock=lock).change
    added, _ = curation.change_quads(store, first.id)
    own = next(q for q in added if q.graph_name.value == first.graph)  # type: ignore[union-attr]
    fingerprint = store.fingerprint()
    update = f"DELETE DATA {{ GRAPH <{first.graph}> {{ {own.subject} {own.predicate} {own.object} }} }}"
    with pytest.raises(BadData, match="refused graph") as err:
        curation.update_change(store, update, author="mallory", lock=lock)
    assert err.value.extra["refused_graphs"] == [f"<{first.graph}>"]
    assert store.fingerprint() == fingerprint


def test_delete_where_reaching_into_a_change_graph_is_refused(store: OxigraphStore, lock: Path) -> None:
    first = curation.add_change(store, curation.read_files([SAMPLE]), author="alice", lock=lock).change
    update = f"DELETE WHERE {{ GRAPH <{first.graph}> {{ ?s ?p ?o }} }}"
    with pytest.raises(BadData, match="refused graph"):
        curation.update_change(store, update, author="mallory", lock=lock)


def test_revert_and_revert_of_revert_may_touch_the_undone_change_graph(store: OxigraphStore, lock: Path) -> None:
    first = curation.add_change(store, curation.read_files([SAMPLE]), author="alice", lock=lock).change
    undo = curation.revert_change(store, first.id, author="alice", lock=lock).change
    redo = curation.revert_change(store, undo.id, author="alice", lock=lock).change
    assert (undo.removed, redo.added) == (first.added, first.added)


# --- fault 8: an Idempotency-Key is bound to its update -----------------------------------------


def test_idempotency_key_reused_for_another_update_is_a_conflict(store: OxigraphStore, lock: Path) -> None:
    first = curation.update_change(store, label_update("one"), author="alice", lock=lock, idempotency_key="k1")
    again = curation.update_change(store, label_update("one"), author="alice", lock=lock, idempotency_key="k1")
    assert again.duplicate and again.change.id == first.change.id
    fingerprint = store.fingerprint()
    with pytest.raises(Conflict):
        curation.update_change(store, label_update("two"), author="alice", lock=lock, idempotency_key="k1")
    assert store.fingerprint() == fingerprint
