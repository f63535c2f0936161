"""The store's side files and its one version marker.

When the store was last built is kept beside it (``<store>.build.json``), out
of the graph on purpose: a timestamp inside the data would make two builds of
the same files differ.

:func:`version` is the one answer to "has the graph changed?", used by the
lookup snapshot and the network cache (two markers before this one disagreed
on what counts as a change).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from graph.config import Settings
from graph.store.base import Store


def _path(settings: Settings) -> Path | None:
    if settings.endpoint:
        return None
    return settings.store.with_name(settings.store.name + ".build.json")


def fulltext_path(settings: Settings) -> Path:
    """The full-text index file beside the store (``<store>.fulltext.sqlite``).

    With a remote store it still lives beside ``DTKG_STORE``: it is this server's
    own cache of the remote content, rebuilt whenever the store's version moves.
    """
    return settings.store.with_name(settings.store.name + ".fulltext.sqlite")


def write(settings: Settings, **facts: Any) -> None:
    path = _path(settings)
    if path is None:
        return
    body = {"built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **facts}
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(body, indent=2))
    tmp.replace(path)


def read(settings: Settings) -> dict[str, Any] | None:
    path = _path(settings)
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def version(store: Store, settings: Settings | None = None) -> str:
    """A cheap marker that changes whenever the content does in dtkg's write paths.

    Every write alters the triple count or the set of named graphs (a build
    rewrites the side file, a curation change gets its own graph), so the marker
    hashes those and the build facts rather than sorting and hashing every quad
    (:func:`graph.rdf.canonical.content_hash` does that, for equality of content).
    """
    info = read(settings) if settings is not None else None
    digest = hashlib.sha256()
    if info:
        digest.update(f"{info.get('fingerprint', '')}|{info.get('built_at', '')}|".encode())
    digest.update(f"{store.count()}|".encode())
    for graph in store.named_graphs():
        digest.update(graph.value.encode() + b"\n")
    return digest.hexdigest()[:16]
