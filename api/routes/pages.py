"""HTML pages and linked data: the landing page ``/`` and ``/id/{id}``.

``/id/{id}`` is the resolvable form of every dtkg IRI. Content negotiation picks
the representation from the ``Accept`` header (or ``?format=``): Turtle,
JSON-LD, N-Triples or RDF/XML carry the resource's description plus its claims'
evidence (``queries/api-describe.rq``); a browser gets a readable page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SettingsDep, StoreDep
from api.templating import TEMPLATES
from graph import vocab
from graph.model import claims, entities, sources
from graph.model.snapshot import current
from graph.rdf import formats
from graph.sparql import protocol

router = APIRouter(tags=["pages"])

REPRESENTATIONS = (formats.HTML, formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES, formats.RDF_XML)
"""What ``/id/{id}`` offers, in order of preference: the page first, so ``*/*`` (a browser) gets it."""


@router.get(
    "/id/{id}",
    summary="Linked data: the resource as HTML, Turtle, JSON-LD, N-Triples or RDF/XML",
    description="Content negotiation on `Accept`; `?format=ttl|jsonld|nt|rdf|html` overrides it.",
    responses={
        200: {
            "content": {f.media_type: {} for f in REPRESENTATIONS},
            "description": "The resource with its claims' evidence.",
        },
        404: {"description": "No resource with that id."},
        406: {"description": "None of the accepted types is available."},
    },
    response_class=Response,
)
def linked_data(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: str,
    format: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    choice = protocol.negotiate(REPRESENTATIONS, request.headers.get("accept"), format)
    if choice is not formats.HTML:
        body = protocol.write_triples(entities.describe(store, id), choice)
        return Response(body, media_type=choice.media_type, headers={"Vary": "Accept"})
    return entity_page(request, store, settings, id)


def entity_page(request: Request, store: StoreDep, settings: SettingsDep, entity_id: str) -> HTMLResponse:
    entity = entities.entity(store, settings, entity_id)
    snap = current(store, settings)
    context: dict[str, Any] = {"entity": entity, "claim": None, "source": None, "said": [], "about": []}
    if "Claim" in entity.types:
        context["claim"] = claims.get(store, settings, entity_id)
    elif "SourceDocument" in entity.types:
        context["source"] = sources.source(store, settings, entity_id)
    elif snap.known(entity.iri):
        context["said"] = claims.find(store, settings, claims.ClaimFilter(speaker=entity_id), 500, 0).items
        context["about"] = claims.find(store, settings, claims.ClaimFilter(about=entity_id), 500, 0).items
    return TEMPLATES.TemplateResponse(request, "entity.html", context, headers={"Vary": "Accept"})


@router.get("/", response_class=HTMLResponse, summary="Landing page: what the graph holds, and a search box")
def index(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=1000)] = None,
) -> HTMLResponse:
    snap = current(store, settings)
    counts = [
        {"class": vocab.entity_id(cls), "label": snap.class_labels.get(cls, vocab.entity_id(cls)), "count": n}
        for cls, n in snap.class_counts
    ]
    results = entities.search(store, settings, q, None, 50, 0) if q and q.strip() else None
    return TEMPLATES.TemplateResponse(
        request,
        "index.html",
        {
            "counts": counts,
            "q": q or "",
            "results": results,
            "sources": sources.all_sources(store, settings),
            "triples": snap.triples,
        },
    )
