"""``POST /api/ingest``: draft the claims of an article, without writing anything; ``/ingest``, the page for it.

The body is the article as JSON (``{"text", "title", "publisher", "url",
"published", "language"}``) or as ``text/plain`` with the metadata as query
parameters. It is counted while it streams in (413 past ``DTKG_MAX_UPLOAD``),
must be UTF-8 and not empty (400); a ``published`` that is not a date at some
precision is 422. The drafting is :func:`graph.ingest.draft_article`, run in a
worker thread; no token is needed because nothing is written.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.bodies import read_body
from api.deps import SettingsDep, StoreDep
from api.templating import TEMPLATES
from graph import ingest
from graph.errors import BadRequest
from graph.model.snapshot import current

router = APIRouter(tags=["ingest"])
FIELDS = ("text", "title", "publisher", "url", "published", "language")
EDITS = ("claims", "relations")
"""What a curator's second request adds: the edited claims and the ids of the relations kept."""
Meta = Annotated[str | None, Query(max_length=2000)]

REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {**{name: {"type": "string"} for name in FIELDS},
                                   "claims": {"type": "array", "items": {"type": "object"},
                                              "description": "Edited claims to draft from instead of extracting."},
                                   "relations": {"type": "array", "items": {"type": "string"},
                                                 "description": "Ids (rel-…) of the drafted relations to keep; absent keeps all."}},
                },
                "example": {"text": "Chief executive Mara Okafor said on Tuesday that the backlog stands at about EUR 2.4 billion.",
                            "title": "Northwind order book", "published": "2025-03-04"},
            },
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}


def _from_json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest("the body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise BadRequest('the JSON body must be an object: {"text": …, "title": …}')
    unknown = sorted(set(data) - set(FIELDS) - set(EDITS))
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(unknown)}; expected: {', '.join(FIELDS)}")
    for name, value in data.items():
        if name not in EDITS and value is not None and not isinstance(value, str):
            raise BadRequest(f"'{name}' must be a string")
    return {name: data.get(name) for name in (*FIELDS, *EDITS)}


@router.get("/ingest", response_class=HTMLResponse, summary="The page to add an article", include_in_schema=False)
def ingest_page(request: Request) -> HTMLResponse:
    """Paste or upload an article, review and edit the drafted claims, commit with a write token (api/static/ingest.js)."""
    return TEMPLATES.TemplateResponse(request, "ingest.html", {})


@router.post(
    "/api/ingest",
    summary="Draft the claims of an article (writes nothing)",
    description=(
        "Send an article as JSON `{\"text\", \"title\", \"publisher\", \"url\", \"published\", \"language\"}` or as "
        "`text/plain` with the metadata as query parameters. The answer is `{source, claims, relations, entities, draft, "
        "warnings}`: each claim has the fields of an `/api/claims` item plus `confidence` and `new` flags on "
        "speakers and entities not yet in the graph; `draft` is the TriG to review and commit through "
        "`POST /api/changes`. A JSON body may also carry `claims`, the claims as a curator edited them (same shape): "
        "the draft is then built from those, checked (422 on a bad field), and `relations`, the ids of the drafted "
        "relations (network edges, each with the claim that states it) to keep. Nothing is written and no token is needed. 400: empty or not UTF-8; 413: larger "
        "than `DTKG_MAX_UPLOAD`; 422: `published` is not a date (2025-03-04, 2025-03, 2025 or --03-04)."
    ),
    openapi_extra=REQUEST_BODY,
)
async def post_ingest(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    title: Meta = None,
    publisher: Meta = None,
    url: Meta = None,
    published: Annotated[str | None, Query(max_length=40)] = None,
    language: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    body = await read_body(request, settings.max_upload, "DTKG_MAX_UPLOAD")
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/json":
        fields = _from_json(body)
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the article is not UTF-8 text") from None
        fields = {"text": text, "title": title, "publisher": publisher, "url": url, "published": published,
                  "language": language, "claims": None, "relations": None}
    text = fields["text"] or ""
    if not text.strip():
        raise BadRequest("the article is empty")
    meta = ingest.Metadata(title=fields["title"], publisher=fields["publisher"], url=fields["url"],
                           published=fields["published"], language=fields["language"] or "en")

    def work() -> dict[str, Any]:
        snap = current(store, settings) if store.count() else None
        return ingest.draft_article(text, meta, snap, fields["claims"], fields["relations"])

    return await run_in_threadpool(work)
