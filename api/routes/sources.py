"""``/api/sources``: the documents, their full text and the claims made in them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import PlainTextResponse

from api import models
from api.deps import Limit, Offset, SettingsDep, StoreDep
from api.paging import listing
from graph.model import sources

router = APIRouter(prefix="/api", tags=["sources"])
SourceId = Annotated[str, Path(description="Source id.", examples=["doc-rosoboronexport-backlog-interview"])]


@router.get("/sources", response_model=models.ListOf[models.Source], summary="The source documents, paged")
def list_sources(request: Request, store: StoreDep, settings: SettingsDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    found = sources.all_sources(store, settings)
    return listing(request, [asdict(s) for s in found[offset : offset + limit]], len(found), limit, offset)


@router.get(
    "/sources/{id}",
    response_model=models.SourceDetail,
    responses={404: {"description": "No source with that id."}},
    summary="One source: metadata, full text and its claims",
)
def get_source(store: StoreDep, settings: SettingsDep, id: SourceId) -> dict[str, Any]:
    return asdict(sources.source(store, settings, id))


@router.get(
    "/sources/{id}/text",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}}, 404: {"description": "No source with that id."}},
    summary="The full text, as text/plain; span offsets index into it",
)
def get_source_text(store: StoreDep, id: SourceId) -> PlainTextResponse:
    return PlainTextResponse(sources.full_text(store, id), media_type="text/plain; charset=utf-8")
