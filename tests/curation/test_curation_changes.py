"""graph.curation on the embedded store: accept, reject, record, revert, deduplicate."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import curation, vocab
from graph.errors import BadData, BadRequest, Conflict, NotConformant, NotFound
from graph.rdf import canonical, parse
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-change.trig"
ID = vocab.ENTITY
PREFIXES = """
@prefix dtkg:   <https://w3id.org/dtkg/ontology#> .
@prefix id:     <https://w3id.org/dtkg/id/> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
"""


def turtle(text: str) -> list[ox.Quad]:
    return canonical.skolemise(parse.parse_upload((PREFIXES + text).encode(), "text/turtle"))


def sample() -> list[ox.Quad]:
    return curation.read_files([SAMPLE])


def sample_with_bad_span() -> list[ox.Quad]:
    """The sample, with the second claim's quoted words not at its offsets (shape S16)."""
    text = SAMPLE.read_text(encoding="utf-8").replace(
        'oa:exact "deliveries would stay on schedule through next year"',
        'oa:exact "deliveries would be late through next year"',
    )
    return canonical.skolemise(parse.parse_upload(text.encode(), "application/trig"))


def select(store: OxigraphStore, sparql: str) -> list[dict[str, str]]:
    return [{v.value: row[v].value for v in rows.variables if row[v] is not None}  # type: ignore[union-attr]
            for rows in [store.query(sparql)] for row in rows]  # type: ignore[union-attr]


def test_good_change_is_committed_and_its_claims_are_queryable(store: OxigraphStore, lock: Path) -> None:
    before = store.count()
    outcome = curation.add_change(store, sample(), author="alice", message="Add the sample", lock=lock)
    assert not outcome.duplicate
    rows = select(store, """
        PREFIX dtkg: <https://w3id.org/dtkg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?claim ?speaker ?g WHERE { GRAPH ?g { ?claim a dtkg:Claim ; prov:wasAttributedTo ?speaker } }""")
    sample_rows = sorted((r["claim"], r["speaker"], r["g"]) for r in rows if "sample" in r["claim"])
    graph = vocab.change_graph(outcome.change.id)
    assert sample_rows == [(ID + "claim-sample-backlog", ID + "sample-mara-okafor", graph),
                           (ID + "claim-sample-deliveries", ID + "sample-mara-okafor", graph)]
    # the entity block of the TriG went to the entities graph, not the change graph
    assert ox.Quad(ox.NamedNode(ID + "sample-mara-okafor"), curation.RDF_TYPE,
                   ox.NamedNode(vocab.ONTOLOGY + "Person"), ox.NamedNode(vocab.ENTITIES_GRAPH)) in set(store.quads())
    record = outcome.change
    assert (record.author, record.message, record.added, record.removed) == ("alice", "Add the sample", 70, 0)
    assert store.count() == before + record.added + len(list(store.quads(ox.NamedNode(curation.CHANGES_GRAPH))))


def test_change_record_is_queryable_with_sparql(store: OxigraphStore, lock: Path) -> None:
    change = curation.add_change(store, sample(), author="alice", message="why", lock=lock).change
    rows = select(store, """
        PREFIX dtkg: <https://w3id.org/dtkg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?c ?author ?hash ?g WHERE { GRAPH <https://w3id.org/dtkg/graph/changes> {
            ?c a dtkg:Change, prov:Activity ; dtkg:author ?author ; dtkg:contentHash ?hash ; dtkg:changeGraph ?g } }""")
    assert rows == [{"c": change.iri, "author": "alice", "hash": change.content_hash, "g": change.graph}]


def test_mixed_batch_with_one_bad_claim_writes_nothing(store: OxigraphStore, lock: Path) -> None:
    count, fingerprint = store.count(), store.fingerprint()
    with pytest.raises(NotConformant) as caught:
        curation.add_change(store, sample_with_bad_span(), author="alice", lock=lock)
    violations = caught.value.extra["violations"]
    assert {(v["focus"], v["shape_id"]) for v in violations} == {
        (ID + "claim-sample-deliveries-evidence", "S16-span-matches-text")}
    assert (store.count(), store.fingerprint()) == (count, fingerprint)


def test_same_content_twice_is_applied_once(store: OxigraphStore, lock: Path) -> None:
    first = curation.add_change(store, sample(), author="alice", lock=lock)
    fingerprint = store.fingerprint()
    again = curation.add_change(store, sample(), author="bob", lock=lock)
    assert again.duplicate and again.change.id == first.change.id
    assert store.fingerprint() == fingerprint


def test_same_idempotency_key_returns_the_first_change(store: OxigraphStore, lock: Path) -> None:
    first = curation.add_change(store, sample(), author="alice", idempotency_key="k-1", lock=lock)
    again = curation.add_change(store, sample(), author="alice", idempotency_key="k-1", lock=lock)
    assert (again.duplicate, again.change.id) == (True, first.change.id)


def test_idempotency_key_reused_for_other_content_is_a_conflict(store: OxigraphStore, lock: Path) -> None:
    curation.add_change(store, sample(), author="alice", idempotency_key="k-2", lock=lock)
    other = turtle('id:rosoboronexport skos:altLabel "ROE"@en .')
    with pytest.raises(Conflict):
        curation.add_change(store, other, author="alice", idempotency_key="k-2", lock=lock)


def test_revert_restores_the_previous_data(store: OxigraphStore, lock: Path) -> None:
    before = curation.data_fingerprint(store)
    change = curation.add_change(store, sample(), author="alice", lock=lock).change
    assert curation.data_fingerprint(store) != before
    revert = curation.revert_change(store, change.id, author="bob", lock=lock)
    assert curation.data_fingerprint(store) == before
    assert (revert.change.reverts, revert.change.removed, revert.change.added) == (change.iri, 70, 0)
    assert curation.get_change(store, change.id).reverted_by == revert.change.iri


def test_revert_twice_returns_the_first_revert(store: OxigraphStore, lock: Path) -> None:
    change = curation.add_change(store, sample(), author="alice", lock=lock).change
    first = curation.revert_change(store, change.id, author="bob", lock=lock)
    again = curation.revert_change(store, change.id, author="bob", lock=lock)
    assert (again.duplicate, again.change.id) == (True, first.change.id)


def test_revert_of_a_revert_reapplies_the_change(store: OxigraphStore, lock: Path) -> None:
    change = curation.add_change(store, sample(), author="alice", lock=lock).change
    after_add = curation.data_fingerprint(store)
    revert = curation.revert_change(store, change.id, author="bob", lock=lock).change
    curation.revert_change(store, revert.id, author="carol", lock=lock)
    assert curation.data_fingerprint(store) == after_add


def test_content_can_be_added_again_after_its_revert(store: OxigraphStore, lock: Path) -> None:
    change = curation.add_change(store, sample(), author="alice", lock=lock).change
    curation.revert_change(store, change.id, author="bob", lock=lock)
    again = curation.add_change(store, sample(), author="alice", lock=lock)
    assert not again.duplicate and again.change.id != change.id


def test_revert_that_would_break_a_shape_is_refused(store: OxigraphStore, lock: Path) -> None:
    """A later change leans on the first (a claim by a new speaker): undoing the first alone is invalid."""
    person = curation.add_change(store, turtle('id:zz-new-person a dtkg:Person ; skos:prefLabel "Zed"@en .'),
                                 author="alice", lock=lock).change
    claim = SAMPLE.read_text(encoding="utf-8")
    curation.add_change(store, canonical.skolemise(parse.parse_upload(
        claim.replace("prov:agent id:sample-harbourline-gazette ; prov:hadRole dtkg:Reporter",
                      "prov:agent id:zz-new-person ; prov:hadRole dtkg:Reporter").encode(), "application/trig")),
        author="alice", lock=lock)
    fingerprint = store.fingerprint()
    with pytest.raises(NotConformant):
        curation.revert_change(store, person.id, author="bob", lock=lock)
    assert store.fingerprint() == fingerprint


def test_unknown_change_is_not_found(store: OxigraphStore, lock: Path) -> None:
    with pytest.raises(NotFound):
        curation.revert_change(store, "20990101-000000-deadbeef", author="bob", lock=lock)


def test_list_is_newest_first_and_paged(store: OxigraphStore, lock: Path) -> None:
    a = curation.add_change(store, turtle('id:rosoboronexport skos:altLabel "ROE one"@en .'), author="a", lock=lock).change
    b = curation.add_change(store, turtle('id:rosoboronexport skos:altLabel "ROE two"@en .'), author="b", lock=lock).change
    page, total = curation.list_changes(store, limit=1, offset=0)
    assert (total, [c.id for c in page]) == (2, [b.id])
    assert [c.id for c in curation.list_changes(store, limit=5, offset=1)[0]] == [a.id]


def test_blank_nodes_are_skolemised_deterministically() -> None:
    text = '_:x a dtkg:Person ; skos:prefLabel "Blank"@en ; skos:related [ a dtkg:Person ] .'
    first, second = turtle(text), turtle(text)
    assert first == second
    assert not any(isinstance(t, ox.BlankNode) for q in first for t in (q.subject, q.object))
    assert all(q.subject.value.startswith(canonical.GENID) for q in first)  # type: ignore[union-attr]
    assert canonical.content_hash(first) == canonical.content_hash(list(reversed(second)))


def test_blank_node_labels_of_two_files_stay_apart(tmp_path: Path) -> None:
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text(PREFIXES + f'_:x a dtkg:Person ; skos:prefLabel "{name}"@en .', encoding="utf-8")
    quads = curation.read_files([tmp_path / "a.ttl", tmp_path / "b.ttl"])
    assert len({q.subject for q in quads}) == 2


@pytest.mark.parametrize("graph", [vocab.ONTOLOGY_GRAPH, curation.CHANGES_GRAPH, vocab.change_graph("other"), "https://example.org/g"])
def test_writing_to_a_reserved_or_foreign_graph_is_refused(store: OxigraphStore, lock: Path, graph: str) -> None:
    text = PREFIXES + f'<{graph}> {{ id:rosoboronexport skos:altLabel "x"@en . }}'
    quads = canonical.skolemise(parse.parse_upload(text.encode(), "application/trig"))
    fingerprint = store.fingerprint()
    with pytest.raises(BadData):
        curation.add_change(store, quads, author="alice", lock=lock)
    assert store.fingerprint() == fingerprint


def test_change_adding_only_existing_triples_is_refused(store: OxigraphStore, lock: Path) -> None:
    text = PREFIXES + f'<{vocab.ENTITIES_GRAPH}> {{ id:rosoboronexport a dtkg:StateIntermediary . }}'
    with pytest.raises(BadRequest, match="already in the store"):
        curation.add_change(store, canonical.skolemise(parse.parse_upload(text.encode(), "application/trig")),
                            author="alice", lock=lock)


def test_the_sample_document_conforms_on_its_own() -> None:
    from graph.validation import validate_files

    assert validate_files([SAMPLE]).conforms
