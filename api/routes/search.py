"""``/api/search``: full-text search over claim texts, source texts and names (SQLite FTS5 beside the store)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api import models
from api.deps import SettingsDep, StoreDep
from api.paging import listing
from graph.model import fulltext
from graph.vocab import entity_id

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=models.SearchResults, summary="Full-text search: claims, source texts and names")
def search(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            max_length=fulltext.MAX_QUERY_LENGTH,
            description='Words (all must match), "quoted phrases" and prefix* words; case and accents fold.',
            examples=['"order backlog"', "Rosoboron*"],
        ),
    ],
    kind: Annotated[list[str] | None, Query(description="claim, source or name; repeat for several (default: all).")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> dict[str, Any]:
    found = fulltext.search(store, settings, q, kinds=kind or fulltext.KINDS, limit=limit, offset=offset)
    items = [
        {
            "kind": hit.kind,
            "id": hit.id,
            "iri": hit.iri,
            "source": entity_id(hit.source) if hit.source else None,
            "title": hit.title,
            "text": hit.text,
            "start": hit.start,
            "matches": [{"start": s, "end": e} for s, e in hit.matches],
        }
        for hit in found.hits
    ]
    return listing(request, items, found.total, limit, offset)
