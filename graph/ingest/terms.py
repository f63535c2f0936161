"""The ontology's controlled vocabularies as the drafter needs them, read from ``ontology/dtkg.ttl``.

The ontology is the source of truth (STYLE.md rule 1): which indicators and
bounds exist, and their English labels, are read from it, never listed again here.
"""

from __future__ import annotations

from functools import cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph import vocab
from graph.validation.shapes import load_ontology


@cache
def scheme(name: str) -> dict[str, str]:
    """Local name → English label of every concept in the scheme (``IndicatorScheme``, ``BoundScheme``)."""
    graph = load_ontology()
    out: dict[str, str] = {}
    for concept in graph.subjects(SKOS.inScheme, URIRef(vocab.ONTOLOGY + name)):
        labels = [o for o in graph.objects(concept, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "en"]
        out[vocab.entity_id(str(concept))] = str(labels[0]) if labels else vocab.entity_id(str(concept))
    return out


@cache
def relation_properties() -> dict[str, tuple[str, str]]:
    """Local name → (IRI, English label) of every ``dtkg:RelationProperty`` in the ontology (the network's edge types).

    Most are ``dtkg:`` properties; ``org:holds`` (a post holding) is one too and is keyed ``holds``.
    """
    graph = load_ontology()
    out: dict[str, tuple[str, str]] = {}
    for prop in graph.subjects(RDF.type, URIRef(vocab.ONTOLOGY + "RelationProperty")):
        iri = str(prop)
        local = iri[len(vocab.ONTOLOGY) :] if iri.startswith(vocab.ONTOLOGY) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        labels = [o for o in graph.objects(prop, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        out.setdefault(local, (iri, str(labels[0]) if labels else local))
    return out


def relation_label(local: str) -> str:
    """``exportsTo`` → "exports to"; a KeyError for a predicate the ontology does not declare a relation property."""
    return relation_properties()[local][1]


def relation_iri(local: str) -> str:
    """``exportsTo`` → the ``dtkg:exportsTo`` IRI, ``holds`` → ``org:holds``; a KeyError for anything else."""
    return relation_properties()[local][0]
