"""The write API: ``POST /api/changes``, ``GET /api/changes[/{id}]``, ``DELETE /api/changes/{id}``.

Writes need a write token (:mod:`api.auth`); without ``DTKG_WRITE_TOKEN``
the server is read-only and every write answers 403. The request body is counted while it streams in and refused
with 413 past ``DTKG_MAX_UPLOAD``, before it is read whole. The work itself
(parse, validate, commit) is :mod:`graph.curation`, run in a worker thread.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api import bodies
from api.auth import authenticate
from api.deps import SettingsDep, StoreDep
from api.paging import listing
from api.responses import change_response
from graph import curation
from graph.rdf import canonical
from graph.sparql import sandbox
from graph.store.writelock import lock_path

router = APIRouter(prefix="/api/changes", tags=["curation"])


@router.post("", status_code=201, summary="Add a change: RDF (Turtle, TriG, JSON-LD) or a SPARQL Update")
async def post_change(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    message: Annotated[str | None, Query(max_length=2000, description="Why the change was made.")] = None,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    author = authenticate(request, settings)
    body = await bodies.read_body(request, settings.max_upload, "DTKG_MAX_UPLOAD")
    media_type = bodies.content_type(request)[0] or ""
    lock = lock_path(settings.store)
    if media_type == "application/sparql-update":
        text = bodies.decode(body)
        outcome = await run_in_threadpool(
            curation.update_change, store, text, author=author, message=message,
            idempotency_key=idempotency_key, lock=lock, limits=sandbox.limits_for(settings), settings=settings,
        )
        return change_response(outcome)

    def work() -> curation.Outcome:
        quads = curation.parse_change(body, media_type, limits=sandbox.limits_for(settings))
        return curation.add_change(store, quads, author=author, message=message,
                                   idempotency_key=idempotency_key, lock=lock, settings=settings)

    return change_response(await run_in_threadpool(work))


@router.get("", summary="The change log, newest first")
def list_changes(
    request: Request,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    items, total = curation.list_changes(store, limit=limit, offset=offset)
    return listing(request, [c.to_dict() for c in items], total, limit, offset)


@router.get("/{change_id}", summary="One change with the quads it added and removed")
def get_change(change_id: str, store: StoreDep) -> dict[str, Any]:
    change = curation.get_change(store, change_id)
    added, removed = curation.change_quads(store, change_id)
    return {
        **change.to_dict(),
        "added_quads": canonical.canonical_lines(added),
        "removed_quads": canonical.canonical_lines(removed),
    }


@router.delete("/{change_id}", summary="Revert a change (recorded as a new change)")
async def delete_change(
    change_id: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    message: Annotated[str | None, Query(max_length=2000)] = None,
) -> JSONResponse:
    author = authenticate(request, settings)
    outcome = await run_in_threadpool(
        curation.revert_change, store, change_id, author=author, message=message, lock=lock_path(settings.store),
        settings=settings,
    )
    return change_response(outcome, created=200)
