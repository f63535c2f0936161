"""Full-graph SHACL validation at scale: shapes compiled to set-wise SPARQL on Oxigraph.

pyshacl evaluates every constraint focus node by focus node in Python over an
rdflib graph, and runs each SHACL-SPARQL constraint once per focus node: about
20 s per 100k triples, minutes at 1M. Here the data goes into an in-memory
Oxigraph store once, and each shape costs a few queries over *all* its focus
nodes at once:

* targets (``sh:targetClass`` with the ``rdfs:subClassOf*`` closure, implicit
  class targets, ``sh:targetNode`` with IRIs and literals,
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``) and each property shape's
  value nodes (IRI or sequence paths) are fetched with one query per property
  shape;
* ``sh:class`` memberships with one query per class;
* each ``sh:sparql`` constraint runs once, its ``$this`` joined with the
  shape's targets instead of pre-bound per node (only queries where the two
  mean the same: no sub-SELECT, VALUES, MINUS, BIND, GRAPH, ``$PATH``,
  ``$shapesGraph``, ``$currentShape``);
* the core constraints on the fetched values (cardinality, datatype, node kind,
  pattern, minimum length, ``sh:in``, ``sh:hasValue``, unique language,
  ``sh:lessThan``, ``sh:minInclusive``, qualified value shapes, ``sh:node``,
  ``sh:or``, ``sh:xone`` of [path, minCount] alternatives) are evaluated in
  Python with pyshacl's own literal comparison and datatype checks, so edge
  cases agree.

Anything else in a shape (a parameter, a path form, a nesting, a severity, a
deactivated part) makes :func:`compile_shape` raise :class:`UnsupportedShape`
naming the shape and the feature; :mod:`graph.validation.dispatch` then hands
that shape to pyshacl. Nothing is skipped without a word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from graph.validation.report import Violation, path_text, term_text
from graph.validation.shapes import SPARQL_NOISE, TargetedShape

__all__ = ["CANONICALISED", "CompiledShape", "UnsupportedShape", "compile_shape", "load_store", "prologue", "run_shapes"]

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
_TARGET_PARAMS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
_NODE_PARAMS = _TARGET_PARAMS | {SH.property, SH.sparql, SH.xone, SH.message}
_PROPERTY_PARAMS = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH.pattern, SH.flags, SH.minLength,
    SH["in"], SH.hasValue, SH.uniqueLang, SH.lessThan, SH.minInclusive, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.node, SH["or"], SH.message,
}
_VALUE_SHAPE_PARAMS = {SH["class"], SH["in"], SH.languageIn, SH.datatype, SH.pattern}
_SINGLE = {SH.minCount, SH.maxCount, SH.flags, SH.lessThan, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.uniqueLang,
           SH.path, SH.qualifiedValueShape}
_INTEGER = {SH.minCount, SH.maxCount, SH.minLength, SH.qualifiedMinCount, SH.qualifiedMaxCount}
_IGNORED = {RDF.type, rdflib.RDFS.comment, rdflib.RDFS.label, SH.name, SH.description, SH.order, SH.group,
            rdflib.RDFS.subClassOf, rdflib.RDFS.isDefinedBy, rdflib.OWL.imports}
_NOT_JOINABLE = re.compile(r"\$(PATH|shapesGraph|currentShape)\b|[?$](path|failure)\b|\b(VALUES|MINUS|GRAPH|SERVICE)\b", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_EXISTS = re.compile(r"\bEXISTS\s*\{[^{}]*\}", re.IGNORECASE)
_THIS = re.compile(r"[?$]this\b")
_EXPRESSION = re.compile(r"\b(FILTER|BIND)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)", re.IGNORECASE)


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature the compiled engine does not implement; the message names both."""


@dataclass
class _Prop:
    node: Any
    path: Any  # URIRef or list of URIRef (sequence path)
    path_text: str
    params: dict[Any, list[Any]] = field(default_factory=dict)

    def one(self, key: Any) -> Any:
        values = self.params.get(key)
        return values[0] if values else None


@dataclass
class CompiledShape:
    """A targeted shape in the form :func:`run_shapes` evaluates."""

    node: Any
    shape_id: str
    message: str | None
    target_classes: list[Any]
    target_subjects_of: list[URIRef]
    target_objects_of: list[URIRef]
    target_nodes: list[Any]
    properties: list[_Prop]
    sparql: list[tuple[str, str]]  # (select text with prefixes, message)
    xone: list[list[_Prop]]


# --------------------------------------------------------------------------
# Reading the shapes


def _check_params(shapes: rdflib.Graph, node: Any, allowed: set[Any], where: str) -> None:
    for p in set(shapes.predicates(node)):
        if p not in allowed and p not in _IGNORED:
            raise UnsupportedShape(f"{where}: {p} is not compiled")
        values = list(shapes.objects(node, p))
        if p in _SINGLE and len(values) > 1:
            raise UnsupportedShape(f"{where}: more than one {p} is not compiled")
        if p in _INTEGER and not all(isinstance(v, Literal) and isinstance(v.value, int) for v in values):
            raise UnsupportedShape(f"{where}: a {p} that is not an integer is not compiled")


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
        if len(steps) > 1 and all(isinstance(s, URIRef) for s in steps):
            return steps
    raise UnsupportedShape(f"{where}: only IRI and sequence-of-IRI paths are compiled")


def _list(shapes: rdflib.Graph, node: Any, where: str) -> list[Any]:
    if node != RDF.nil and (node, RDF.first, None) not in shapes:
        raise UnsupportedShape(f"{where}: a list parameter that is not an RDF list is not compiled")
    return list(Collection(shapes, node))


def _value_shape_checked(shapes: rdflib.Graph, node: Any, where: str) -> None:
    _check_params(shapes, node, _VALUE_SHAPE_PARAMS, where)
    for p in (SH["in"], SH.languageIn):
        for lst in shapes.objects(node, p):
            _list(shapes, lst, where)
    for pattern in shapes.objects(node, SH.pattern):
        _regex(pattern, None, where)


def _regex(pattern: Any, flags: Any, where: str) -> re.Pattern[str]:
    if flags is not None and set(str(flags)) - {"i"}:
        raise UnsupportedShape(f"{where}: sh:flags {flags} is not compiled (only 'i')")
    try:
        return re.compile(str(pattern), re.IGNORECASE if flags is not None and "i" in str(flags) else 0)
    except re.error as error:
        raise UnsupportedShape(f"{where}: sh:pattern {pattern} is not a regular expression here ({error})") from error


def _prop(shapes: rdflib.Graph, node: Any, where: str, allowed: set[Any] = _PROPERTY_PARAMS) -> _Prop:
    where = f"{where} (property shape {term_text(node)})"
    _check_params(shapes, node, allowed, where)
    params = _params(shapes, node)
    if SH.path not in params:
        raise UnsupportedShape(f"{where}: a property shape without sh:path")
    for inner in params.get(SH.qualifiedValueShape, []):
        _value_shape_checked(shapes, inner, where + " (qualified value shape)")
    for inner_list in params.get(SH["or"], []):
        for inner in _list(shapes, inner_list, where + " (sh:or)"):
            _value_shape_checked(shapes, inner, where + " (sh:or)")
    for lst in params.get(SH["in"], []):
        _list(shapes, lst, where + " (sh:in)")
    for inner in params.get(SH.node, []):
        _check_params(shapes, inner, {SH["or"], SH.message}, where + " (sh:node)")
        for inner_list in shapes.objects(inner, SH["or"]):
            for alt in _list(shapes, inner_list, where + " (sh:node/sh:or)"):
                _value_shape_checked(shapes, alt, where + " (sh:node/sh:or)")
    for kind in params.get(SH.nodeKind, []):
        if kind not in _NODE_KINDS:
            raise UnsupportedShape(f"{where}: sh:nodeKind {kind} is not a node kind")
    for pattern in params.get(SH.pattern, []):
        _regex(pattern, params.get(SH.flags, [None])[0], where)
    return _Prop(node, _path(shapes, params[SH.path][0], where), path_text(shapes, params[SH.path][0]), params)


def prologue(shapes: rdflib.Graph) -> str:
    """PREFIX lines for every ``sh:declare`` in the shapes graph (UnsupportedShape if one prefix means two things)."""
    prefixes: dict[str, str] = {}
    for decl in shapes.objects(None, SH.declare):
        prefix, namespace = str(shapes.value(decl, SH.prefix)), str(shapes.value(decl, SH.namespace))
        if prefixes.setdefault(prefix, namespace) != namespace:
            raise UnsupportedShape(f"prefix {prefix}: is declared with two namespaces")
    return "".join(f"PREFIX {p}: {_iri(ns)}\n" for p, ns in sorted(prefixes.items()))


def _nested_group(code: str) -> bool:
    """True when a ``{…}`` group inside the WHERE body mentions ``$this`` only in FILTER/BIND expressions.

    Such a group is evaluated before the join with the targets, where ``$this``
    is still unbound; pre-binding (SHACL's semantics) would have bound it.
    Groups that match ``$this`` in a triple pattern, and (NOT) EXISTS, mean
    the same either way.
    """
    body = code[code.find("{") + 1:]
    while _EXISTS.search(body):
        body = _EXISTS.sub(" ", body)
    depth, starts, own = 0, [], [""]
    for char in body:
        if char == "{":
            depth += 1
            starts.append(len(own))
            own.append("")
        elif char == "}" and starts:
            text = own.pop()
            starts.pop()
            depth -= 1
            if _THIS.search(text) and not _THIS.search(_EXPRESSION.sub(" ", text)):
                return True
        else:
            own[-1] += char
    return False


def compile_shape(shapes: rdflib.Graph, target: TargetedShape, prologue_text: str) -> CompiledShape:
    """The shape compiled, or :class:`UnsupportedShape` naming it and the feature not compiled.

    A top-level property shape (one with ``sh:path``) compiles as a node shape
    with itself as its only property shape.
    """
    node, where = target.node, target.shape_id
    target_nodes = list(shapes.objects(node, SH.targetNode))
    if any(isinstance(t, BNode) for t in target_nodes):
        raise UnsupportedShape(f"{where}: a blank node as sh:targetNode is not compiled")
    if (node, SH.path, None) in shapes:
        prop = _prop(shapes, node, where, _PROPERTY_PARAMS | _TARGET_PARAMS)
        classes = _iris(shapes.objects(node, SH.targetClass)) + ([node] if target.implicit_class else [])
        return CompiledShape(node, target.shape_id, None, classes, _iris(shapes.objects(node, SH.targetSubjectsOf)),
                             _iris(shapes.objects(node, SH.targetObjectsOf)), target_nodes, [prop], [], [])
    _check_params(shapes, node, _NODE_PARAMS, where)
    properties = [_prop(shapes, p, where) for p in shapes.objects(node, SH.property)]
    sparql = []
    for constraint in shapes.objects(node, SH.sparql):
        _check_params(shapes, constraint, {SH.select, SH.message, SH.prefixes}, where + " (sh:sparql)")
        select = shapes.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"{where} (sh:sparql): a SPARQL constraint without sh:select")
        text = str(select)
        code = SPARQL_NOISE.sub(" ", text)
        found = _NOT_JOINABLE.search(code)
        if found or len(_SELECT.findall(code)) != 1 or _nested_group(code):
            raise UnsupportedShape(f"{where} (sh:sparql): its query cannot be joined with the targets set-wise"
                                   f"{f' ({found.group(0)})' if found else ''}; not compiled")
        messages = list(shapes.objects(constraint, SH.message))
        sparql.append((prologue_text + text, str(messages[0]) if messages else ""))
    xone = []
    for alternatives in shapes.objects(node, SH.xone):
        xone.append([_prop(shapes, alt, where + " (sh:xone)", {SH.path, SH.minCount})
                     for alt in _list(shapes, alternatives, where + " (sh:xone)")])
    message = shapes.value(node, SH.message)
    classes = _iris(shapes.objects(node, SH.targetClass)) + ([node] if target.implicit_class else [])
    return CompiledShape(node, target.shape_id, None if message is None else str(message), classes,
                         _iris(shapes.objects(node, SH.targetSubjectsOf)), _iris(shapes.objects(node, SH.targetObjectsOf)),
                         target_nodes, properties, sparql, xone)


def _iris(nodes: Iterable[Any]) -> list[URIRef]:
    """The targets among ``nodes``, sorted; a target that is not an IRI is not compiled."""
    found = list(nodes)
    if not all(isinstance(n, URIRef) for n in found):
        raise UnsupportedShape(f"a target that is not an IRI ({', '.join(str(n) for n in found)}) is not compiled")
    return sorted(found)


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


def _sparql_term(value: Any) -> str:
    """An IRI or literal from the shapes as SPARQL text, serialised by pyoxigraph (never raw text)."""
    if isinstance(value, URIRef):
        return _iri(value)
    if value.language:
        return str(ox.Literal(str(value), language=value.language))
    return str(ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype or XSD.string))))


def _sparql_path(path: Any) -> str:
    if isinstance(path, list):
        return "/".join(_iri(p) for p in path)
    return _iri(path)


def _targets(shape: CompiledShape) -> str:
    parts = [f"{{ ?this {_iri(RDF_TYPE)}/{_iri(RDFS_SUBCLASS)}* {_iri(c)} }}" for c in shape.target_classes]
    parts += [f"{{ ?this {_iri(p)} [] }}" for p in shape.target_subjects_of]
    parts += [f"{{ [] {_iri(p)} ?this }}" for p in shape.target_objects_of]
    if shape.target_nodes:
        parts.append("{ VALUES ?this { " + " ".join(_sparql_term(t) for t in shape.target_nodes) + " } }")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


# --------------------------------------------------------------------------
# Evaluation


class _Run:
    def __init__(self, store: ox.Store, shapes: rdflib.Graph, originals: dict[tuple[Any, str], list[Any]] | None = None) -> None:
        self.store = store
        self.shapes = shapes
        self.originals = originals or {}
        self.term = _Terms()
        self._instances: dict[Any, frozenset[Any]] = {}
        self._value_shapes: dict[Any, dict[str, list[Any]]] = {}
        self._or_lists: dict[Any, list[list[Any]]] = {}
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

    def add(self, focus: Any, path: str | None, shape: CompiledShape, source: Any, constraint: str, message: str,
            value: Any = None) -> None:
        self.violations.append(Violation(
            focus=term_text(focus) or "", path=path, shape_id=shape.shape_id,
            constraint=constraint, severity="Violation", message=message,
            value=None if value is None or isinstance(value, BNode) else str(value),
            source_shape=term_text(source),
        ))

    # ---- value-shape conformance (qualified value shapes, sh:or alternatives, sh:node)

    def value_shape(self, node: Any) -> dict[str, list[Any]]:
        """The constraints of a nested value shape (qualified value shape, sh:or alternative), read once."""
        if node not in self._value_shapes:
            shapes = self.shapes
            self._value_shapes[node] = {
                "class": list(shapes.objects(node, SH["class"])),
                "in": [frozenset(Collection(shapes, lst)) for lst in shapes.objects(node, SH["in"])],
                "languageIn": [[str(x).lower() for x in Collection(shapes, lst)] for lst in shapes.objects(node, SH.languageIn)],
                "datatype": list(shapes.objects(node, SH.datatype)),
                "pattern": [re.compile(str(p)) for p in shapes.objects(node, SH.pattern)],
            }
        return self._value_shapes[node]

    def or_lists(self, node: Any) -> list[list[Any]]:
        if node not in self._or_lists:
            self._or_lists[node] = [list(Collection(self.shapes, lst)) for lst in self.shapes.objects(node, SH["or"])]
        return self._or_lists[node]

    def conforms_to(self, value: Any, shape_node: Any) -> bool:
        spec = self.value_shape(shape_node)
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
        return all(any(self.conforms_to(value, alt) for alt in alternatives) for alternatives in self.or_lists(node_shape))

    # ---- shapes

    def shape(self, shape: CompiledShape) -> None:
        focus_nodes: list[Any] | None = None
        shape_message = shape.message or shape.shape_id
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
                    self.add(f, None, shape, shape.node, "XoneConstraintComponent", shape_message, f)
        for select, message in shape.sparql:
            query = _join_targets(select, _targets(shape))
            solutions = self.store.query(query)
            assert isinstance(solutions, ox.QuerySolutions), "a sh:select is a SELECT query"
            names = {v.value for v in solutions.variables}
            for row in solutions:
                value = row["value"] if "value" in names else None
                self.add(self.term(row["this"]), None, shape, shape.node, "SPARQLConstraintComponent", message or shape_message,
                         self.term(value) if value is not None else None)

    def property(self, shape: CompiledShape, prop: _Prop, values: dict[Any, list[Any]]) -> None:
        path = prop.path_text
        explicit = prop.one(SH.message) or shape.message
        path_message = f" on path {path}" if path else ""
        shapes = self.shapes
        p = prop.params
        min_count, max_count = prop.one(SH.minCount), prop.one(SH.maxCount)
        in_sets = [frozenset(Collection(shapes, lst)) for lst in p.get(SH["in"], [])]
        or_lists = [list(Collection(shapes, lst)) for lst in p.get(SH["or"], [])]
        patterns = [_regex(x, prop.one(SH.flags), shape.shape_id) for x in p.get(SH.pattern, [])]
        datatypes, kinds, classes = p.get(SH.datatype, []), p.get(SH.nodeKind, []), p.get(SH["class"], [])
        lengths, has_values, bounds = p.get(SH.minLength, []), p.get(SH.hasValue, []), p.get(SH.minInclusive, [])
        unique_lang = any(str(x) == "true" for x in p.get(SH.uniqueLang, []))
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
                message = str(explicit) if explicit else f"sh:{name[0].lower()}{name[1:]} not met{path_message}"
                self.add(focus, path, shape, prop.node, f"{name}ConstraintComponent", message, value)

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


_NODE_KINDS: dict[Any, tuple[type, ...]] = {
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
# Entry points (used by graph.validation.dispatch)


def run_shapes(store: ox.Store, shapes_graph: rdflib.Graph, compiled: Iterable[CompiledShape],
               originals: dict[tuple[Any, str], list[Any]] | None = None,
               step: Callable[[str], None] = lambda _label: None) -> list[Violation]:
    """Evaluate compiled shapes over the store's default graph; ``step`` is called after each shape."""
    run = _Run(store, shapes_graph, originals)
    for shape in compiled:
        run.shape(shape)
        step(shape.shape_id)
    return run.violations


def load_store(quads: Iterable[ox.Quad]) -> tuple[ox.Store, dict[tuple[Any, str], list[Any]]]:
    """An in-memory store of the quads' union (default graph), and the literals Oxigraph will canonicalise.

    The second value maps (subject, predicate IRI) to the literals of
    :data:`CANONICALISED` datatypes as written, so checks see them as pyshacl does.
    """
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

    store.bulk_extend(triples(quads))
    return store, originals
