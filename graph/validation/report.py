"""Validation results as data: :class:`Report` of :class:`Violation`, whichever engine found them.

Both engines (compiled and pyshacl) and dtkg's Python rules produce the same
records, so the CLI, the API, curation and the tests render and compare them
the same way. Terms are text: an IRI as itself, a blank node as ``_:id``, a
literal in N-Triples form (``"7"^^<…#integer>``); a path that is not a single
IRI in SPARQL property-path syntax (``^<p>``, ``<a>/<b>``, ``(<a>|<b>)*``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

__all__ = ["Report", "Violation", "local_name", "ox_text", "path_text", "sort_key", "term_text"]


@dataclass(frozen=True)
class Violation:
    """One broken rule: which node, which property, which shape, and why.

    ``shape_id`` is the top-level shape (dtkg's stable id like
    ``S07-claim-has-source``, else the shape's IRI or ``_:id``);
    ``source_shape`` the shape that holds the constraint (a property shape
    inside it, or the same shape).
    """

    focus: str
    path: str | None
    shape_id: str
    constraint: str
    severity: str
    message: str
    value: str | None = None
    source_file: str | None = None
    line: int | None = None
    source_shape: str | None = None


@dataclass(frozen=True)
class Report:
    """The outcome of one validation; ``conforms`` is true exactly when there are no violations."""

    conforms: bool
    violations: tuple[Violation, ...]

    @classmethod
    def of(cls, violations: Any) -> Report:
        """A report of the violations, without duplicates, in a stable order."""
        ordered = tuple(sorted(set(violations), key=sort_key))
        return cls(conforms=not ordered, violations=ordered)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, for ``--format json`` and the API."""
        return {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}

    def to_text(self) -> str:
        """Human-readable form: one block per violation, with file:line where known."""
        if self.conforms:
            return "Conforms: no violations."
        blocks = [f"Does not conform: {len(self.violations)} violation(s)."]
        for v in self.violations:
            where = f"{v.source_file}:{v.line}: " if v.source_file and v.line else ""
            lines = [f"{where}[{v.shape_id}] {v.message}", f"  focus: {v.focus}"]
            if v.path:
                lines.append(f"  path: {v.path}")
            if v.value is not None:
                lines.append(f"  value: {v.value}")
            lines.append(f"  constraint: {v.constraint} ({v.severity})")
            blocks.append("\n".join(lines))
        return "\n".join(blocks)


def sort_key(v: Violation) -> tuple[str, str, str, str, str, str]:
    return (v.shape_id, v.focus, v.path or "", v.constraint, v.value or "", v.message)


def term_text(term: rdflib.term.Node | None) -> str | None:
    """An RDF term as report text (see the module docstring)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return term.n3()
    return str(term)


def ox_text(term: Any) -> str:
    """A pyoxigraph term as report text, the same text :func:`term_text` gives its rdflib twin."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def local_name(term: rdflib.term.Node | None) -> str:
    """``sh:MinCountConstraintComponent`` → ``MinCountConstraintComponent``."""
    if term is None:
        return ""
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


_PATH_SUFFIX = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def path_text(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A SHACL path as text: an IRI as itself, anything else in SPARQL property-path syntax."""
    if isinstance(node, URIRef):
        return str(node)
    return _path_expr(graph, node)


def _path_expr(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (node, RDF.first, None) in graph:
        return "(" + "/".join(_path_expr(graph, step) for step in Collection(graph, node)) + ")"
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _path_expr(graph, inverse)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_expr(graph, a) for a in Collection(graph, alternatives)) + ")"
    for predicate, suffix in _PATH_SUFFIX.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            return "(" + _path_expr(graph, inner) + ")" + suffix
    return f"_:{node}"
