"""A remote SPARQL 1.1 store (Query, Update, Graph Store Protocol over HTTP).

Answers are parsed back into pyoxigraph terms, so everything above the store sees
the same objects as with the embedded backend. Engines that depart from the
standard get a subclass here in ``graph/store/`` (:mod:`graph.store.virtuoso`),
and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import httpx
import pyoxigraph as ox

from graph.errors import BadQuery, StoreUnavailable
from graph.rdf import formats
from graph.store.base import Binding, Guard, QueryResult, RemoteTriples, Store, data_update, guarded_update
from graph.store.bind import bind_values

RESULTS_JSON = formats.SOLUTIONS[0].media_type
QUERY_ACCEPT = f"{RESULTS_JSON}, {formats.N_TRIPLES.media_type};q=0.9"


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP (Query, Update and Graph Store Protocol).

    The endpoint must treat its default graph as the union of named graphs for
    dtkg's queries to see all data (``oxigraph serve --union-default-graph``,
    Fuseki's ``tdb2:unionDefaultGraph``). Bound variables are sent as an inline
    ``VALUES`` block of pyoxigraph-serialised terms placed first in the query's
    WHERE group, which equals substitution for variables used in that pattern
    (the shape of dtkg's named queries).

    ``engine_timeout`` (seconds) is a per-query limit for engines that accept
    one in the request; the standard protocol has none, so this class ignores
    it (``oxigraph serve --timeout-s`` sets Oxigraph's for the whole server).
    """

    engine = "sparql"

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 300.0,
        engine_timeout: float | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or self._default_url(query_url, "update")
        self.gsp_url = gsp_url or self._default_url(query_url, "store")
        self.user, self.password = user, password
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.engine_timeout = engine_timeout
        self.description = f"SPARQL endpoint {query_url}"
        self.public_name = "external SPARQL endpoint"
        self._http = httpx.Client(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout), follow_redirects=False
        )

    def with_timeouts(self, *, read_timeout: float, engine_timeout: float | None) -> RemoteStore:
        """The same endpoint and engine with other time limits (the public query runner's)."""
        return type(self)(
            self.query_url, update_url=self.update_url, gsp_url=self.gsp_url, user=self.user,
            password=self.password, connect_timeout=self.connect_timeout, read_timeout=read_timeout,
            engine_timeout=engine_timeout,
        )

    @staticmethod
    def _default_url(query_url: str, leaf: str) -> str:
        """Oxigraph's layout: /query, /update and /store side by side."""
        if query_url.rstrip("/").endswith("/query"):
            return query_url.rstrip("/")[: -len("query")] + leaf
        return query_url

    def _update_auth(self) -> httpx.Auth | None:
        return httpx.BasicAuth(self.user, self.password or "") if self.user else None

    def _post(
        self, url: str, data: Mapping[str, str | list[str]], accept: str, auth: httpx.Auth | None = None
    ) -> httpx.Response:
        try:
            response = self._http.post(url, data=dict(data), headers={"Accept": accept}, auth=auth or httpx.USE_CLIENT_DEFAULT)
        except httpx.TimeoutException:
            raise StoreUnavailable(f"SPARQL endpoint {url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"cannot reach SPARQL endpoint {url}: {exc}") from None
        if response.status_code >= 300:
            self._refuse(url, response)
        return response

    def _refuse(self, url: str, response: httpx.Response) -> None:
        """Turn an error answer into dtkg's errors (an engine subclass may know more codes)."""
        if response.status_code == 400:
            raise BadQuery(f"the endpoint rejected the request: {response.text.strip()[:500]}")
        raise StoreUnavailable(
            f"SPARQL endpoint {url} answered HTTP {response.status_code}: {response.text.strip()[:200]}"
        )

    def _query_form(self, sparql: str, default_graphs: Sequence[ox.NamedNode] | None,
                    named_graphs: Sequence[ox.NamedNode] | None) -> dict[str, Any]:
        form: dict[str, Any] = {"query": sparql}
        if default_graphs is not None:
            form["default-graph-uri"] = [g.value for g in default_graphs]
        if named_graphs is not None:
            form["named-graph-uri"] = [g.value for g in named_graphs]
        return form

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
        response = self._post(self.query_url, self._query_form(sparql, default_graphs, named_graphs), self._accept(sparql))
        return self._answer(sparql, response)

    def _accept(self, sparql: str) -> str:
        """The Accept header of a query (an engine profile may choose by the query's form)."""
        return QUERY_ACCEPT

    def _answer(self, sparql: str, response: httpx.Response) -> QueryResult:
        """The engine's answer as pyoxigraph results (an engine profile may repair it first)."""
        return self._parse(response)

    def _parse(self, response: httpx.Response) -> QueryResult:
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind in (formats.N_TRIPLES.media_type, "text/plain"):
            parsed = ox.parse(response.content, ox.RdfFormat.N_TRIPLES)
            return RemoteTriples([ox.Triple(t.subject, t.predicate, t.object) for t in parsed])
        return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, "*/*", auth=self._update_auth())

    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad], guard: Guard | None = None) -> None:
        self.update(guarded_update(remove, add, guard) if guard else data_update(remove, add))

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
