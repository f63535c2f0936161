"""ASGI middleware of the app, in one place: what wraps every request rather than one route.

* :class:`FreshAfterWrites` — lookups see a write at once.
  :mod:`graph.model.snapshot` trusts the graph version it read for a couple of
  seconds (reading it lists every named graph). A request that may have written
  to the store — any method but GET, HEAD and OPTIONS — makes the next lookup
  read the version again. This runs as soon as the write's response starts,
  before the client can ask anything else. A request the route marked as a read
  (:data:`READ_ONLY` in the request state: a SPARQL query sent with POST) does
  not: at 1M triples that re-read costs the next lookup ~0.2 s (issue 18).
* :class:`QueryCors` — CORS on the read-only query routes (``/sparql``,
  ``/api/queries``) only, so any site's tools can query while the write routes
  stay same-origin.

* :class:`SecurityHeaders` — ``X-Content-Type-Options: nosniff`` (a JSON or
  Turtle body is never run as script), ``Referrer-Policy: same-origin`` (query
  strings, which may hold a SPARQL query, do not leak to other sites) and
  ``X-Frame-Options: DENY`` on every answer; on HTML pages a
  Content-Security-Policy: scripts, styles, fonts and connections from this
  server only, no inline script (page scripts live in ``api/static/*.js``), no
  plugins, ``frame-ancestors 'none'`` (issue 12, fault 9). Inline *style
  attributes* stay allowed because the vendored YASGUI, Swagger UI and
  Cytoscape set them; our own styles live in ``api/static/*.css``.
* :class:`FairShare` — per-client concurrency and query-time budget on the query
  routes (429 with ``Retry-After``), and which clients are *light* (issue 12, fault 3).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import problems
from graph.model import snapshot

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CORS_PATHS = ("/sparql", "/api/queries", "/reconcile")
CAP_HEADERS = ("X-DTKG-Truncated", "X-DTKG-Result-Limit", "X-DTKG-Result-Count")
"""Headers a cross-site query tool may read: whether an answer was cut at ``DTKG_RESULT_LIMIT``."""


READ_ONLY = "dtkg_read_only"
"""Request-state key a route sets when a POST it answered wrote nothing (:class:`FreshAfterWrites` then leaves the
lookups' version alone)."""


class FreshAfterWrites:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return

        async def send_after_invalidating(message: Message) -> None:
            if message["type"] == "http.response.start" and not scope.get("state", {}).get(READ_ONLY):
                store = getattr(scope["app"].state, "store", None)
                if store is not None:
                    snapshot.invalidate(store)
            await send(message)

        await self.app(scope, receive, send_after_invalidating)


class QueryCors:
    """CORS for the read-only routes only (``/sparql``, ``/api/queries``, ``/reconcile``), so any site's tools can
    query (OpenRefine's suggest boxes call the reconciliation service from the browser)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=list(CAP_HEADERS),
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(CORS_PATHS):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds :data:`ALWAYS` to every response and the CSP to HTML ones (a route's own value wins)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass
class _Client:
    inflight: int = 0
    budget: float = 0.0  # seconds of query time left; refilled continuously
    stamp: float = 0.0
    last: float = 0.0  # how long this client's last admitted query took
    stamp_end: float = 0.0  # when it finished


class FairShare:
    """Each client (by address) gets a fair share of the query workers (issue 12, fault 3).

    * at most ``concurrency`` queries of one client run at once (``DTKG_CLIENT_CONCURRENCY``);
    * a client spends query time from a budget of ``seconds_per_minute`` that refills
      continuously (``DTKG_CLIENT_QUERY_SECONDS``, after the Wikidata Query Service's
      60 s of query time per minute); an empty budget means 429 with ``Retry-After``;
    * a client with nothing running whose last query took less than ``short_seconds``
      (or a new client) is *light*: its query may take the worker kept for short
      queries (:class:`graph.sparql.worker.ProcessPool`), so normal users are
      answered while others flood. The route reads ``request.state.light_client``.

    Applies to the query routes (``/sparql``, ``/api/queries``). Clients are told apart
    by address only; see SECURITY.md for what that means behind a NAT.
    """

    def __init__(
        self, app: ASGIApp, *, concurrency: int, seconds_per_minute: float, short_seconds: float,
        paths: tuple[str, ...] = CORS_PATHS,
    ) -> None:
        self.app = app
        self.concurrency = concurrency
        self.capacity = seconds_per_minute
        self.rate = seconds_per_minute / 60.0
        self.short = short_seconds
        self.paths = paths
        self.clients: dict[str, _Client] = {}

    def _state(self, key: str, now: float) -> _Client:
        client = self.clients.get(key)
        if client is None:
            if len(self.clients) > 100_000:  # forget idle clients rather than grow without bound
                self.clients = {k: c for k, c in self.clients.items() if c.inflight}
            client = self.clients[key] = _Client(budget=self.capacity, stamp=now)
        client.budget = min(self.capacity, client.budget + (now - client.stamp) * self.rate)
        client.stamp = now
        return client

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.paths):
            await self.app(scope, receive, send)
            return
        key = (scope.get("client") or ("unknown", 0))[0]
        now = time.monotonic()
        client = self._state(key, now)
        if client.inflight >= self.concurrency:
            await _too_many(scope, receive, send, 1,
                            f"at most {self.concurrency} queries per client run at once (DTKG_CLIENT_CONCURRENCY); "
                            "wait for one to finish")
            return
        if client.budget <= 0:
            wait = math.ceil(-client.budget / self.rate) if client.budget < 0 else 1
            await _too_many(scope, receive, send, max(1, wait),
                            f"this client used its {self.capacity:g} s of query time per minute "
                            "(DTKG_CLIENT_QUERY_SECONDS); retry after the time given")
            return
        scope.setdefault("state", {})["light_client"] = client.inflight == 0 and (
            client.last < self.short or now - client.stamp_end > 10  # one slow query is forgotten after 10 s
        )
        client.inflight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            client.inflight -= 1
            client.stamp_end = time.monotonic()
            client.last = client.stamp_end - now
            client.budget -= client.last


def light_client(request: Request) -> bool:
    """Whether :class:`FairShare` found this request's client light (it may use a reserved worker)."""
    return bool(getattr(request.state, "light_client", False))


async def _too_many(scope: Scope, receive: Receive, send: Send, retry_after: int, detail: str) -> None:
    response = problems.problem(429, "Too many requests", detail, retry_after=retry_after)
    response.headers["Retry-After"] = str(retry_after)
    await response(scope, receive, send)
