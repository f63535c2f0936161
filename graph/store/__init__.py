"""Stores behind one small interface: embedded Oxigraph, a remote SPARQL endpoint, or memory.

This package's public face: :class:`Store` (the interface, see :mod:`graph.store.base`
for its guarantees), the backends, the binding helper and :func:`open_store`, which
picks the backend the settings name.
"""

from __future__ import annotations

from graph.config import Settings
from graph.store.base import Binding, Rows, Store, Term
from graph.store.bind import bind_values
from graph.store.embedded import OxigraphStore
from graph.store.remote import RemoteStore
from graph.store.virtuoso import VirtuosoStore

__all__ = ["Binding", "OxigraphStore", "RemoteStore", "Rows", "Store", "Term", "VirtuosoStore", "bind_values", "open_store"]

ENGINES: dict[str, type[RemoteStore]] = {"sparql": RemoteStore, "virtuoso": VirtuosoStore}
"""The external-store profile each DTKG_ENDPOINT_ENGINE value selects."""


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name: remote when ``DTKG_ENDPOINT`` is set, else embedded."""
    if settings.endpoint:
        return ENGINES[settings.endpoint_engine](
            settings.endpoint,
            update_url=settings.update_endpoint,
            gsp_url=settings.gsp_endpoint,
            user=settings.endpoint_user,
            password=settings.endpoint_password,
            connect_timeout=settings.connect_timeout,
        )
    return OxigraphStore(settings.store, read_only=read_only)
