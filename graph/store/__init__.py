"""Stores behind one small interface: embedded Oxigraph, a remote SPARQL endpoint, or memory.

This package's public face: :class:`Store` (the interface, see :mod:`graph.store.base`
for its guarantees), the backends, the binding helper and :func:`open_store`, which
picks the backend the settings name.
"""

from __future__ import annotations

from graph.config import Settings
from graph.store.base import Binding, Store, Term
from graph.store.bind import bind_values
from graph.store.embedded import OxigraphStore
from graph.store.remote import RemoteStore

__all__ = ["Binding", "OxigraphStore", "RemoteStore", "Store", "Term", "bind_values", "open_store"]


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
