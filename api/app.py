"""The app factory: ``create_app(settings)`` wires the store, error rendering, middleware and routers.

The lifespan makes the long-lived objects once — the store, the query workers
behind ``/sparql`` and ``/api/queries``, the network cache — and puts them on
``app.state``, where the dependencies in :mod:`api.deps` hand them to routes.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

import graph
from api import middleware, openapi, problems, slow_clients, strict_query
from api.routes import (
    browse,
    changes,
    claims,
    dataset,
    docs,
    downloads,
    entities,
    health,
    ingest,
    named_queries,
    network,
    pages,
    reconcile,
    search,
    sources,
    sparql,
)
from graph.config import Settings, load_settings
from graph.model import claims as claim_model
from graph.model import entities as entity_model
from graph.model import fulltext
from graph.network import NetworkCache
from graph.sparql import worker
from graph.store import Store, open_store


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app; ``store`` lets tests hand in an already open store."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(settings, read_only=not settings.write_tokens)
        # Every entity's relations, once per store version, so an entity page queries none (issue 18 point 2);
        # started first: tables are built one at a time, and this one takes ~3 s at 1M against the claims' ~10 s.
        threading.Thread(target=entity_model.warm, args=(app.state.store, settings), name="dtkg-relations", daemon=True).start()
        # Build the lookup index (names, types, vocabularies), then every claim shaped for the API, now rather than on
        # the first request.
        threading.Thread(target=claim_model.warm, args=(app.state.store, settings), name="dtkg-warm", daemon=True).start()
        # Repair a full-text index a crash left behind the store (and open it) before the first search.
        threading.Thread(target=fulltext.warm, args=(app.state.store, settings), name="dtkg-fulltext", daemon=True).start()
        app.state.runner = worker.open_runner(
            app.state.store, timeout=settings.query_timeout, connect_timeout=settings.connect_timeout,
            memory_bytes=settings.worker_memory_mib * 1024 * 1024,  # DTKG_WORKER_MEMORY
            short_timeout=settings.short_query_seconds,  # DTKG_SHORT_QUERY_SECONDS: the reserved workers' limit
        )
        app.state.network_cache = NetworkCache(settings)
        try:
            yield
        finally:
            app.state.runner.close()
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="dtkg",
        version=graph.__version__,
        summary="A knowledge graph of defense-trade actors: who said what, when, and where it was reported.",
        lifespan=lifespan,
        docs_url=None,  # served by api/routes/docs.py from local assets, not a CDN
        redoc_url=None,
        dependencies=[Depends(strict_query.reject_unknown)],  # /api routes: an unknown query parameter is a 422
    )
    app.state.settings = settings
    problems.install(app)
    openapi.install(app)  # unique operation ids; 422 documented as the problem+json it is
    app.add_middleware(sparql.QueryPath)  # /sparql queries and updates without FastAPI's routing (issue 18): innermost
    app.add_middleware(middleware.FreshAfterWrites)
    # /sparql first: routes are matched in order, and its small queries feel each route tried before it.
    app.include_router(sparql.router)  # /sparql: SPARQL 1.1 Protocol, service description and query page
    app.include_router(health.router)
    app.include_router(docs.router)
    for area in (entities, claims, sources, search, downloads, dataset, pages, browse):
        app.include_router(area.router)
    app.include_router(network.router)
    app.include_router(reconcile.router)  # /reconcile: W3C Reconciliation API 0.2 (OpenRefine)
    app.include_router(named_queries.router)  # /api/queries: the named-query catalogue
    app.add_middleware(middleware.QueryCors)  # CORS on /sparql, /api/queries and /reconcile only
    app.include_router(changes.router)  # curation writes: POST/GET/DELETE /api/changes
    app.include_router(ingest.router)  # POST /api/ingest and the /ingest page: draft an article, write nothing
    # Page assets (network.js, vendor/cytoscape from api/assets.py); never a CDN.
    app.add_middleware(
        middleware.FairShare,  # per-client concurrency and query-time budget on the query routes: 429
        concurrency=settings.client_concurrency,
        seconds_per_minute=settings.client_query_seconds,
        short_seconds=settings.short_query_seconds,
    )
    app.add_middleware(slow_clients.BodyDeadline, seconds=settings.body_timeout)  # DTKG_BODY_TIMEOUT: 408
    app.add_middleware(middleware.SecurityHeaders)  # nosniff, Referrer-Policy, frame and CSP headers (outermost)
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")
    return app
