"""Stores behind one small interface: embedded Oxigraph, a remote SPARQL endpoint, or memory.

Everything above this module talks to :class:`Store` and never to pyoxigraph or
HTTP directly, so switching backend is one setting (``DTKG_ENDPOINT``). Results
are pyoxigraph objects in every backend (a remote endpoint's answer is parsed
back into them), which keeps one code path for serialisation and tests.

Writes are whole: :meth:`Store.apply` removes and adds quads in one transaction
(one SPARQL Update request for a remote store, which a conforming server applies
atomically), and :meth:`Store.replace_all` swaps the entire content at once.
"""

from __future__ import annotations

import hashlib
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import httpx
import pyoxigraph as ox

from graph.config import Settings
from graph.errors import BadQuery, StoreUnavailable

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Store(ABC):
    """What dtkg needs of a triplestore; see the module docstring for the guarantees.

    dtkg keeps every triple in a named graph (one per source document, one for
    the ontology, one per curation change); the store's own default graph stays
    empty and queries see the union of the named graphs as their default graph.
    """

    description: str

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
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
    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad]) -> None:
        """Remove then add quads in one transaction, durable when it returns."""

    @abstractmethod
    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content at once; on error the old content stays."""

    @abstractmethod
    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one named graph."""

    def named_graphs(self) -> list[ox.NamedNode]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g")
        assert isinstance(rows, Iterable)
        return [row["g"] for row in rows]  # type: ignore[index]

    def count(self, graph: ox.NamedNode | None = None) -> int:
        bindings = {"g": graph} if graph is not None else None
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", bindings)
        return int(next(iter(rows))["n"].value)  # type: ignore[index, call-overload]

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Serialise everything; triple-only formats get the union of all graphs."""
        quads = list(self.quads())
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt) or b""
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        return ox.serialize(sorted(triples, key=str), format=fmt) or b""

    def fingerprint(self) -> str:
        """sha256 of the sorted N-Quads: equal content, equal fingerprint."""
        lines = sorted(str(q) + " .\n" for q in self.quads())
        return hashlib.sha256("".join(lines).encode()).hexdigest()

    def close(self) -> None:  # noqa: B027 - optional: only some backends hold resources
        """Release the backend (file locks, connections)."""


class OxigraphStore(Store):
    """pyoxigraph's store, on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.description = f"embedded Oxigraph at {path}" if path else "in-memory Oxigraph"
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not (path / "CURRENT").exists():
                    raise StoreUnavailable(
                        f"no store at {path}: run 'dtkg build' first (or set DTKG_STORE)"
                    )
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreUnavailable(_describe_os_error(path, exc)) from None

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> QueryResult:
        options: dict[str, object] = {}
        if default_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = list(default_graphs) or ox.DefaultGraph()
        if named_graphs is not None:
            options["named_graphs"] = list(named_graphs)
        if bindings:
            sparql = bind_values(sparql, bindings)
        try:
            return self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise BadQuery(f"SPARQL syntax error: {exc}") from None

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise BadQuery(f"SPARQL Update syntax error: {exc}") from None
        self._store.flush()

    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad]) -> None:
        if not remove:
            self._store.extend(add)
        else:
            self._store.update(_data_update(remove, add))
        self._store.flush()

    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        if self.path is None:
            fresh = ox.Store()
            fresh.bulk_extend(quads)
            self._store = fresh
            return
        # Build beside the live store, then swap directories: a failure at any
        # point before the swap leaves the old store untouched.
        staging = self.path.with_name(self.path.name + ".staging")
        retired = self.path.with_name(self.path.name + ".retired")
        for leftover in (staging, retired):
            shutil.rmtree(leftover, ignore_errors=True)
        fresh = ox.Store(str(staging))
        fresh.bulk_extend(quads)
        fresh.flush()
        del fresh
        del self._store
        self.path.rename(retired)
        staging.rename(self.path)
        shutil.rmtree(retired, ignore_errors=True)
        self._store = ox.Store(str(self.path))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def named_graphs(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def close(self) -> None:
        if hasattr(self, "_store"):
            del self._store


class RemoteTriples:
    """Triples of a CONSTRUCT/DESCRIBE answer from a remote endpoint."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def serialize(self, output: None = None, format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes:
        return ox.serialize(self._triples, format=format) or b""


QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | RemoteTriples


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP (Query, Update and Graph Store Protocol).

    The endpoint must treat its default graph as the union of named graphs for
    dtkg's queries to see all data (``oxigraph serve --union-default-graph``,
    Fuseki's ``tdb2:unionDefaultGraph``). Bound variables are sent as an inline
    ``VALUES`` block of pyoxigraph-serialised terms placed first in the query's
    WHERE group, which equals substitution for variables used in that pattern
    (the shape of dtkg's named queries).
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 300.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or _sibling(query_url, "update")
        self.gsp_url = gsp_url or _sibling(query_url, "store")
        self.description = f"SPARQL endpoint {query_url}"
        self._http = httpx.Client(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout), follow_redirects=False
        )

    def _post(self, url: str, data: dict[str, str | list[str]], accept: str) -> httpx.Response:
        try:
            response = self._http.post(url, data=data, headers={"Accept": accept})
        except httpx.TimeoutException:
            raise StoreUnavailable(f"SPARQL endpoint {url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"cannot reach SPARQL endpoint {url}: {exc}") from None
        if response.status_code == 400:
            raise BadQuery(f"the endpoint rejected the request: {response.text.strip()[:500]}")
        if response.status_code >= 300:
            raise StoreUnavailable(
                f"SPARQL endpoint {url} answered HTTP {response.status_code}: {response.text.strip()[:200]}"
            )
        return response

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> QueryResult:
        if bindings:
            sparql = bind_values(sparql, bindings)
        form: dict[str, str | list[str]] = {"query": sparql}
        if default_graphs is not None:
            form["default-graph-uri"] = [g.value for g in default_graphs]
        if named_graphs is not None:
            form["named-graph-uri"] = [g.value for g in named_graphs]
        response = self._post(
            self.query_url, form, "application/sparql-results+json, application/n-triples;q=0.9"
        )
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/n-triples":
            parsed = ox.parse(response.content, ox.RdfFormat.N_TRIPLES)
            return RemoteTriples([ox.Triple(t.subject, t.predicate, t.object) for t in parsed])
        return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, "*/*")

    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad]) -> None:
        self.update(_data_update(remove, add))

    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        self.update("CLEAR ALL ;\n" + _data_update([], list(quads)))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            rows = self.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
            return (ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows)  # type: ignore[index, union-attr]
        # dtkg keeps all data in named graphs, so the named graphs are everything.
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)  # type: ignore[index, union-attr]

    def close(self) -> None:
        self._http.close()


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Bind variables to terms with an inline ``VALUES`` block first in the WHERE group.

    This is the one place user values meet query text, and they arrive as
    pyoxigraph terms whose N-Triples form pyoxigraph itself escapes, so a value
    can never close a string or a group. pyoxigraph's ``substitutions=`` would
    be the other option, but it only binds variables of the SELECT projection
    (not those of aggregates or CONSTRUCT) and does not exist on a remote
    endpoint; one mechanism gives the same answers on every backend.
    """
    for value in bindings.values():
        if not isinstance(value, (ox.NamedNode, ox.Literal)):
            raise BadQuery(f"a bound value must be an IRI or a literal, got {type(value).__name__}")
    names = " ".join(f"?{_variable_name(k)}" for k in bindings)
    values = " ".join(str(v) for v in bindings.values())
    return _inject_values(sparql, f" VALUES ({names}) {{ ({values}) }} ")


def _variable_name(name: str) -> str:
    if not name.replace("_", "a").isalnum():
        raise BadQuery(f"not a SPARQL variable name: {name!r}")
    return name


def _inject_values(sparql: str, block: str) -> str:
    """Put ``block`` just inside the WHERE group's opening brace.

    A small scanner skips IRIs, strings and comments so that braces inside
    them do not count; the block itself holds only serialised terms.
    """
    depth = 0
    groups_seen = 0
    construct_template = False
    i, n = 0, len(sparql)
    upper = sparql.upper()
    while i < n:
        ch = sparql[i]
        if ch == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "\"'":
            quote = sparql[i : i + 3] if sparql[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and sparql[j : j + len(quote)] != quote:
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<" and depth >= 0:
            end = sparql.find(">", i)
            if end > 0 and not any(c in sparql[i + 1 : end] for c in " \n\t{}"):
                i = end + 1
                continue
        if depth == 0 and upper.startswith("CONSTRUCT", i):
            rest = upper[i + 9 :].lstrip()
            construct_template = rest.startswith("{")
        if ch == "{":
            if depth == 0:
                groups_seen += 1
                if not (construct_template and groups_seen == 1):
                    return sparql[: i + 1] + block + sparql[i + 1 :]
            depth += 1
        elif ch == "}":
            depth -= 1
        i += 1
    raise BadQuery("cannot bind parameters: the query has no WHERE group")


def _sibling(url: str, leaf: str) -> str:
    """Oxigraph's layout: /query, /update and /store side by side."""
    if url.rstrip("/").endswith("/query"):
        return url.rstrip("/")[: -len("query")] + leaf
    return url


def _data_update(remove: Sequence[ox.Quad], add: Sequence[ox.Quad]) -> str:
    """DELETE DATA / INSERT DATA from quads; terms are serialised by pyoxigraph, never formatted."""
    parts = []
    if remove:
        parts.append("DELETE DATA {\n" + _quad_block(remove) + "}")
    if add:
        parts.append("INSERT DATA {\n" + _quad_block(add) + "}")
    return " ;\n".join(parts) or "CLEAR SILENT GRAPH <urn:dtkg:nothing>"


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


def _describe_os_error(path: Path | None, exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (
            f"the store at {path} is in use by another process "
            "(is 'dtkg serve' running? stop it, or use a different DTKG_STORE)"
        )
    return f"cannot open the store at {path}: {text.splitlines()[0] if text else type(exc).__name__}"


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name: remote when ``DTKG_ENDPOINT`` is set, else embedded."""
    if settings.endpoint:
        return RemoteStore(
            settings.endpoint,
            update_url=settings.update_endpoint,
            gsp_url=settings.gsp_endpoint,
            connect_timeout=settings.connect_timeout,
        )
    return OxigraphStore(settings.store, read_only=read_only)
