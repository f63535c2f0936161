"""ASGI middleware of the app, in one place: what wraps every request rather than one route.

* :class:`FreshAfterWrites` — lookups see a write at once.
  :mod:`graph.model.snapshot` trusts the graph version it read for a couple of
  seconds (reading it lists every named graph). A request that may have written
  to the store — any method but GET, HEAD and OPTIONS — makes the next lookup
  read the version again. This runs as soon as the write's response starts,
  before the client can ask anything else.
* :class:`QueryCors` — CORS on the read-only query routes (``/sparql``,
  ``/api/queries``) only, so any site's tools can query while the write routes
  stay same-origin.

Security headers and rate limiting belong here too (``app.py`` adds each
middleware in one list).
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.model import snapshot

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CORS_PATHS = ("/sparql", "/api/queries")
CAP_HEADERS = ("X-DTKG-Truncated", "X-DTKG-Result-Limit", "X-DTKG-Result-Count")
"""Headers a cross-site query tool may read: whether an answer was cut at ``DTKG_RESULT_LIMIT``."""


class FreshAfterWrites:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return

        async def send_after_invalidating(message: Message) -> None:
            if message["type"] == "http.response.start":
                store = getattr(scope["app"].state, "store", None)
                if store is not None:
                    snapshot.invalidate(store)
            await send(message)

        await self.app(scope, receive, send_after_invalidating)


class QueryCors:
    """CORS for the read-only query routes only (``/sparql``, ``/api/queries``), so any site's tools can query."""

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
