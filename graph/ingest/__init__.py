"""The ingestion assistant: an article becomes a draft change for a curator to review.

:func:`draft_article` is the one entry point the CLI and the API use. It never
writes: the draft goes through ``dtkg add`` or ``POST /api/changes`` after
review, so validation, idempotency and history are the curation path's.
"""

from __future__ import annotations

from typing import Any

from graph.errors import BadRequest
from graph.ingest import edit, relations
from graph.ingest.pipeline import Draft, Metadata, ingest
from graph.ingest.result import response
from graph.model.snapshot import Snapshot

__all__ = ["Draft", "Metadata", "draft_article"]


def draft_article(text: str, meta: Metadata, snapshot: Snapshot | None, claims: Any = None,
                  keep_relations: Any = None) -> dict[str, Any]:
    """The draft of ``text`` as the API answers it (source, claims, relations, entities, TriG, warnings).

    With ``claims`` (a curator's edited claims, as the answer gave them) the
    draft is built from those instead of the extracted ones (:mod:`graph.ingest.edit`);
    relations are then read off the edited claims again, and ``keep_relations``
    (the ids of the relations the curator accepted) drops the others.
    """
    if not text.strip():
        raise BadRequest("the article is empty")
    draft = ingest(text, meta, snapshot)
    if claims is not None:
        draft = edit.apply(draft, claims, snapshot)
    draft.relations = relations.find(text, draft.claims, draft.registry, draft.warnings, edit.relation_ids(keep_relations))
    return response(draft)
