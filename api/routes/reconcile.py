"""``/reconcile``: the W3C Reconciliation Service API 0.2, so OpenRefine can match a column of names.

HTTP only: reading the batch from the query string, a form field or a JSON
body, and rendering answers. Parsing, matching and the manifest live in
:mod:`graph.model.reconcile`; errors are its :class:`~graph.model.reconcile.BadBatch`
(400, naming the field). Read-only, no token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api import bodies
from api.deps import SettingsDep, StoreDep
from graph.model import entities
from graph.model import reconcile as service

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
JSON_TYPES = ("application/json", "text/json")
FORM = "application/x-www-form-urlencoded"
MANIFEST_DOC = "Without `queries`: the service manifest. With `queries` (a JSON object of named queries): the results."


@router.get("", summary="Reconciliation: service manifest, or a batch given as ?queries=", description=MANIFEST_DOC)
def reconcile_get(request: Request, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    raw = request.query_params.get("queries")
    if raw is None:
        return service.manifest(store, settings, str(request.base_url))
    return _run(store, settings, service.parse_queries_field(raw))


@router.post(
    "",
    summary="Reconciliation: a batch of queries",
    description="The batch as the `queries` form field (what OpenRefine sends) or as a JSON body.",
)
async def reconcile_post(request: Request, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    body = bodies.decode(await bodies.read_body(request, settings.max_query_bytes, "DTKG_MAX_QUERY_BYTES"))
    kind, _ = bodies.content_type(request)
    if kind in JSON_TYPES:
        batch = service.parse_queries_field(body)
        if isinstance(batch, dict) and set(batch) == {"queries"}:
            inner = batch["queries"]
            batch = service.parse_queries_field(inner) if isinstance(inner, str) else inner
    elif kind in (None, FORM):
        raw = dict(bodies.form(body)).get("queries")
        if raw is None:
            raise service.BadBatch("queries", "missing: send the batch as the queries form field or as a JSON body")
        batch = service.parse_queries_field(raw)
    else:
        raise service.BadBatch("queries", f"send a {FORM} form with a queries field, or a JSON body, not {kind}")
    return _run(store, settings, batch)


def _run(store: StoreDep, settings: SettingsDep, batch: Any) -> dict[str, Any]:
    return service.reconcile(store, settings, service.parse_batch(store, settings, batch))


def _text(request: Request, name: str, required: bool = False) -> str:
    value = request.query_params.get(name, "")
    if len(value) > service.MAX_QUERY_CHARS:
        raise service.BadBatch(name, f"{len(value)} characters; at most {service.MAX_QUERY_CHARS}")
    if required and not value.strip():
        raise service.BadBatch(name, "missing")
    return value


@router.get("/suggest/entity", summary="Suggest entities for a partly typed name")
def suggest_entity(request: Request, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    prefix = _text(request, "prefix", required=True)
    kind = _text(request, "type")
    raw_cursor = request.query_params.get("cursor", "0")
    if not raw_cursor.isdigit() or int(raw_cursor) > 1000:
        raise service.BadBatch("cursor", "must be a whole number from 0 to 1000")
    return service.suggest_entities(store, settings, prefix, [kind] if kind.strip() else None, int(raw_cursor))


@router.get("/suggest/type", summary="Suggest types (classes that have entities)")
def suggest_type(request: Request, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    return service.suggest_types(store, settings, _text(request, "prefix"))


@router.get("/suggest/property", summary="Suggest properties usable as conditions")
def suggest_property(request: Request, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    return service.suggest_properties(store, settings, _text(request, "prefix"))


@router.get("/preview", response_class=HTMLResponse, summary="A small HTML card of one entity, for OpenRefine's preview")
def preview(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    found = entities.entity(store, settings, _text(request, "id", required=True).strip())
    width, height = service.PREVIEW_SIZE
    return TEMPLATES.TemplateResponse(
        request, "reconcile-preview.html", {"entity": found, "width": width, "height": height}
    )
