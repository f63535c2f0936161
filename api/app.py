"""The app factory: ``create_app(settings)`` wires the store, error rendering and routers."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

import graph
from api import freshness, openapi, problems, strict_query
from api.routes import browse as browse_routes
from api.routes import changes as change_routes
from api.routes import claims as claim_routes
from api.routes import docs as docs_routes
from api.routes import downloads as download_routes
from api.routes import entities as entity_routes
from api.routes import health
from api.routes import named_queries as named_query_routes
from api.routes import network as network_routes
from api.routes import pages as page_routes
from api.routes import sources as source_routes
from api.routes import sparql as sparql_routes
from graph.config import Settings, load_settings
from graph.model import snapshot
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
        sparql_routes.start(app)  # the killable query workers behind /sparql and /api/queries
        try:
            yield
        finally:
            sparql_routes.stop(app)
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
    app.add_middleware(freshness.FreshAfterWrites)
    app.include_router(health.router)
    app.include_router(docs_routes.router)
    for area in (entity_routes, claim_routes, source_routes, download_routes, page_routes, browse_routes):
        app.include_router(area.router)
    app.include_router(network_routes.router)
    app.include_router(sparql_routes.router)  # /sparql: SPARQL 1.1 Protocol, service description, query page
    app.include_router(named_query_routes.router)  # /api/queries: the named-query catalogue
    app.add_middleware(sparql_routes.SparqlCors)  # CORS on /sparql and /api/queries only
    app.include_router(change_routes.router)  # curation writes: POST/GET/DELETE /api/changes
    # Page assets (network.js, vendor/cytoscape from api/assets.py); never a CDN.
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")
    return app
