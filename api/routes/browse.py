"""The claims and figures browsers, ``/claims`` and ``/figures``: tables a researcher can filter, sort, page and share.

Every filter, the order and the page live in the URL, so a view can be sent to
someone; the CSV and JSON links carry the same parameters to ``/api/claims`` and
``/api/figures``, so a download holds exactly the rows on screen. The form
submits empty fields as empty strings, which mean "no filter" here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Limit, Offset, SettingsDep, StoreDep
from api.templating import TEMPLATES
from graph.errors import DtkgError
from graph.model import claims, ontology_terms, sources
from graph.model.snapshot import InvalidParameter, Page
from graph.rdf import formats
from graph.sparql import protocol

router = APIRouter(tags=["pages"])
Text = Annotated[str, Query(max_length=500)]


def given(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a user actually set, in a stable order, for links."""
    return {k: v for k, v in params.items() if v not in ("", None, False)}


def day(raw: str, name: str) -> dt.date | None:
    if not raw.strip():
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidParameter(name, f"{raw[:40]!r} is not a date; use YYYY-MM-DD") from None


def paging(path: str, params: dict[str, Any], page: Page[Any]) -> dict[str, Any]:
    """Links the template needs: to change the order, to turn pages, to download the same rows."""

    def link(**changes: Any) -> str:
        query = given({**params, **changes})
        return path + ("?" + urlencode(query) if query else "")

    def sort_link(key: str) -> str:
        current = params.get("sort") or ""
        return link(sort=("-" + key) if current == key else key, offset=0)

    api = "/api" + path
    query = urlencode(given(params))
    return {
        "link": link,
        "sort_link": sort_link,
        "previous": link(offset=max(page.offset - page.limit, 0)) if page.offset > 0 else None,
        "next": link(offset=page.offset + page.limit) if page.offset + page.limit < page.total else None,
        "json": api + ("?" + query if query else ""),
        "csv": api + "?" + urlencode({**given(params), "format": "csv"}),
    }


@router.get("/claims", response_class=HTMLResponse, summary="Claims browser: filter, sort, page, download")
def claims_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    speaker: Text = "",
    about: Text = "",
    source: Text = "",
    kind: Text = "",
    q: Text = "",
    date_from: Annotated[str, Query(alias="from", max_length=40)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=40)] = "",
    include_undated: bool = False,
    sort: Annotated[str, Query(max_length=20)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> HTMLResponse:
    params = {
        "speaker": speaker, "about": about, "source": source, "kind": kind, "q": q, "from": date_from,
        "to": date_to, "include_undated": "true" if include_undated else "", "sort": sort,
        "limit": limit if limit != 50 else "", "offset": offset,
    }
    def find() -> Page[Any]:  # inside render(), so a bad date is shown on the page, not raised
        where = claims.ClaimFilter(
            speaker.strip() or None, about.strip() or None, source.strip() or None, kind.strip() or None,
            q.strip() or None, day(date_from, "from"), day(date_to, "to"), include_undated, sort or "document",
        )
        return claims.find(store, settings, where, limit, offset)

    extra = {"facets": claims.facets(store, settings), "sorts": claims.CLAIM_SORTS}
    return render(request, "claims.html", "/claims", params, find, extra)


@router.get("/figures", response_class=HTMLResponse, summary="Figures browser: competing numbers side by side")
def figures_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    measure: Text = "",
    subject: Text = "",
    speaker: Text = "",
    source: Text = "",
    sort: Annotated[str, Query(max_length=20)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> HTMLResponse:
    params = {
        "measure": measure, "subject": subject, "speaker": speaker, "source": source, "sort": sort,
        "limit": limit if limit != 50 else "", "offset": offset,
    }
    where = claims.FigureFilter(
        measure.strip() or None, subject.strip() or None, speaker.strip() or None, source.strip() or None, sort or "measure"
    )
    extra = {
        "facets": claims.facets(store, settings), "measures": claims.measures(store, settings),
        "sources": sources.all_sources(store, settings),
    }
    return render(request, "figures.html", "/figures", params, lambda: claims.figures(store, settings, where, limit, offset), extra)


def render(
    request: Request, template: str, path: str, params: dict[str, Any], run: Callable[[], Page[Any]], extra: dict[str, Any]
) -> HTMLResponse:
    """The browser page: the rows ``run`` finds, or the reason it could not (422, the form kept as sent)."""
    error = None
    try:
        found = run()
    except DtkgError as exc:
        error, found = exc.detail, Page([], 0, int(params["limit"] or 50), int(params["offset"] or 0))
    context = {"page": found, "params": params, "error": error, **extra, **paging(path, params, found)}
    return TEMPLATES.TemplateResponse(request, template, context, status_code=422 if error else 200)


@router.get(
    "/ontology",
    response_class=HTMLResponse,
    summary="The ontology's classes and properties, readable, one anchor per term; or the ontology as RDF",
    description="A browser gets the page; `Accept: text/turtle` (or N-Triples, JSON-LD, RDF/XML, TriG, N-Quads), "
    "or `?format=turtle|nt|jsonld|rdfxml|trig|nq`, gets the ontology graph itself: classes, properties and shapes.",
    responses={200: {"content": {f.media_type: {} for f in (formats.HTML, *formats.GRAPHS)}},
               406: {"description": "Unknown format."}},
)
def ontology_page(
    request: Request,
    store: StoreDep,
    format: Annotated[str | None, Query(max_length=20, description="html, turtle, nt, jsonld, rdfxml, trig or nq.")] = None,
) -> Response:
    choice = protocol.negotiate((formats.HTML, *formats.GRAPHS), request.headers.get("accept"), format)
    if choice is not formats.HTML:
        return Response(protocol.write_triples(ontology_terms.document(store), choice),
                        media_type=choice.content_type, headers={"Vary": "Accept"})
    found = ontology_terms.terms(store)
    context = {"classes": [t for t in found if t.kind == "class"], "properties": [t for t in found if t.kind == "property"]}
    return TEMPLATES.TemplateResponse(request, "ontology.html", context, headers={"Vary": "Accept"})
