"""``/api/sources``: the documents, their full text and the claims made in them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import PlainTextResponse, Response

from api import citations, models
from api.deps import Limit, Offset, SettingsDep, StoreDep
from api.paging import listing
from graph.model import citation, sources

router = APIRouter(prefix="/api", tags=["sources"])
SourceId = Annotated[str, Path(description="Source id.", examples=["doc-rosoboronexport-backlog-interview"])]


@router.get("/sources", response_model=models.ListOf[models.Source], summary="The source documents, paged")
def list_sources(request: Request, store: StoreDep, settings: SettingsDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    found = sources.all_sources(store, settings)
    return listing(request, [asdict(s) for s in found[offset : offset + limit]], len(found), limit, offset)


@router.get(
    "/sources/{id}",
    response_model=models.SourceDetail,
    responses={404: {"description": "No source with that id."}, **citations.RESPONSES},
    summary="One source: metadata, full text, its claims, and how to cite it",
    description="Like a claim, a source carries a citation in three forms; `?format=csl-json|bibtex|text` or the "
    "CSL-JSON / BibTeX media type in `Accept` returns one alone. Fields the document does not state are listed "
    "in `not_stated` and cited as such, never invented.",
)
def get_source(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: SourceId,
    format: Annotated[str | None, Query(max_length=20, description=citations.FORMAT_HELP)] = None,
) -> dict[str, Any] | Response:
    form = citations.requested(format, request.headers.get("accept"))
    doc = sources.source(store, settings, id, with_claims=not form)
    cited = citation.for_source(store, settings, doc)
    if form:
        return citations.render(cited, form)
    return {**asdict(doc), "citation": citations.forms(cited)}


@router.get(
    "/sources/{id}/text",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}}, 404: {"description": "No source with that id."}},
    summary="The full text, as text/plain; span offsets index into it",
)
def get_source_text(store: StoreDep, id: SourceId) -> PlainTextResponse:
    return PlainTextResponse(sources.full_text(store, id), media_type="text/plain; charset=utf-8")
