"""HTML pages and linked data: the landing page ``/`` and ``/id/{id}``.

``/id/{id}`` is the resolvable form of every dtkg IRI. Content negotiation picks
the representation from the ``Accept`` header (or ``?format=``): Turtle,
JSON-LD, N-Triples or RDF/XML carry the resource's description plus its claims'
evidence (``queries/api-describe.rq``); a browser gets a readable page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import SettingsDep, StoreDep
from graph import vocab
from graph.errors import NotAcceptable
from graph.model import claims, entities, overview, sources
from graph.model.snapshot import current

router = APIRouter(tags=["pages"])
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

# media type, format alias, pyoxigraph format (None: the HTML page); first wins a tie.
REPRESENTATIONS: list[tuple[str, str, ox.RdfFormat | None]] = [
    ("text/html", "html", None),
    ("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    ("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
]
LINKED_DATA_PREFIXES = {
    "dtkg": vocab.ONTOLOGY,
    "id": vocab.ENTITY,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def negotiate(accept: str | None, fmt: str | None) -> tuple[str, ox.RdfFormat | None]:
    """The representation to send: ``?format=`` wins, else the best ``Accept`` match.

    Highest q-value wins; among equals an exact media type beats a wildcard, and
    the table order (HTML first) breaks what remains, so ``*/*`` gets the page.
    """
    if fmt:
        for media, alias, rdf in REPRESENTATIONS:
            if fmt in (alias, media):
                return media, rdf
        known = ", ".join(alias for _, alias, _ in REPRESENTATIONS)
        raise NotAcceptable(f"unknown format {fmt[:50]!r}; formats: {known}")
    if not accept or not accept.strip():
        return REPRESENTATIONS[0][0], REPRESENTATIONS[0][2]
    best: tuple[float, int, int] | None = None
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        for order, (candidate, _, rdf) in enumerate(REPRESENTATIONS):
            wildcard = media in ("*/*", candidate.split("/")[0] + "/*")
            if media == candidate or wildcard or (media == "application/xhtml+xml" and rdf is None):
                rank = (quality, 0 if wildcard else 1, -order)
                if best is None or rank > best:
                    best = rank
    if best is None:
        known = ", ".join(media for media, _, _ in REPRESENTATIONS)
        raise NotAcceptable(f"cannot serve {accept[:200]!r}; available: {known}")
    media, _, rdf = REPRESENTATIONS[-best[2]]
    return media, rdf


@router.get(
    "/id/{id}",
    summary="Linked data: the resource as HTML, Turtle, JSON-LD, N-Triples or RDF/XML",
    description="Content negotiation on `Accept`; `?format=ttl|jsonld|nt|rdf|html` overrides it.",
    responses={
        200: {
            "content": {media: {} for media, _, _ in REPRESENTATIONS},
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
    media, rdf = negotiate(request.headers.get("accept"), format)
    if rdf is not None:
        triples = entities.describe(store, id)
        body = ox.serialize(triples, format=rdf, prefixes=LINKED_DATA_PREFIXES) if rdf in (
            ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML
        ) else ox.serialize(triples, format=rdf)
        return Response(body or b"", media_type=media, headers={"Vary": "Accept"})
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
    context = {"q": q or "", "type": type or "", "results": results, "at_a_glance": overview.overview(store, settings)}
    return TEMPLATES.TemplateResponse(request, "index.html", context)
