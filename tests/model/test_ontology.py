"""ontology/dtkg.ttl: every term is documented, reuse stays clean, and edges are declared."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from graph import vocab
from graph.validation import load_ontology
from graph.vocab import DTKG

TERMS = sorted(getattr(DTKG, name) for name in DTKG.__annotations__)


@pytest.mark.parametrize("term", TERMS, ids=[str(t)[len(vocab.ONTOLOGY):] for t in TERMS])
def test_term_has_english_label_and_definition(term: URIRef) -> None:
    ontology = load_ontology()
    labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, rdflib.Literal) and o.language == "en"]
    definitions = [o for o in ontology.objects(term, SKOS.definition) if isinstance(o, rdflib.Literal) and o.language == "en"]
    assert len(labels) == 1 and len(definitions) == 1


def test_domain_and_range_only_on_dtkg_properties() -> None:
    ontology = load_ontology()
    for prop in (RDFS.domain, RDFS.range):
        assert {s for s in ontology.subjects(prop, None) if not str(s).startswith(vocab.ONTOLOGY)} == set()


def test_relation_properties_are_declared_for_the_network() -> None:
    declared = set(load_ontology().subjects(RDF.type, DTKG.RelationProperty))
    assert declared == {DTKG.partnerRegion, DTKG.cooperatesWith, DTKG.stoppedCooperationWith, DTKG.exportsTo,
                        DTKG.memberOf, DTKG.chairs, DTKG.supervises, URIRef("http://www.w3.org/ns/org#holds")}


def test_source_document_is_a_creative_work() -> None:
    assert (DTKG.SourceDocument, RDFS.subClassOf, URIRef("http://schema.org/CreativeWork")) in load_ontology()


def test_no_owl_sameas_in_ontology() -> None:
    assert not list(load_ontology().triples((None, OWL.sameAs, None)))
