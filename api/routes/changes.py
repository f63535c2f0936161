"""The write API: ``POST /api/changes``, ``GET /api/changes[/{id}]``, ``DELETE /api/changes/{id}``.

Writes need ``Authorization: Bearer <token>`` with a token from
``DTKG_WRITE_TOKEN``; without that setting the server is read-only and every
write answers 403. The request body is counted while it streams in and refused
with 413 past ``DTKG_MAX_UPLOAD``, before it is read whole. The work itself
(parse, validate, commit) is :mod:`graph.curation`, run in a worker thread.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from api.deps import SettingsDep, StoreDep
from api.paging import listing
from graph import curation
from graph.config import Settings
from graph.errors import Forbidden, PayloadTooLarge
from graph.rdf import canonical
from graph.store.writelock import lock_path

router = APIRouter(prefix="/api/changes", tags=["curation"])


def authenticate(request: Request, settings: Settings) -> str:
    """The token holder's name (the change's author); 403 when writes are off, 401 on a bad token."""
    if not settings.write_tokens:
        raise Forbidden("writes are disabled on this server: set DTKG_WRITE_TOKEN (name:token pairs) to enable them")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "a write needs 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
    author = None
    for known, name in settings.write_tokens.items():  # compare with every token, in constant time each
        if hmac.compare_digest(known.encode(), token.encode()):
            author = name
    if author is None:
        raise HTTPException(401, "the bearer token is not valid", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return author


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` bytes (Content-Length or counted)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the body is {declared} bytes; the limit is {limit} (DTKG_MAX_UPLOAD)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the body passed the limit of {limit} bytes (DTKG_MAX_UPLOAD)")
        chunks.append(chunk)
    return b"".join(chunks)


def change_response(outcome: curation.Outcome, created: int = 201) -> JSONResponse:
    """A committed (or duplicate) change as the write routes answer it."""
    body = {**outcome.change.to_dict(), "duplicate": outcome.duplicate}
    status = 200 if outcome.duplicate else created
    headers = {"Location": f"/api/changes/{outcome.change.id}"}
    return JSONResponse(body, status_code=status, headers=headers)


@router.post("", status_code=201, summary="Add a change: RDF (Turtle, TriG, JSON-LD) or a SPARQL Update")
async def post_change(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    message: Annotated[str | None, Query(max_length=2000, description="Why the change was made.")] = None,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    author = authenticate(request, settings)
    body = await read_body(request, settings.max_upload)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    lock = lock_path(settings.store)
    if media_type == "application/sparql-update":
        text = body.decode("utf-8", errors="strict") if body else ""
        outcome = await run_in_threadpool(
            curation.update_change, store, text, author=author, message=message,
            idempotency_key=idempotency_key, lock=lock,
        )
        return change_response(outcome)

    def work() -> curation.Outcome:
        quads = canonical.skolemise(curation.parse_upload(body, media_type))
        return curation.add_change(store, quads, author=author, message=message,
                                   idempotency_key=idempotency_key, lock=lock)

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
        curation.revert_change, store, change_id, author=author, message=message, lock=lock_path(settings.store)
    )
    return change_response(outcome, created=200)
