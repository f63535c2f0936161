"""The app factory: ``create_app(settings)`` wires the store, error rendering and routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import graph
from api import problems
from api.routes import health
from graph.config import Settings, load_settings
from graph.store import Store, open_store


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app; ``store`` lets tests hand in an already open store."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(settings, read_only=not settings.write_tokens)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="dtkg",
        version=graph.__version__,
        summary="A knowledge graph of defense-trade actors: who said what, when, and where it was reported.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    problems.install(app)
    app.include_router(health.router)
    return app
