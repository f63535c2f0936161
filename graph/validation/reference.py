"""The reference engine: pyshacl, on the shapes the compiled engine hands over (or on all of them).

pyshacl runs SHACL Core and SHACL-SPARQL (``inference=None``, ``advanced=False``,
no JS, no owl:imports) on a private candidate graph (the data's union plus the
ontology, if any), so it never touches the caller's graph. To run only some
shapes it gets a copy of the shapes graph in which every other shape has lost
its targets (explicit ``sh:target…`` triples and the ``rdf:type rdfs:Class``
of an implicit class target): those shapes then validate nothing at top level
but still work where a delegated shape uses them (``sh:node`` …).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import pyshacl
import rdflib
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError
from rdflib import RDF, RDFS, BNode, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from graph.errors import BadShapes
from graph.validation.report import Violation, local_name, path_text, term_text
from graph.validation.shapes import TARGETS, TargetedShape, shape_id

__all__ = ["run_pyshacl"]

_NESTING = (SH.property, SH.sparql, SH.node, SH.qualifiedValueShape, SH["not"])
_NESTING_LISTS = (SH["or"], SH["and"], SH.xone)


def run_pyshacl(
    data: rdflib.Graph | rdflib.Dataset,
    shapes: rdflib.Graph,
    targeted: list[TargetedShape],
    only: Collection[rdflib.term.Node] | None = None,
    ontology: rdflib.Graph | None = None,
) -> list[Violation]:
    """pyshacl's violations of the shapes in ``only`` (all targeted shapes when None)."""
    candidate = _candidate(data, ontology)
    shacl_graph = shapes if only is None else _restricted(shapes, [t for t in targeted if t.node not in only])
    # pyshacl works on our private candidate copy, so letting it add the ontology
    # axioms there (inplace=True) never touches the caller's graph.
    try:
        _, results, _ = pyshacl.validate(
            candidate,
            shacl_graph=shacl_graph,
            ont_graph=ontology,
            inference=None,
            advanced=False,
            inplace=True,
            allow_warnings=False,
        )
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError, NotImplementedError) as error:
        raise BadShapes(f"pyshacl cannot use the shapes: {_first_line(error)}") from error
    except (AttributeError, TypeError, KeyError) as error:  # how pyshacl 0.40 fails on some malformed shapes
        raise BadShapes(f"pyshacl cannot use the shapes ({type(error).__name__}: {_first_line(error)})") from error
    if not isinstance(results, rdflib.Graph):  # pyshacl reports a failure to validate as a ValidationFailure
        raise BadShapes(f"pyshacl cannot use the shapes: {_first_line(results)}")
    return list(_violations(results, shapes, targeted))


def _first_line(error: object) -> str:
    text = str(getattr(error, "message", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _restricted(shapes: rdflib.Graph, silenced: list[TargetedShape]) -> rdflib.Graph:
    if not silenced:
        return shapes
    copy = rdflib.Graph()
    for triple in shapes:
        copy.add(triple)
    metaclasses = {RDFS.Class, *shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
    for target in silenced:
        for predicate in TARGETS:
            copy.remove((target.node, predicate, None))
        if target.implicit_class:
            for meta in metaclasses:
                copy.remove((target.node, RDF.type, meta))
    return copy


# --------------------------------------------------------------------------
# Candidate graph


class _CandidateGraph(rdflib.Graph):
    """A private graph whose SPARQL queries are parsed once.

    pyshacl runs each SHACL-SPARQL constraint once per focus node, passing the
    query as text; rdflib would parse it every time (about 25 ms each), which
    dominated validation time. Caching the parsed query makes it linear.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _candidate(data: rdflib.Graph | rdflib.Dataset, ontology: rdflib.Graph | None) -> rdflib.Graph:
    candidate = _CandidateGraph()
    for triple in _union_triples(data):
        candidate.add(triple)
    for triple in ontology if ontology is not None else ():
        candidate.add(triple)
    return candidate


def _union_triples(data: rdflib.Graph | rdflib.Dataset) -> Iterator[tuple[Any, Any, Any]]:
    if isinstance(data, rdflib.Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from data


# --------------------------------------------------------------------------
# SHACL results -> Violations


def owners(shapes: rdflib.Graph, targeted: Iterable[TargetedShape]) -> dict[rdflib.term.Node, str]:
    """Every shape node reachable from a targeted shape, mapped to the first targeted shape's id that reaches it."""
    ids: dict[rdflib.term.Node, str] = {}
    targeted = list(targeted)
    for top in targeted:
        ids[top.node] = top.shape_id
    for top in targeted:
        stack = [top.node]
        seen = set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            ids.setdefault(node, top.shape_id)
            for predicate in _NESTING:
                stack.extend(shapes.objects(node, predicate))
            for predicate in _NESTING_LISTS:
                for lst in shapes.objects(node, predicate):
                    stack.extend(rdflib.collection.Collection(shapes, lst))
    return ids


def _violations(results: rdflib.Graph, shapes: rdflib.Graph, targeted: list[TargetedShape]) -> Iterator[Violation]:
    ids = owners(shapes, targeted)
    messages_of = {t.shape_id: str(shapes.value(t.node, SH.message)) for t in targeted if shapes.value(t.node, SH.message)}
    # Only the report's own results: nested sh:detail results (from sh:node) are
    # explanations of a top-level result, which already names the shape.
    for result in results.objects(None, SH.result):
        source = results.value(result, SH.sourceShape)
        top = ids.get(source) if source is not None else None
        if top is None:
            top = shape_id(source) if source is not None else "unknown-shape"
        path = results.value(result, SH.resultPath)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        if len(messages) > 1:  # pyshacl adds the node shape's general message: keep the specific one
            general = messages_of.get(top)
            messages = [m for m in messages if m != general] or messages
        value = results.value(result, SH.value)
        yield Violation(
            focus=term_text(results.value(result, SH.focusNode)) or "",
            path=path_text(results, path) if path is not None else None,
            shape_id=top,
            constraint=local_name(results.value(result, SH.sourceConstraintComponent)),
            severity=local_name(results.value(result, SH.resultSeverity)),
            message="; ".join(messages) or top,
            value=None if value is None or isinstance(value, BNode) else str(value),
            source_shape=term_text(source) if isinstance(source, (URIRef, BNode)) else None,
        )
