"""Full-graph SHACL validation at scale: the shapes compiled to set-wise SPARQL on Oxigraph.

pyshacl evaluates every constraint focus node by focus node in Python over an
rdflib graph, and runs each SHACL-SPARQL constraint once per focus node: about
20 s per 100k triples, minutes at 1M. Here the data goes into an in-memory
Oxigraph store once, and each shape costs a few queries over *all* its focus
nodes at once:

* targets (``sh:targetClass`` with the ``rdfs:subClassOf*`` closure,
  ``sh:targetSubjectsOf``) and each property shape's value nodes are fetched
  with one query per property shape;
* ``sh:class`` memberships with one query per class;
* each ``sh:sparql`` constraint runs once, its ``$this`` joined with the
  shape's targets instead of bound per node;
* the core constraints on the fetched values (cardinality, datatype, node kind,
  pattern, length, ``sh:in``, ``sh:hasValue``, unique language, ``sh:lessThan``,
  ``sh:minInclusive``, qualified value shapes, ``sh:node``, ``sh:or``,
  ``sh:xone``) are evaluated in Python with pyshacl's own literal comparison
  and datatype checks, so edge cases agree;
* dtkg's Python rules (S01, the S11 calendar check, S20) as queries.

:func:`validate_quads` returns the same :class:`graph.validation.Report` as
:func:`graph.validation.validate_graph` and the same set of (focus node, path,
shape, constraint component); ``tests/synth`` proves it on the shape example
files, the curated data and synthetic graphs with seeded defects, with pyshacl
as the oracle. A shape using a SHACL feature not listed above raises
:class:`UnsupportedShape` instead of being skipped silently.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from graph import vocab
from graph.validation.reference import (
    _DATE_PROPERTIES,
    Report,
    Violation,
    _calendar_valid,
    _shape_message,
    _sort_key,
    load_ontology,
    load_shapes,
)

__all__ = ["UnsupportedShape", "validate_quads", "validate_store"]

RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

_XSD = str(XSD)
CANONICALISED = {_XSD + t for t in (
    "integer", "decimal", "double", "float", "boolean", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
)}
"""Datatypes whose literals Oxigraph stores in canonical form ("007"^^xsd:int becomes "7"^^xsd:integer).

Their original terms are kept aside while loading, so datatype and pattern
checks see what pyshacl sees after parsing the file."""
RDF_TYPE = str(RDF.type)

# Parameters this module understands, per place they may appear.
_NODE_PARAMS = {SH.targetClass, SH.targetSubjectsOf, SH.property, SH.sparql, SH.xone, SH.message, SH.node, SH["or"]}
_PROPERTY_PARAMS = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH.pattern, SH.flags, SH.minLength,
    SH["in"], SH.hasValue, SH.uniqueLang, SH.lessThan, SH.minInclusive, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.node, SH["or"], SH.message,
}
_VALUE_SHAPE_PARAMS = {SH["class"], SH["in"], SH.languageIn, SH.datatype, SH.pattern, SH.path, SH.minCount}
_IGNORED = {RDF.type, rdflib.RDFS.comment, rdflib.RDFS.label, SH.name, SH.description, SH.order, SH.group}


class UnsupportedShape(ValueError):
    """The shapes use a SHACL feature this validator does not implement: use graph.validation."""


@dataclass
class _Prop:
    node: Any
    path: Any  # URIRef or list of URIRef (sequence path)
    params: dict[Any, list[Any]] = field(default_factory=dict)

    def one(self, key: Any) -> Any:
        values = self.params.get(key)
        return values[0] if values else None


@dataclass
class _Shape:
    iri: URIRef
    shape_id: str
    target_classes: list[URIRef]
    target_subjects_of: list[URIRef]
    properties: list[_Prop]
    sparql: list[tuple[str, str]]  # (select text with prefixes, message)
    xone: list[list[_Prop]]


# --------------------------------------------------------------------------
# Reading the shapes


def _iris(nodes: Iterable[rdflib.term.Node]) -> list[URIRef]:
    """The IRIs among ``nodes``, sorted: shape targets and relation properties are always IRIs."""
    return sorted(n for n in nodes if isinstance(n, URIRef))


def _check_params(shapes: rdflib.Graph, node: Any, allowed: set[Any], where: str) -> None:
    for p in set(shapes.predicates(node)):
        if p not in allowed and p not in _IGNORED:
            raise UnsupportedShape(f"{where}: {p} is not supported by graph.validation.compiled")


def _params(shapes: rdflib.Graph, node: Any) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = defaultdict(list)
    for p, o in shapes.predicate_objects(node):
        out[p].append(o)
    return dict(out)


def _path(shapes: rdflib.Graph, node: Any, where: str) -> Any:
    if isinstance(node, URIRef):
        return node
    if isinstance(node, BNode) and (node, RDF.first, None) in shapes:
        steps = list(Collection(shapes, node))
        if all(isinstance(s, URIRef) for s in steps):
            return steps
    raise UnsupportedShape(f"{where}: only IRI and sequence paths are supported")


def _prop(shapes: rdflib.Graph, node: Any, where: str, allowed: set[Any] = _PROPERTY_PARAMS) -> _Prop:
    _check_params(shapes, node, allowed, where)
    params = _params(shapes, node)
    for key in (SH.qualifiedValueShape,):
        for inner in params.get(key, []):
            _check_params(shapes, inner, _VALUE_SHAPE_PARAMS, where + " (qualified value shape)")
    for inner_list in params.get(SH["or"], []):
        for inner in Collection(shapes, inner_list):
            _check_params(shapes, inner, _VALUE_SHAPE_PARAMS, where + " (sh:or)")
    for inner in params.get(SH.node, []):
        _check_params(shapes, inner, {SH["or"], SH.message}, where + " (sh:node)")
        for inner_list in shapes.objects(inner, SH["or"]):
            for alt in Collection(shapes, inner_list):
                _check_params(shapes, alt, _VALUE_SHAPE_PARAMS, where + " (sh:node/sh:or)")
    return _Prop(node, _path(shapes, params[SH.path][0], where), params)


@functools.cache
def _shapes() -> tuple[list[_Shape], dict[str, str]]:
    shapes = load_shapes()
    prefixes = {
        str(shapes.value(decl, SH.prefix)): str(shapes.value(decl, SH.namespace))
        for decl in shapes.objects(None, SH.declare)
    }
    prologue = "".join(f"PREFIX {p}: {_iri(ns)}\n" for p, ns in sorted(prefixes.items()))
    out = []
    for node in sorted({s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}):
        if not (isinstance(node, URIRef) and str(node).startswith(vocab.SHAPES)):
            continue
        shape_id = str(node)[len(vocab.SHAPES):]
        targets = list(shapes.objects(node, SH.targetClass)) + list(shapes.objects(node, SH.targetSubjectsOf))
        if not targets:
            continue  # documented-only shapes (S01, S20) and shapes used through sh:node
        _check_params(shapes, node, _NODE_PARAMS - {SH.node, SH["or"]}, shape_id)
        properties = [_prop(shapes, p, shape_id) for p in shapes.objects(node, SH.property)]
        sparql = []
        for constraint in shapes.objects(node, SH.sparql):
            _check_params(shapes, constraint, {SH.select, SH.message, SH.prefixes}, shape_id + " (sh:sparql)")
            sparql.append((prologue + str(shapes.value(constraint, SH.select)), str(shapes.value(constraint, SH.message) or "")))
        xone = []
        for alternatives in shapes.objects(node, SH.xone):
            xone.append([_prop(shapes, alt, shape_id + " (sh:xone)", {SH.path, SH.minCount}) for alt in Collection(shapes, alternatives)])
        out.append(_Shape(node, shape_id, _iris(shapes.objects(node, SH.targetClass)),
                          _iris(shapes.objects(node, SH.targetSubjectsOf)), properties, sparql, xone))
    return out, prefixes


# --------------------------------------------------------------------------
# Terms


class _Terms:
    """pyoxigraph terms as the rdflib terms pyshacl would see after parsing N-Triples (cached)."""

    def __init__(self) -> None:
        self._cache: dict[Any, Any] = {}

    def __call__(self, term: Any) -> Any:
        hit = self._cache.get(term)
        if hit is not None:
            return hit
        if isinstance(term, ox.NamedNode):
            value: Any = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            value = BNode(term.value)
        elif term.language:
            value = Literal(term.value, lang=term.language)
        elif term.datatype.value == str(XSD.string):
            value = Literal(term.value)
        else:
            value = Literal(term.value, datatype=URIRef(term.datatype.value))
        self._cache[term] = value
        return value


def _iri(value: Any) -> str:
    """An IRI from the shapes as SPARQL text, checked and escaped by pyoxigraph (never raw text)."""
    return str(ox.NamedNode(str(value)))


def _sparql_path(path: Any) -> str:
    if isinstance(path, list):
        return "/".join(_iri(p) for p in path)
    return _iri(path)


def _targets(shape: _Shape) -> str:
    parts = [f"{{ ?this {_iri(RDF_TYPE)}/{_iri(RDFS_SUBCLASS)}* {_iri(c)} }}" for c in shape.target_classes]
    parts += [f"{{ ?this {_iri(p)} [] }}" for p in shape.target_subjects_of]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


# --------------------------------------------------------------------------
# Evaluation


class _Run:
    def __init__(self, store: ox.Store, originals: dict[tuple[Any, str], list[Any]] | None = None) -> None:
        self.store = store
        self.originals = originals or {}
        self.term = _Terms()
        self._instances: dict[Any, frozenset[Any]] = {}
        self.violations: list[Violation] = []

    def rows(self, sparql: str) -> Iterator[Any]:
        result = self.store.query(sparql)
        assert isinstance(result, ox.QuerySolutions), "the compiled checks are SELECT queries"
        yield from result

    def instances(self, cls: Any) -> frozenset[Any]:
        if cls not in self._instances:
            self._instances[cls] = frozenset(
                self.term(r[0]) for r in self.rows(f"SELECT DISTINCT ?x WHERE {{ ?x {_iri(RDF_TYPE)}/{_iri(RDFS_SUBCLASS)}* {_iri(cls)} }}")
            )
        return self._instances[cls]

    def add(self, focus: Any, path: Any, shape: _Shape, constraint: str, message: str, value: Any = None) -> None:
        self.violations.append(Violation(
            focus=str(focus), path=str(path) if isinstance(path, URIRef) else None, shape_id=shape.shape_id,
            constraint=constraint, severity="Violation", message=message,
            value=None if value is None or isinstance(value, BNode) else str(value),
        ))

    # ---- value-shape conformance (qualified value shapes, sh:or alternatives, sh:node)

    def conforms_to(self, value: Any, shape_node: Any) -> bool:
        spec = _value_shape(shape_node)
        for cls in spec["class"]:
            if isinstance(value, Literal) or value not in self.instances(cls):
                return False
        for allowed in spec["in"]:
            if value not in allowed:
                return False
        for wanted in spec["languageIn"]:
            lang = value.language.lower() if isinstance(value, Literal) and value.language else None
            if lang is None or not any(lang == w or lang.startswith(w + "-") for w in wanted):
                return False
        for datatype in spec["datatype"]:
            if not _datatype_ok(value, datatype):
                return False
        for pattern in spec["pattern"]:
            if isinstance(value, BNode) or not pattern.search(str(value)):
                return False
        return True

    def node_conforms(self, value: Any, node_shape: Any) -> bool:
        return all(any(self.conforms_to(value, alt) for alt in alternatives) for alternatives in _or_lists(node_shape))

    # ---- shapes

    def shape(self, shape: _Shape) -> None:
        focus_nodes: list[Any] | None = None
        for prop in shape.properties:
            values: dict[Any, list[Any]] = {}
            simple = isinstance(prop.path, URIRef)
            for row in self.rows(f"SELECT ?this ?v WHERE {{ {_targets(shape)} OPTIONAL {{ ?this {_sparql_path(prop.path)} ?v }} }}"):
                bucket = values.setdefault(self.term(row[0]), [])
                raw = row[1]
                if raw is None:
                    continue
                if simple and isinstance(raw, ox.Literal) and raw.datatype.value in CANONICALISED:
                    originals = self.originals.get((row[0], str(prop.path)))
                    if originals:
                        for original in originals:
                            value = self.term(original)
                            if value not in bucket:
                                bucket.append(value)
                        continue
                value = self.term(raw)
                if value not in bucket:
                    bucket.append(value)
            focus_nodes = list(values)
            self.property(shape, prop, values)
        if shape.xone or shape.sparql:
            if focus_nodes is None:
                focus_nodes = [self.term(r[0]) for r in self.rows(f"SELECT ?this WHERE {{ {_targets(shape)} }}")]
        for alternatives in shape.xone:
            counts: dict[Any, int] = defaultdict(int)
            for alt in alternatives:
                present = {self.term(r[0]) for r in self.rows(
                    f"SELECT DISTINCT ?this WHERE {{ {_targets(shape)} ?this {_sparql_path(alt.path)} ?v }}")}
                need = int(alt.one(SH.minCount) or 0)
                for f in focus_nodes or []:
                    if need == 0 or f in present:
                        counts[f] += 1
            for f in focus_nodes or []:
                if counts[f] != 1:
                    self.add(f, None, shape, "XoneConstraintComponent", _shape_message(shape.shape_id), f)
        for select, message in shape.sparql:
            query = _join_targets(select, _targets(shape))
            for row in self.rows(query):
                self.add(self.term(row["this"]), None, shape, "SPARQLConstraintComponent", message,
                         self.term(row["value"]) if row["value"] is not None else None)

    def property(self, shape: _Shape, prop: _Prop, values: dict[Any, list[Any]]) -> None:
        path = prop.path if isinstance(prop.path, URIRef) else None
        message = str(prop.one(SH.message) or _shape_message(shape.shape_id))
        shapes = load_shapes()
        p = prop.params
        min_count, max_count = prop.one(SH.minCount), prop.one(SH.maxCount)
        in_sets = [frozenset(Collection(shapes, lst)) for lst in p.get(SH["in"], [])]
        or_lists = [list(Collection(shapes, lst)) for lst in p.get(SH["or"], [])]
        flags = _flags(prop.one(SH.flags))
        patterns = [re.compile(str(x), flags) for x in p.get(SH.pattern, [])]
        datatypes, kinds, classes = p.get(SH.datatype, []), p.get(SH.nodeKind, []), p.get(SH["class"], [])
        lengths, has_values, bounds = p.get(SH.minLength, []), p.get(SH.hasValue, []), p.get(SH.minInclusive, [])
        unique_lang = any(bool(x.toPython()) for x in p.get(SH.uniqueLang, []))
        less_than = SH.lessThan in p
        qualified = p.get(SH.qualifiedValueShape, [])
        q_min, q_max = prop.one(SH.qualifiedMinCount), prop.one(SH.qualifiedMaxCount)
        node_shapes = p.get(SH.node, [])
        lt_values: dict[Any, list[Any]] = {}
        if SH.lessThan in p:
            for row in self.rows(f"SELECT ?this ?w WHERE {{ {_targets(shape)} ?this {_iri(p[SH.lessThan][0])} ?w }}"):
                lt_values.setdefault(self.term(row[0]), []).append(self.term(row[1]))
        for focus, vals in values.items():
            def v_result(name: str, value: Any, focus: Any = focus) -> None:
                self.add(focus, path, shape, f"{name}ConstraintComponent", message, value)

            if min_count is not None and len(vals) < int(min_count):
                v_result("MinCount", None)
            if max_count is not None and len(vals) > int(max_count):
                v_result("MaxCount", None)
            for datatype in datatypes:
                for v in vals:
                    if not _datatype_ok(v, datatype):
                        v_result("Datatype", v)
            for kind in kinds:
                for v in vals:
                    if not _node_kind_ok(v, kind):
                        v_result("NodeKind", v)
            for cls in classes:
                for v in vals:
                    if isinstance(v, Literal) or v not in self.instances(cls):
                        v_result("Class", v)
            for pattern in patterns:
                for v in vals:
                    if isinstance(v, BNode) or not pattern.search(str(v)):
                        v_result("Pattern", v)
            for length in lengths:
                for v in vals:
                    if isinstance(v, BNode) or len(str(v)) < int(length):
                        v_result("MinLength", v)
            for allowed in in_sets:
                for v in vals:
                    if v not in allowed:
                        v_result("In", v)
            for wanted in has_values:
                if wanted not in vals:
                    v_result("HasValue", None)
            if unique_lang:
                seen: dict[str, int] = defaultdict(int)
                for v in vals:
                    if isinstance(v, Literal) and v.language:
                        seen[v.language.lower()] += 1
                for n in seen.values():
                    if n > 1:
                        v_result("UniqueLang", None)
            if less_than:
                for v in vals:
                    for w in lt_values.get(focus, []):
                        if not _less_than(v, w):
                            v_result("LessThan", v)
            for bound in bounds:
                for v in vals:
                    if not _min_inclusive(v, bound):
                        v_result("MinInclusive", v)
            for inner in qualified:
                n = sum(1 for v in vals if self.conforms_to(v, inner))
                if q_min is not None and n < int(q_min):
                    v_result("QualifiedMinCount", None)
                if q_max is not None and n > int(q_max):
                    v_result("QualifiedMaxCount", None)
            for node_shape in node_shapes:
                for v in vals:
                    if not self.node_conforms(v, node_shape):
                        v_result("Node", v)
            for alternatives in or_lists:
                for v in vals:
                    if not any(self.conforms_to(v, alt) for alt in alternatives):
                        v_result("Or", v)

    # ---- dtkg's rules checked in Python by graph.validation (S01, S11 calendar, S20)

    def python_rules(self) -> None:
        def add(shape_id: str, focus: Any, path: str, constraint: str, message: str, value: Any = None) -> None:
            self.violations.append(Violation(focus=str(focus), path=path, shape_id=shape_id, constraint=constraint,
                                             severity="Violation", message=message,
                                             value=None if value is None else str(value)))

        message = _shape_message("S01-subject-has-type")
        for row in self.rows(f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER (isIRI(?s)) FILTER NOT EXISTS {{ ?s {_iri(RDF_TYPE)} ?t }} }}"):
            add("S01-subject-has-type", row[0].value, RDF_TYPE, "python:SubjectHasType", message)
        for prop in _DATE_PROPERTIES:
            for row in self.rows(f"SELECT ?s ?v WHERE {{ ?s {_iri(prop)} ?v FILTER (isLiteral(?v)) }}"):
                value = self.term(row[1])
                if not _calendar_valid(value):
                    add("S11-date-format", self.term(row[0]), str(prop), "python:CalendarDate",
                        f"{value} is not a day of the calendar.", value)
        message = _shape_message("S20-truthy-triple-has-relation")
        dtkg = vocab.ONTOLOGY
        # graph.validation reads one subject, type and object per relation node (rdflib's Graph.value)
        qualified = set()
        for row in self.rows(f"SELECT ?r (SAMPLE(?s) AS ?s1) (SAMPLE(?p) AS ?p1) (SAMPLE(?o) AS ?o1) WHERE {{ "
                             f"?r a <{dtkg}Relation> OPTIONAL {{ ?r <{dtkg}subject> ?s }} "
                             f"OPTIONAL {{ ?r <{dtkg}relationType> ?p }} OPTIONAL {{ ?r <{dtkg}object> ?o }} }} GROUP BY ?r"):
            qualified.add((row[1], row[2], row[3]))
        for prop in _iris(load_ontology().subjects(RDF.type, URIRef(dtkg + "RelationProperty"))):
            predicate = ox.NamedNode(str(prop))
            for row in self.rows(f"SELECT ?s ?o WHERE {{ ?s {_iri(prop)} ?o }}"):
                if (row[0], predicate, row[1]) not in qualified:
                    add("S20-truthy-triple-has-relation", self.term(row[0]), str(prop), "python:TruthyHasRelation",
                        message, None if isinstance(row[1], ox.BlankNode) else self.term(row[1]))


@functools.cache
def _value_shape(node: Any) -> dict[str, list[Any]]:
    """The constraints of a nested value shape (qualified value shape, sh:or alternative), read once."""
    shapes = load_shapes()
    return {
        "class": list(shapes.objects(node, SH["class"])),
        "in": [frozenset(Collection(shapes, lst)) for lst in shapes.objects(node, SH["in"])],
        "languageIn": [[str(x).lower() for x in Collection(shapes, lst)] for lst in shapes.objects(node, SH.languageIn)],
        "datatype": list(shapes.objects(node, SH.datatype)),
        "pattern": [re.compile(str(p)) for p in shapes.objects(node, SH.pattern)],
    }


@functools.cache
def _or_lists(node: Any) -> list[list[Any]]:
    shapes = load_shapes()
    return [list(Collection(shapes, lst)) for lst in shapes.objects(node, SH["or"])]


def _join_targets(select: str, targets: str) -> str:
    """The SHACL-SPARQL query with ``$this`` as a variable joined with the shape's focus nodes."""
    text = _not_exists_as_minus(select.replace("$this", "?this"))
    match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if match is None:
        raise UnsupportedShape("a sh:select without WHERE")
    return text[: match.end()] + " " + targets + " " + text[match.end():]


_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def _not_exists_as_minus(text: str) -> str:
    """Rewrite ``FILTER NOT EXISTS { P }`` as ``MINUS { P }`` where the two mean the same.

    Oxigraph evaluates NOT EXISTS by running P once per outer solution, which
    is quadratic when P is not selective on its own; MINUS is one anti-join.
    They agree when P shares a variable with the outer pattern, every shared
    variable is bound in every outer solution (no OPTIONAL, UNION or BIND
    outside) and P's own filters use only P's variables. Otherwise the
    query is left as it is.
    """
    if re.search(r"\b(OPTIONAL|UNION|BIND|VALUES|MINUS)\b", text, re.IGNORECASE):
        return text
    out, i = [], 0
    for match in re.finditer(r"FILTER\s+NOT\s+EXISTS\s*\{", text, re.IGNORECASE):
        if match.start() < i:
            continue
        depth, j = 1, match.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        inner = text[match.end(): j - 1]
        outside = text[:match.start()] + text[j:]
        patterns = re.sub(r"FILTER\s*(\((?:[^()]|\([^()]*\))*\))", " ", inner, flags=re.IGNORECASE)
        inner_vars, pattern_vars = set(_VAR.findall(inner)), set(_VAR.findall(patterns))
        shared = inner_vars & set(_VAR.findall(outside))
        if "{" in inner or not shared or not inner_vars <= pattern_vars | shared or not shared <= pattern_vars:
            return text
        out.append(text[i:match.start()] + "MINUS {" + inner + "}")
        i = j
    return "".join(out) + text[i:]


def _datatype_ok(value: Any, datatype: Any) -> bool:
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        return DatatypeConstraintComponent._assert_actual_datatype(None, value, datatype)  # type: ignore[arg-type]  # pyshacl's check does not use self
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return DatatypeConstraintComponent._assert_actual_datatype(None, value, datatype)  # type: ignore[arg-type]  # pyshacl's check does not use self
    if datatype == RDF.langString and value.language:
        return DatatypeConstraintComponent._assert_actual_datatype(None, value, datatype)  # type: ignore[arg-type]  # pyshacl's check does not use self
    return datatype == rdflib.RDFS.Literal


_NODE_KINDS = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,), SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}


def _node_kind_ok(value: Any, kind: Any) -> bool:
    return isinstance(value, _NODE_KINDS[kind])


def _flags(flags: Any) -> int:
    return re.IGNORECASE if flags is not None and "i" in str(flags) else 0


def _less_than(v: Any, w: Any) -> bool:
    v_str = isinstance(v, URIRef) or (isinstance(v, Literal) and isinstance(v.value, str))
    w_str = isinstance(w, URIRef) or (isinstance(w, Literal) and isinstance(w.value, str))
    if v_str != w_str:
        return False
    a = str(v) if isinstance(v, URIRef) else (v.value if v_str else v)
    b = str(w) if isinstance(w, URIRef) else (w.value if w_str else w)
    try:
        return bool(a < b)
    except TypeError:
        return False


def _min_inclusive(v: Any, bound: Any) -> bool:
    if not isinstance(v, Literal):
        return False
    if isinstance(v.value, str) != isinstance(bound.value, str):
        return False
    try:
        return compare_literal(v, bound) >= 0
    except (TypeError, NotImplementedError):  # pyshacl's compare_literal raises these for incomparable literals
        return False


# --------------------------------------------------------------------------
# Entry points


def validate_store(store: ox.Store, originals: dict[tuple[Any, str], list[Any]] | None = None) -> Report:
    """Validate the store's default graph, which must hold the data and dtkg's ontology.

    ``originals`` maps (subject, predicate IRI) to the literals of
    :data:`CANONICALISED` datatypes as written before Oxigraph normalised them.
    """
    shapes, _ = _shapes()
    run = _Run(store, originals)
    run.python_rules()
    for shape in shapes:
        run.shape(shape)
    ordered = tuple(sorted(set(run.violations), key=_sort_key))
    return Report(conforms=not ordered, violations=ordered)


def validate_quads(quads: Iterable[ox.Quad] | None = None, *, path: str | None = None,
                   fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> Report:
    """The verdict of :func:`graph.validation.validate_graph` on the union of the quads (or of a file)."""
    store = ox.Store()
    originals: dict[tuple[Any, str], list[Any]] = defaultdict(list)
    default = ox.DefaultGraph()

    def triples(source: Iterable[Any]) -> Iterator[ox.Quad]:
        for q in source:
            o = q.object
            if isinstance(o, ox.Literal) and o.datatype.value in CANONICALISED:
                kept = originals[(q.subject, q.predicate.value)]
                if o not in kept:
                    kept.append(o)
            yield ox.Quad(q.subject, q.predicate, o, default)

    if path is not None:
        store.bulk_extend(triples(ox.parse(path=path, format=fmt)))
    if quads is not None:
        store.bulk_extend(triples(quads))
    ontology = load_ontology().serialize(format="nt", encoding="utf-8")
    store.bulk_extend(triples(ox.parse(ontology, format=ox.RdfFormat.N_TRIPLES)))
    return validate_store(store, originals)
