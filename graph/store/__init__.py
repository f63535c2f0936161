"""Stores behind one small interface: embedded Oxigraph, a remote SPARQL endpoint, or memory.

Everything above this module talks to :class:`Store` and never to pyoxigraph or
HTTP directly, so switching backend is one setting (``DTKG_ENDPOINT``). Results
are pyoxigraph objects in every backend (a remote endpoint's answer is parsed
back into them), which keeps one code path for serialisation and tests.

Writes are whole: :meth:`Store.apply` removes and adds quads in one transaction
(one SPARQL Update request for a remote store, which a conforming server applies
atomically), and :meth:`Store.replace_all` swaps the entire content at once.
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
