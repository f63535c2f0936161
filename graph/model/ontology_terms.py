"""dtkg's classes and properties as a reader sees them: label, definition, what each specialises.

Term IRIs (``https://w3id.org/dtkg/ontology#Claim``) and the type badges on
entity pages resolve to one readable page of these, one anchor per term, rather
than to a Turtle file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph import vocab
from graph.model.snapshot import iri_list, rows, text
from graph.store import Store
from graph.vocab import compact

OWL_CLASS = str(vocab.OWL.Class)


@dataclass(frozen=True)
class Term:
    name: str
    """The local name, also the page anchor: ``Claim``, ``partnerRegion``."""
    kind: str
    """``class`` or ``property``."""
    label: str
    definition: str | None
    parents: list[str]
    domains: list[str]
    ranges: list[str]
    """Compact IRIs (``dtkg:Claim``, ``org:Organization``); dtkg's own link to their anchors."""


def document(store: Store) -> list[ox.Triple]:
    """The ontology graph as it is stored (classes, properties and the SHACL shapes), for an RDF client of ``/ontology``.

    Term IRIs end in ``…/ontology#Term``, so what a machine dereferences is the
    whole document, as with any hash-IRI vocabulary.
    """
    graph = ox.NamedNode(vocab.ONTOLOGY_GRAPH)
    return sorted((ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)), key=str)


def terms(store: Store) -> list[Term]:
    out = []
    for r in rows(store, "api-ontology-terms"):
        iri = r["term"].value
        out.append(
            Term(
                name=iri[len(vocab.ONTOLOGY) :],
                kind="class" if r["kind"].value == OWL_CLASS else "property",
                label=text(r.get("label")) or iri[len(vocab.ONTOLOGY) :],
                definition=text(r.get("definition")),
                parents=[compact(p) for p in iri_list(r.get("parents"))],
                domains=[compact(p) for p in iri_list(r.get("domains"))],
                ranges=[compact(p) for p in iri_list(r.get("ranges"))],
            )
        )
    return out
