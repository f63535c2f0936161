"""graph.model.ids: deterministic IRIs, and the curated data uses them."""

from __future__ import annotations

import rdflib
from rdflib import URIRef

from graph import vocab
from graph.model import ids
from graph.vocab import DTKG, OA, SCHEMA

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def _slug(iri: rdflib.term.Node) -> str:
    return vocab.entity_id(str(iri))


def test_claim_iri_is_stable_and_content_based() -> None:
    first = ids.claim_iri("doc", 34, 117, "mikheev")
    assert first == ids.claim_iri("doc", 34, 117, "mikheev")
    assert first.startswith(vocab.ENTITY + "claim-")
    assert len(first) == len(vocab.ENTITY + "claim-") + 12
    assert first != ids.claim_iri("doc", 34, 118, "mikheev")
    assert first != ids.claim_iri("doc", 34, 117, "putin")


def test_digest_fields_do_not_run_together() -> None:
    assert ids.digest("ab", "c") != ids.digest("a", "bc")


def test_claim_iri_matches_its_key_fields(union: rdflib.Graph, claim: URIRef) -> None:
    evidence = union.value(claim, DTKG.evidence)
    source = union.value(claim, SCHEMA.appearance)
    position = ids.position_selector_iri(str(claim))
    start = union.value(URIRef(position), OA.start)
    end = union.value(URIRef(position), OA.end)
    speaker = union.value(claim, PROV.wasAttributedTo)
    slug = _slug(source).removeprefix("doc-")
    assert str(claim) == ids.claim_iri(slug, int(start), int(end), _slug(speaker))
    assert str(evidence) == ids.evidence_iri(str(claim))
    assert set(union.objects(evidence, OA.hasSelector)) == {
        URIRef(ids.quote_selector_iri(str(claim))), URIRef(position)}


def test_figure_iris_derive_from_their_claim(union: rdflib.Graph, claim: URIRef) -> None:
    figures = {str(f) for f in union.objects(claim, DTKG.assertsFigure)}
    assert figures == {ids.figure_iri(str(claim), n) for n in range(1, len(figures) + 1)}


def test_relation_iri_matches_its_triple(union: rdflib.Graph, relation: URIRef) -> None:
    valid_from = union.value(relation, DTKG.validFrom)
    valid_to = union.value(relation, DTKG.validTo)
    expected = ids.relation_iri(
        str(union.value(relation, DTKG.subject)),
        str(union.value(relation, DTKG.relationType)),
        str(union.value(relation, DTKG.object)),
        str(valid_from) if valid_from is not None else "",
        str(valid_to) if valid_to is not None else "",
    )
    assert str(relation) == expected
