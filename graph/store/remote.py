"""A remote SPARQL 1.1 store (Query, Update, Graph Store Protocol over HTTP).

Answers are parsed back into pyoxigraph terms, so everything above the store sees
the same objects as with the embedded backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import httpx
import pyoxigraph as ox

from graph.errors import BadQuery, StoreUnavailable
from graph.rdf import formats
from graph.store.base import Binding, QueryResult, RemoteTriples, Store, data_update
from graph.store.bind import bind_values

RESULTS_JSON = formats.SOLUTIONS[0].media_type


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
        bindings: Mapping[str, Binding] | None = None,
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
            self.query_url, form, f"{RESULTS_JSON}, {formats.N_TRIPLES.media_type};q=0.9"
        )
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == formats.N_TRIPLES.media_type:
            parsed = ox.parse(response.content, ox.RdfFormat.N_TRIPLES)
            return RemoteTriples([ox.Triple(t.subject, t.predicate, t.object) for t in parsed])
        return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, "*/*")

    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad]) -> None:
        self.update(data_update(remove, add))

    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        self.update("CLEAR ALL ;\n" + data_update([], list(quads)))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            rows = self.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
            return (ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows)
        # dtkg keeps all data in named graphs, so the named graphs are everything.
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)

    def close(self) -> None:
        self._http.close()


def _sibling(url: str, leaf: str) -> str:
    """Oxigraph's layout: /query, /update and /store side by side."""
    if url.rstrip("/").endswith("/query"):
        return url.rstrip("/")[: -len("query")] + leaf
    return url
