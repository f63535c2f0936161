"""The store interface every backend implements, and the quad-to-update text they share.

Everything above this module talks to :class:`Store` and never to pyoxigraph or
HTTP directly, so switching backend is one setting (``DTKG_ENDPOINT``). Results
are pyoxigraph objects in every backend (a remote endpoint's answer is parsed
back into them), which keeps one code path for serialisation and tests.

Writes are whole: :meth:`Store.apply` removes and adds quads in one transaction
(one SPARQL Update request for a remote store, which a conforming server applies
atomically), and :meth:`Store.replace_all` swaps the entire content at once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph.progress import Progress
from graph.rdf import canonical

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Binding = ox.NamedNode | ox.Literal | tuple[ox.NamedNode | ox.Literal, ...]
"""What a query variable is bound to: one term, or a tuple of terms (one solution each)."""


class Rows(list[ox.QuerySolution]):
    """A SELECT's solutions with its variable names in column order.

    Reading a solution by position is about ten times cheaper than by name
    (pyoxigraph searches the names on every access), which counts on the
    paths that read tens of thousands of rows (the partner network's edges).
    """

    def __init__(self, solutions: Iterable[ox.QuerySolution], variables: Sequence[str]) -> None:
        super().__init__(solutions)
        self.variables = list(variables)

    def columns(self, *names: str) -> tuple[int | None, ...]:
        """The position of each of ``names`` in a row, None for a variable the query does not select."""
        where = {name: i for i, name in enumerate(self.variables)}
        return tuple(where.get(name) for name in names)


class RemoteTriples:
    """Triples of a CONSTRUCT/DESCRIBE answer from a remote endpoint."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def serialize(self, output: None = None, format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes:
        return ox.serialize(self._triples, format=format) or b""


QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | RemoteTriples


@dataclass(frozen=True)
class Guard:
    """Optimistic concurrency through the store itself: a compare-and-set on one version triple.

    Writers on several machines share no lock file, so a writer reads the
    version before it validates, and commits with this guard: the version
    triple ``(subject, predicate, expected)`` in ``graph`` is replaced by
    ``new`` *in the same SPARQL Update* that writes the data, and the update's
    WHERE clause matches only while the version is still ``expected`` (or,
    with ``expected=None``, while there is none). If another writer committed
    in between, the update matches nothing and writes nothing; the caller
    learns it by reading back what it wrote (see :mod:`graph.curation`).
    """

    subject: ox.NamedNode
    predicate: ox.NamedNode
    graph: ox.NamedNode
    expected: ox.Literal | None
    new: ox.Literal

    def quad(self, value: ox.Literal) -> ox.Quad:
        return ox.Quad(self.subject, self.predicate, value, self.graph)


class Store(ABC):
    """What dtkg needs of a triplestore; see the module docstring for the guarantees.

    dtkg keeps every triple in a named graph (one per source document, one for
    the ontology, one per curation change); the store's own default graph stays
    empty and queries see the union of the named graphs as their default graph.
    """

    description: str
    public_name: str
    """What ``/health`` may show: a kind and a name, never a filesystem path or an internal URL."""
    sees_every_write: bool = False
    """True when every change this store can show is made through this object, so :attr:`writes`
    tells whether it changed (an embedded store: its lock keeps other processes out); False for a
    shared store that other machines write, whose version must be read again (a count of every quad)."""
    writes: int = 0
    """Writes made through this object (:meth:`apply`, :meth:`update`, :meth:`replace_all`) so far."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Binding] | None = None,
        *,
        default_graphs: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; the default graph is the union of all graphs.

        ``bindings`` give variables fixed RDF terms (see :func:`bind_values`).
        This is the only way user values reach a query.
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update as one transaction (trusted callers only)."""

    @abstractmethod
    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad], guard: Guard | None = None) -> None:
        """Remove then add quads in one transaction, durable when it returns.

        With a ``guard`` the transaction writes only if the guard's version
        still holds (and then moves it on); see :class:`Guard`.
        """

    @abstractmethod
    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content at once; on error the old content stays."""

    @abstractmethod
    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one named graph."""

    def normalise(self, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
        """The quads as this store will hold them, sorted.

        Oxigraph stores a valid literal of a derived integer type (``xsd:int``,
        ``xsd:nonNegativeInteger``…) as ``xsd:integer`` and writes numbers and
        dates in their canonical form; curation compares and records terms in
        the stored form. Engines that store otherwise override this.
        """
        memory = ox.Store()
        memory.extend(quads)
        return sorted(memory, key=str)

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> Rows:
        """Run a SELECT and return its rows, typed: the one place that narrows :meth:`query`'s result."""
        result = self.query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError(f"expected a SELECT query, got a {type(result).__name__}")
        return Rows(result, [v.value for v in result.variables])

    def named_graphs(self) -> list[ox.NamedNode]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g")
        return [row["g"] for row in rows if isinstance(row["g"], ox.NamedNode)]

    def count(self, graph: ox.NamedNode | None = None) -> int:
        bindings = {"g": graph} if graph is not None else None
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", bindings)
        n = rows[0]["n"]
        return int(n.value) if isinstance(n, ox.Literal) else 0

    def dump(self, fmt: ox.RdfFormat, extra: Sequence[ox.Quad] = (), progress: Progress | None = None) -> bytes:
        """Serialise everything (plus ``extra`` quads, e.g. a dataset description); triple-only formats get the union.

        ``progress`` (``dtkg export``) hears two phases: reading the quads, a
        share of the store's count, and serialising them.
        """
        progress = progress or Progress.silent()
        if progress.quiet:
            quads = [*self.quads(), *extra]
        else:
            quads = []
            whole = self.count()
            with progress.share(f"read {whole:,} quads", whole) as advance:
                for quad in self.quads():
                    quads.append(quad)
                    if len(quads) % 256 == 0:
                        advance(len(quads), f"{len(quads):,} quads")
                advance(len(quads), f"{len(quads):,} quads")
            quads.extend(extra)
        with progress.phase(f"serialise {len(quads):,} quads as {fmt.name}"):
            if fmt.supports_datasets:
                return ox.serialize(quads, format=fmt) or b""
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
            return ox.serialize(sorted(triples, key=str), format=fmt) or b""

    def fingerprint(self) -> str:
        """sha256 of the canonical N-Quads: equal content, equal fingerprint."""
        return canonical.content_hash(self.quads())

    def close(self) -> None:  # noqa: B027 - optional: only some backends hold resources
        """Release the backend (file locks, connections)."""


def data_update(remove: Sequence[ox.Quad], add: Sequence[ox.Quad]) -> str:
    """DELETE DATA / INSERT DATA from quads; terms are serialised by pyoxigraph, never formatted."""
    parts = []
    if remove:
        parts.append("DELETE DATA {\n" + _quad_block(remove) + "}")
    if add:
        parts.append("INSERT DATA {\n" + _quad_block(add) + "}")
    return " ;\n".join(parts) or "CLEAR SILENT GRAPH <urn:dtkg:nothing>"


def guarded_update(remove: Sequence[ox.Quad], add: Sequence[ox.Quad], guard: Guard) -> str:
    """One DELETE/INSERT … WHERE whose WHERE is the guard's version: all of it is written, or none."""
    version = guard.quad(guard.expected) if guard.expected is not None else None
    delete = _quad_block([*remove, *([version] if version else [])])
    insert = _quad_block([*add, guard.quad(guard.new)])
    deleting = f"DELETE {{\n{delete}}}\n" if delete else ""
    return f"{deleting}INSERT {{\n{insert}}}\nWHERE {{ {guard_condition(guard)} }}"


def guard_condition(guard: Guard) -> str:
    """The WHERE pattern that matches only while the guard's version holds."""
    if guard.expected is not None:
        return f"GRAPH {guard.graph} {{ {guard.subject} {guard.predicate} {guard.expected} }}"
    return f"FILTER NOT EXISTS {{ GRAPH {guard.graph} {{ {guard.subject} {guard.predicate} ?version }} }}"


def _quad_block(quads: Sequence[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    chunks = []
    for graph, lines in by_graph.items():
        body = "\n".join(lines)
        chunks.append(f"GRAPH {graph} {{\n{body}\n}}\n" if graph else body + "\n")
    return "".join(chunks)
