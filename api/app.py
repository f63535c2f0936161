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

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import graph
from api import middleware, problems
from api.routes import (
    changes,
    claims,
    docs,
    downloads,
    entities,
    health,
    named_queries,
    network,
    pages,
    search,
    sources,
    sparql,
)
from graph.config import Settings, load_settings
from graph.model import snapshot
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
        # Build the lookup index (names, types, vocabularies) now rather than on the first request.
        threading.Thread(target=snapshot.warm, args=(app.state.store, settings), name="dtkg-warm", daemon=True).start()
        app.state.runner = worker.open_runner(
            app.state.store, timeout=settings.query_timeout, connect_timeout=settings.connect_timeout
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
    )
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(middleware.FreshAfterWrites)
    app.include_router(health.router)
    app.include_router(docs.router)
    for area in (entities, claims, sources, search, downloads, pages):
        app.include_router(area.router)
    app.include_router(network.router)
    app.include_router(sparql.router)  # /sparql: SPARQL 1.1 Protocol, service description, query page
    app.include_router(named_queries.router)  # /api/queries: the named-query catalogue
    app.add_middleware(middleware.QueryCors)  # CORS on /sparql and /api/queries only
    app.include_router(changes.router)  # curation writes: POST/GET/DELETE /api/changes
    # Page assets (network.js, vendor/cytoscape from api/assets.py); never a CDN.
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")
    return app
