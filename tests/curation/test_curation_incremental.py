"""Incremental validation gives the verdict of full validation, on seeded good and bad changes.

Each case is a (remove, add) pair against the built graph. The reference is
:func:`graph.incremental.validate_full` (the whole store minus removals plus
additions); the incremental check reads only the change's neighbourhood. Both
must agree on conformance and on the set of (focus, path, shape) violations.
Several bad cases break a shape of a node the change never mentions (an
evidence node whose selector or document changed, a claim whose speaker lost
its type, the subject of a relation node that was removed), which is what the
neighbourhood must reach.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import curation, vocab
from graph.rdf import canonical, parse
from graph.store import OxigraphStore
from graph.validation import incremental

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-change.trig"
ID = vocab.ENTITY
DTKG = vocab.ONTOLOGY
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWN = ox.NamedNode(vocab.change_graph("test"))
RDF_TYPE = curation.RDF_TYPE

Change = tuple[list[ox.Quad], list[ox.Quad]]


def nn(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def stored(store: OxigraphStore, s: str, p: str | None = None) -> list[ox.Quad]:
    return [q for q in store.quads() if q.subject == nn(s) and (p is None or q.predicate == nn(p))]


def graph_of(store: OxigraphStore, s: str) -> ox.NamedNode:
    return stored(store, s)[0].graph_name  # type: ignore[return-value]


def placed(text: str, media_type: str = "application/trig") -> list[ox.Quad]:
    return curation.normalise(curation._place(canonical.skolemise(parse.parse_upload(text.encode(), media_type)), OWN))


def good_sample(store: OxigraphStore) -> Change:
    return [], placed(SAMPLE.read_text(encoding="utf-8"))


def bad_span(store: OxigraphStore) -> Change:
    text = SAMPLE.read_text(encoding="utf-8").replace("stay on schedule", "stay on sch3dule")
    return [], placed(text)


def good_alias(store: OxigraphStore) -> Change:
    return [], [ox.Quad(nn(ID + "rosoboronexport"), nn(SKOS + "altLabel"), ox.Literal("ROE", language="en"),
                        nn(vocab.ENTITIES_GRAPH))]


def second_speaker(store: OxigraphStore) -> Change:
    claim = ID + "claim-90a25c8a1c90"
    return [], [ox.Quad(nn(claim), nn(PROV + "wasAttributedTo"), nn(ID + "rosoboronexport"), graph_of(store, claim))]


def claim_loses_its_type(store: OxigraphStore) -> Change:
    return stored(store, ID + "claim-90a25c8a1c90", str(RDF_TYPE.value)), []


def document_loses_its_text(store: OxigraphStore) -> Change:
    return stored(store, ID + "doc-rosoboronexport-backlog-interview", DTKG + "text"), []


def selector_gets_a_second_exact(store: OxigraphStore) -> Change:
    quote = ID + "claim-dd30a82d3a1e-quote"
    return [], [ox.Quad(nn(quote), nn(OA + "exact"), ox.Literal("something else"), graph_of(store, quote))]


def truthy_triple_without_relation(store: OxigraphStore) -> Change:
    return [], [ox.Quad(nn(ID + "rosoboronexport"), nn(DTKG + "exportsTo"), nn(ID + "region-africa"), OWN)]


def relation_node_removed(store: OxigraphStore) -> Change:
    return stored(store, ID + "rel-81924cfe1ecb"), []


def speaker_loses_its_type(store: OxigraphStore) -> Change:
    return stored(store, ID + "mikheev", str(RDF_TYPE.value)), []


def good_revert_shape(store: OxigraphStore) -> Change:
    """Removing a whole relation together with its truthy triple is fine."""
    relation = stored(store, ID + "rel-81924cfe1ecb")
    truthy = [q for q in stored(store, ID + "rosoboronexport", DTKG + "partnerRegion")
              if q.object == nn(ID + "region-latin-america")]
    return relation + truthy, []


CASES: dict[str, tuple[Callable[[OxigraphStore], Change], bool]] = {
    "good-sample": (good_sample, True),
    "good-alias": (good_alias, True),
    "good-remove-relation-with-truthy": (good_revert_shape, True),
    "bad-span": (bad_span, False),
    "bad-second-speaker": (second_speaker, False),
    "bad-claim-untyped": (claim_loses_its_type, False),
    "bad-document-without-text": (document_loses_its_text, False),
    "bad-second-exact": (selector_gets_a_second_exact, False),
    "bad-truthy-without-relation": (truthy_triple_without_relation, False),
    "bad-relation-removed": (relation_node_removed, False),
    "bad-speaker-untyped": (speaker_loses_its_type, False),
}


def triples(report: object) -> set[tuple[str, str | None, str]]:
    return {(v.focus, v.path, v.shape_id) for v in report.violations}  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", sorted(CASES))
def test_incremental_verdict_equals_full_validation(built_store: OxigraphStore, case: str) -> None:
    make, expect_conforms = CASES[case]
    remove, add = make(built_store)
    assert remove or add
    full = incremental.validate_full(built_store, remove, add)
    by_change = incremental.validate_change(built_store, remove, add)
    assert full.conforms is expect_conforms, full.to_text()
    assert by_change.conforms is full.conforms
    assert triples(by_change) == triples(full)


def test_the_built_store_conforms_as_read_back(built_store: OxigraphStore) -> None:
    """The reference itself: the stored graph, read back as the store holds it, has no violations."""
    assert incremental.validate_full(built_store, [], []).conforms


def test_neighbourhood_is_a_small_part_of_the_graph(built_store: OxigraphStore) -> None:
    remove, add = good_alias(built_store)
    nb = incremental.Neighbourhood(built_store, remove, add)
    focus, candidate = incremental.focus_and_candidate(nb)
    assert nn(ID + "rosoboronexport") in focus
    assert len(candidate) < built_store.count() / 4
