"""dtkg's rules that SHACL Core cannot state, checked in Python, each reported under its documenting shape.

* ``S01-subject-has-type`` — SHACL Core has no target for "every subject";
* ``S11-date-format`` (calendar part) — a regex accepts ``--02-30``;
* ``S20-truthy-triple-has-relation`` — the predicates come from the ontology
  (instances of ``dtkg:RelationProperty``).

A rule runs when its shape is in the shapes graph, whichever engine checks the
rest: so ``dtkg validate --shapes other.ttl`` does not apply dtkg's rules, and
shape discovery can count these shapes as checked (by a rule) rather than
skipped. They run set-wise on the same Oxigraph store as the compiled engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import RDF, URIRef
from rdflib.namespace import SH, TIME

from graph import vocab
from graph.model import dates
from graph.validation.report import Violation, ox_text
from graph.vocab import DTKG, SCHEMA

__all__ = ["RULES", "run_rules"]

DATE_PROPERTIES = (
    DTKG.statedOn,
    DTKG.validFrom,
    DTKG.validTo,
    DTKG.heldOn,
    DTKG.asOf,
    DTKG.referencePeriod,
    DTKG.inferredStatedOn,
    SCHEMA.datePublished,
    TIME.inXSDDate,
)
_RDF_TYPE = f"<{RDF.type}>"

Rule = Callable[[ox.Store, rdflib.Graph, rdflib.Graph], Iterator[Violation]]


def _select(store: ox.Store, sparql: str) -> ox.QuerySolutions:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions), "the rules are SELECT queries"
    return result


def _message(shapes: rdflib.Graph, shape_id: str) -> str:
    message = shapes.value(URIRef(vocab.SHAPES + shape_id), SH.message)
    return str(message) if message is not None else shape_id


def _violation(shape_id: str, focus: Any, path: str, constraint: str, message: str, value: Any = None) -> Violation:
    return Violation(focus=ox_text(focus), path=path, shape_id=shape_id, constraint=constraint, severity="Violation",
                     message=message, value=None if value is None or isinstance(value, ox.BlankNode) else value.value,
                     source_shape=vocab.SHAPES + shape_id)


def untyped_subjects(store: ox.Store, shapes: rdflib.Graph, _ontology: rdflib.Graph) -> Iterator[Violation]:
    shape_id = "S01-subject-has-type"
    message = _message(shapes, shape_id)
    for row in _select(store, f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER (isIRI(?s)) FILTER NOT EXISTS {{ ?s {_RDF_TYPE} ?t }} }}"):
        yield _violation(shape_id, row[0], str(RDF.type), "python:SubjectHasType", message)


def impossible_dates(store: ox.Store, _shapes: rdflib.Graph, _ontology: rdflib.Graph) -> Iterator[Violation]:
    """Dates whose form passes the S11 patterns but that name no calendar day (``--02-30``)."""
    for prop in DATE_PROPERTIES:
        for row in _select(store, f"SELECT ?s ?v WHERE {{ ?s <{prop}> ?v FILTER (isLiteral(?v)) }}"):
            value = row[1]
            if not dates.calendar_valid(value.value, value.datatype.value):
                yield _violation("S11-date-format", row[0], str(prop), "python:CalendarDate",
                                 f"{value.value} is not a day of the calendar.", value)


def truthy_without_relation(store: ox.Store, shapes: rdflib.Graph, ontology: rdflib.Graph) -> Iterator[Violation]:
    shape_id = "S20-truthy-triple-has-relation"
    message = _message(shapes, shape_id)
    dtkg = vocab.ONTOLOGY
    # one subject, type and object per relation node (as rdflib's Graph.value would read them)
    qualified = set()
    for row in _select(store, f"SELECT ?r (SAMPLE(?s) AS ?s1) (SAMPLE(?p) AS ?p1) (SAMPLE(?o) AS ?o1) WHERE {{ "
                           f"?r a <{dtkg}Relation> OPTIONAL {{ ?r <{dtkg}subject> ?s }} "
                           f"OPTIONAL {{ ?r <{dtkg}relationType> ?p }} OPTIONAL {{ ?r <{dtkg}object> ?o }} }} GROUP BY ?r"):
        qualified.add((row[1], row[2], row[3]))
    for prop in sorted(p for p in ontology.subjects(RDF.type, DTKG.RelationProperty) if isinstance(p, URIRef)):
        predicate = ox.NamedNode(str(prop))
        for row in _select(store, f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
            if (row[0], predicate, row[1]) not in qualified:
                yield _violation(shape_id, row[0], str(prop), "python:TruthyHasRelation", message, row[1])


RULES: dict[str, Rule] = {
    vocab.SHAPES + "S01-subject-has-type": untyped_subjects,
    vocab.SHAPES + "S11-date-format": impossible_dates,
    vocab.SHAPES + "S20-truthy-triple-has-relation": truthy_without_relation,
}
"""Shape IRI → the Python rule it documents."""


def run_rules(store: ox.Store, shapes: rdflib.Graph, ontology: rdflib.Graph) -> Iterator[Violation]:
    """Every rule whose shape the shapes graph holds, over the store's default graph."""
    for iri, rule in RULES.items():
        if (URIRef(iri), None, None) in shapes:
            yield from rule(store, shapes, ontology)
