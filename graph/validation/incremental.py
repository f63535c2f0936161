"""Incremental validation: the verdict of a pending change, computed on its neighbourhood only.

Incremental validation. A node's verdict under dtkg's shapes depends on (a) its
own triples, (b) the triples of the nodes it points to (``sh:class`` reads their
types; the SPARQL constraints S08, S09, S16, S21, S22 follow exactly one more
step) and (c) the relation nodes that name it as ``dtkg:subject`` (rule S20).
So the nodes whose verdict a change can alter are the subjects of changed
triples, the nodes pointing at those subjects, and the ``dtkg:subject`` of
changed relation nodes. The candidate holds (a), (b) and (c) for each of these
focus nodes, fetched with bound one-node queries (``queries/curation-*.rq``),
and :func:`graph.validation.validate` reports violations of the focus
nodes only. The cost follows the size of the change and the degree of the
nodes it touches, not the size of the graph. ``tests/curation`` checks on
seeded good and bad changes that the verdict and the set of
(focus, path, shape) violations equal those of validating the whole store
plus the change; a shape that reaches further than this must extend
:class:`Neighbourhood` (and that test will say so).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from graph import vocab
from graph.sparql import catalogue
from graph.store import Store
from graph.validation.dispatch import Engine, validate
from graph.validation.report import Report

__all__ = ["Neighbourhood", "focus_and_candidate", "validate_change", "validate_full"]

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DTKG_SUBJECT = ox.NamedNode(vocab.ONTOLOGY + "subject")


class Neighbourhood:
    """The store seen through a pending change, read one bound node at a time."""

    def __init__(self, store: Store, remove: Iterable[ox.Quad], add: Iterable[ox.Quad]) -> None:
        self.store = store
        self.remove = set(remove)
        self.add = set(add)
        self._add_out: dict[Any, set[ox.Quad]] = defaultdict(set)
        self._add_in: dict[Any, set[ox.Quad]] = defaultdict(set)
        for q in self.add:
            self._add_out[q.subject].add(q)
            if q.predicate != RDF_TYPE:
                self._add_in[q.object].add(q)
        self._stored: dict[ox.NamedNode, set[ox.Quad]] = {}
        self._in: dict[ox.NamedNode, set[ox.Quad]] = {}
        self._relations: dict[ox.NamedNode, set[ox.NamedNode]] = {}
        self.queries = 0

    def _run(self, name: str, node: ox.NamedNode) -> list[Any]:
        self.queries += 1
        return self.store.select(catalogue.get(name).text, {"node": node})

    def stored(self, node: ox.NamedNode) -> set[ox.Quad]:
        """Quads with subject ``node`` as the store has them now (the ontology graph left out)."""
        if node not in self._stored:
            self._stored[node] = {
                ox.Quad(node, r["p"], r["o"], r["g"])
                for r in self._run("curation-node-out", node)
                if r["g"].value != vocab.ONTOLOGY_GRAPH
            }
        return self._stored[node]

    def out(self, node: Any) -> set[ox.Quad]:
        if not isinstance(node, ox.NamedNode):
            return set(self._add_out.get(node, ()))
        return (self.stored(node) - self.remove) | self._add_out.get(node, set())

    def incoming(self, node: ox.NamedNode) -> set[ox.Quad]:
        if node not in self._in:
            self._in[node] = {
                ox.Quad(r["s"], r["p"], node, r["g"])
                for r in self._run("curation-node-in", node)
                if r["g"].value != vocab.ONTOLOGY_GRAPH
            }
        return (self._in[node] - self.remove) | self._add_in.get(node, set())

    def relations_naming(self, node: ox.NamedNode) -> set[ox.NamedNode]:
        if node not in self._relations:
            self._relations[node] = {r["r"] for r in self._run("curation-relations-naming", node)}
        added = {q.subject for q in self._add_in.get(node, ()) if q.predicate == DTKG_SUBJECT}
        return self._relations[node] | {n for n in added if isinstance(n, ox.NamedNode)}

    def present(self, quad: ox.Quad) -> bool:
        return isinstance(quad.subject, ox.NamedNode) and quad in self.stored(quad.subject)


def focus_and_candidate(nb: Neighbourhood) -> tuple[set[ox.NamedNode], set[ox.Quad]]:
    """The nodes whose verdict the change can alter, and the quads that decide it (see module docstring)."""
    changed = {q.subject for q in nb.remove | nb.add if isinstance(q.subject, ox.NamedNode)}
    focus = set(changed)
    # a relation node added or removed changes the verdict of its subject (S20), even once it is gone
    focus |= {q.object for q in nb.remove | nb.add if q.predicate == DTKG_SUBJECT and isinstance(q.object, ox.NamedNode)}
    for s in changed:
        focus |= {q.subject for q in nb.incoming(s) if isinstance(q.subject, ox.NamedNode)}
        focus |= {q.object for q in nb.out(s) if q.predicate == DTKG_SUBJECT and isinstance(q.object, ox.NamedNode)}
    candidate: set[ox.Quad] = set()
    for node in focus:
        own = nb.out(node)
        candidate |= own
        for q in own:
            if q.predicate != RDF_TYPE and isinstance(q.object, ox.NamedNode):
                candidate |= nb.out(q.object)
        for relation in nb.relations_naming(node):
            candidate |= nb.out(relation)
    return focus, candidate


def validate_change(store: Store, remove: Sequence[ox.Quad], add: Sequence[ox.Quad], engine: Engine = "compiled") -> Report:
    """SHACL verdict on store − remove + add, computed on the change's neighbourhood only."""
    nb = Neighbourhood(store, remove, add)
    focus, candidate = focus_and_candidate(nb)
    return validate(candidate, focus_nodes=[n.value for n in focus], engine=engine)


def validate_full(store: Store, remove: Sequence[ox.Quad], add: Sequence[ox.Quad], engine: Engine = "compiled") -> Report:
    """The same verdict computed on the whole store plus the change (the reference for tests)."""
    removed = set(remove)
    quads = {q for q in store.quads() if q.graph_name.value != vocab.ONTOLOGY_GRAPH and q not in removed}  # type: ignore[union-attr]  # every quad dtkg stores is in a named graph
    return validate(quads | set(add), engine=engine)


