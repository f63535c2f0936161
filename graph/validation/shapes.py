"""The shapes a shapes graph holds, what targets them, and what is refused before anything runs.

Why a module of its own: "never a silent skip" starts with finding every shape.
A shape validates something at top level when it has a target (SHACL 2.1.3):
``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf``, or an implicit class target (the shape is also an
``rdfs:Class``) — IRI or blank node, ``sh:NodeShape`` or ``sh:PropertyShape``
or neither. Shapes without a target only act through the shapes that use them
(``sh:node``, ``sh:property``, ``sh:or`` …) and go wherever those go.
``sh:deactivated true`` shapes validate nothing (SHACL 2.1.5).

Refused, never run (:class:`graph.errors.BadShapes` naming the shape):
SHACL-SPARQL text with ``SERVICE``, ``FROM``/``FROM NAMED`` or ``LOAD`` (each
would read a graph by dereferencing an IRI); ``sh:select``/``sh:ask`` text
that SHACL forbids with pre-bound variables (``MINUS``, ``VALUES``, a
sub-SELECT, ``AS $this``/``?value``…: an ill-formed shape, SHACL 5.3.1);
SHACL-JS (``sh:js…``), and
SHACL-AF custom targets (``sh:target``), which the reference engine would
otherwise ignore without a word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH

from graph import paths, vocab
from graph.errors import BadShapes
from graph.validation.report import term_text

__all__ = ["TARGETS", "TargetedShape", "load_ontology", "load_shapes", "read_shapes", "refuse_unsafe", "shape_id", "targeted_shapes"]

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_NOT_WITH_PRE_BINDING = re.compile(r"(?i:\b(MINUS|VALUES)\b)|(?i:\bAS)\s*[?$](this|value|shapesGraph|currentShape|PATH)\b")
_PROJECTION = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)
_SPARQL_TEXT = (SH.select, SH.ask, SH.construct, SH.update)
_JS = ("js", "jsFunctionName", "jsLibrary", "jsLibraryURL", "JSConstraint", "JSFunction", "JSTarget", "JSValidator")
_DEREFERENCING = re.compile(r"\b(SERVICE|FROM|LOAD)\b", re.IGNORECASE)
SPARQL_NOISE = re.compile(r'#[^\n]*|<[^<>\s]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
"""Comments, IRIs and strings in SPARQL text: removed before looking for keywords."""


@dataclass(frozen=True)
class TargetedShape:
    """A shape that validates at top level, and how its focus nodes are chosen."""

    node: rdflib.term.Node
    shape_id: str
    implicit_class: bool


def shape_id(node: rdflib.term.Node) -> str:
    """dtkg's stable id for its own shapes (``S07-claim-has-source``), else the shape's IRI or ``_:id``."""
    if isinstance(node, URIRef) and str(node).startswith(vocab.SHAPES):
        return str(node)[len(vocab.SHAPES):]
    return term_text(node) or ""


def targeted_shapes(shapes: rdflib.Graph) -> list[TargetedShape]:
    """Every shape with a target, deactivated ones left out, in a stable order."""
    found: dict[rdflib.term.Node, bool] = {}
    for predicate in TARGETS:
        for node in shapes.subjects(predicate, None):
            found.setdefault(node, False)
    for node in _classes(shapes):
        if _is_shape(shapes, node):
            found[node] = True
    return sorted(
        (TargetedShape(node, shape_id(node), implicit) for node, implicit in found.items() if not deactivated(shapes, node)),
        key=lambda s: (isinstance(s.node, BNode), str(s.node)),
    )


def deactivated(shapes: rdflib.Graph, node: rdflib.term.Node) -> bool:
    return any(isinstance(v, Literal) and v.value is True for v in shapes.objects(node, SH.deactivated))


def _classes(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    """SHACL instances of rdfs:Class in the shapes graph (through rdfs:subClassOf* of rdfs:Class)."""
    metaclasses = {RDFS.Class, *shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
    return {node for meta in metaclasses for node in shapes.subjects(RDF.type, meta)}


def _is_shape(shapes: rdflib.Graph, node: rdflib.term.Node) -> bool:
    types = set(shapes.objects(node, RDF.type))
    return bool(types & {SH.NodeShape, SH.PropertyShape})


def refuse_unsafe(shapes: rdflib.Graph) -> None:
    """Raise :class:`BadShapes` for anything that would dereference an IRI or that no engine here runs."""
    for node, reason in _unsafe(shapes):
        raise BadShapes(f"shape {shape_id(node)} refused: {reason}")


def _unsafe(shapes: rdflib.Graph) -> Iterator[tuple[rdflib.term.Node, str]]:
    for predicate in _SPARQL_TEXT:
        for node, text in shapes.subject_objects(predicate):
            code = SPARQL_NOISE.sub(" ", str(text))
            match = _DEREFERENCING.search(code)
            if match:
                yield _owner(shapes, node), f"its SPARQL uses {match.group(1).upper()}, which would read a remote or named graph; never run"
            elif predicate in (SH.select, SH.ask):
                forbidden = _NOT_WITH_PRE_BINDING.search(code)
                projections = _PROJECTION.findall(code)[1 if predicate == SH.select else 0:]
                hidden = [p for p in projections if not re.search(r"[?$]this\b", p)]
                if forbidden or hidden:
                    what = forbidden.group(0) if forbidden else "a sub-SELECT that does not project $this"
                    yield _owner(shapes, node), f"its SPARQL uses {what}, which SHACL forbids with pre-bound variables (SHACL 5.3.1)"
    for node, term, _ in shapes.triples((None, None, None)):
        if isinstance(term, URIRef) and term.startswith(str(SH)) and term[len(str(SH)):] in _JS:
            yield _owner(shapes, node), f"SHACL-JS ({term}) is not supported"
    for node in shapes.subjects(SH.target, None):
        yield node, "SHACL-AF custom targets (sh:target) are not supported"


def _owner(shapes: rdflib.Graph, node: rdflib.term.Node) -> rdflib.term.Node:
    """The shape that holds a SPARQL constraint or validator node, for the error message."""
    for predicate in (SH.sparql, SH.validator, SH.nodeValidator, SH.propertyValidator):
        for owner in shapes.subjects(predicate, node):
            return owner
    return node


# --------------------------------------------------------------------------
# Reading shapes


@functools.cache
def load_shapes() -> rdflib.Graph:
    """dtkg's shapes graph (cached: treat it as read-only)."""
    return read_shapes(paths.ONTOLOGY_DIR / "shapes.ttl")


@functools.cache
def load_ontology() -> rdflib.Graph:
    """dtkg's ontology graph (cached: treat it as read-only)."""
    return read_shapes(paths.ONTOLOGY_DIR / "dtkg.ttl")


SHAPES_FORMATS: dict[str, str] = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}


def read_shapes(path: Path) -> rdflib.Graph:
    """A shapes (or ontology) file as a graph; :class:`BadShapes` naming the file and the reason otherwise."""
    fmt = SHAPES_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BadShapes(f"{path}: unsupported shapes file type {path.suffix!r}; use one of {sorted(SHAPES_FORMATS)}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadShapes(f"{path}: cannot read the shapes file ({error.__class__.__name__}: {error})") from error
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as error:  # rdflib raises many types; all mean "does not parse"
        why = getattr(error, "_why", None) or (str(error).splitlines()[0] if str(error) else type(error).__name__)
        raise BadShapes(f"{path}: the shapes file does not parse ({why})") from error
    return graph
