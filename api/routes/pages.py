"""HTML pages and linked data: the landing page ``/`` and ``/id/{id}``.

``/id/{id}`` is the resolvable form of every dtkg IRI. Content negotiation picks
the representation from the ``Accept`` header (or ``?format=``): Turtle,
JSON-LD, N-Triples or RDF/XML carry the resource's description plus its claims'
evidence (``queries/api-describe.rq``); a browser gets a readable page.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api import citations, models
from api.deps import SettingsDep, StoreDep
from api.templating import TEMPLATES
from graph.model import citation, claims, dataset, entities, evidence, highlight, outline, overview, sources
from graph.model.snapshot import current
from graph.rdf import formats
from graph.sparql import protocol

router = APIRouter(tags=["pages"])

REPRESENTATIONS = (formats.HTML, formats.JSON, formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES, formats.RDF_XML)
"""What ``/id/{id}`` offers, in order of preference: the page first, so ``*/*`` (a browser) gets it;
``application/json`` is the REST representation (what ``/api/entities/{id}``, ``/api/claims/{id}``
or ``/api/sources/{id}`` give)."""


@router.get(
    "/id/{id}",
    summary="Linked data: the resource as HTML, JSON, Turtle, JSON-LD, N-Triples or RDF/XML",
    description="Content negotiation on `Accept`; `?format=html|json|ttl|jsonld|nt|rdf` overrides it. "
    "`application/json` is the REST representation; JSON-LD carries an `@context` of dtkg's prefixes.",
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
    chosen = protocol.negotiate(REPRESENTATIONS, request.headers.get("accept"), format)
    headers = {"Vary": "Accept"}
    if chosen is formats.HTML:
        return entity_page(request, store, settings, id)
    if chosen is formats.JSON:
        return JSONResponse(rest_representation(store, settings, id), headers=headers)
    body = protocol.write_triples(entities.describe(store, id), chosen)
    return Response(body, media_type=chosen.content_type, headers=headers)


def rest_representation(store: StoreDep, settings: SettingsDep, resource_id: str) -> dict[str, Any]:
    """What the REST route for this kind of resource answers, field for field."""
    entity = entities.entity(store, settings, resource_id)
    if "Claim" in entity.types:
        claim = claims.get(store, settings, resource_id)
        body = {**asdict(claim), "citation": citations.forms(citation.for_claim(store, settings, claim))}
        return models.ClaimDetail.model_validate(body).model_dump(mode="json")
    if "SourceDocument" in entity.types:
        doc = sources.source(store, settings, resource_id)
        body = {**asdict(doc), "citation": citations.forms(citation.for_source(store, settings, doc))}
        return models.SourceDetail.model_validate(body).model_dump(mode="json")
    return models.Entity.model_validate(entity).model_dump(mode="json")


def entity_page(request: Request, store: StoreDep, settings: SettingsDep, entity_id: str) -> HTMLResponse:
    entity = entities.entity(store, settings, entity_id)
    snap = current(store, settings)
    grouped = evidence.grouped(store, settings, entity)
    context: dict[str, Any] = {
        "entity": entity, "claim": None, "source": None, "said": [], "about": [], "citation": None,
        "evidence": grouped, "evidence_claims": {g.claim.id: g.claim for g in grouped},
    }
    if "Claim" in entity.types:
        context["claim"] = claims.get(store, settings, entity_id)
        context["citation"] = citations.forms(citation.for_claim(store, settings, context["claim"]))
    elif "SourceDocument" in entity.types:
        context["source"] = sources.source(store, settings, entity_id)
        context["highlighted"] = highlight.highlight(context["source"].text or "", context["source"].claims)
        context["citation"] = citations.forms(citation.for_source(store, settings, context["source"]))
    else:
        context["programme"] = outline.programme(store, entity.iri)
        context["meetings"] = outline.meetings(store, settings, entity.iri)
        if snap.known(entity.iri):
            context["said"] = claims.find(store, settings, claims.ClaimFilter(speaker=entity_id), 500, 0).items
            context["about"] = claims.find(store, settings, claims.ClaimFilter(about=entity_id), 500, 0).items
    return TEMPLATES.TemplateResponse(request, "entity.html", context, headers={"Vary": "Accept"})


@router.get("/", response_class=HTMLResponse, summary="Landing page: who said what at a glance, and a search box")
def index(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=1000)] = None,
    type: Annotated[str | None, Query(max_length=200, description="List the entities of one class.")] = None,
) -> HTMLResponse:
    searching = bool((q and q.strip()) or (type and type.strip()))
    results = entities.search(store, settings, q, type or None, 200, 0) if searching else None
    card = dataset.read_card()
    context = {
        "q": q or "", "type": type or "", "results": results, "at_a_glance": overview.overview(store, settings),
        "version": dataset.version(store, settings).label, "license": card.license, "license_name": card.license_name,
    }
    return TEMPLATES.TemplateResponse(request, "index.html", context)
