"""The ingestion assistant: an article becomes a draft change for a curator to review.

:func:`draft_article` is the one entry point the CLI and the API use. It never
writes: the draft goes through ``dtkg add`` or ``POST /api/changes`` after
review, so validation, idempotency and history are the curation path's.
"""

from __future__ import annotations

from typing import Any

from graph.errors import BadRequest
from graph.ingest.pipeline import Draft, Metadata, ingest
from graph.ingest.result import response
from graph.model.snapshot import Snapshot

__all__ = ["Draft", "Metadata", "draft_article"]


def draft_article(text: str, meta: Metadata, snapshot: Snapshot | None) -> dict[str, Any]:
    """The draft of ``text`` as the API answers it (source, claims, entities, TriG, warnings)."""
    if not text.strip():
        raise BadRequest("the article is empty")
    return response(ingest(text, meta, snapshot))
