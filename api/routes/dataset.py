"""``/.well-known/void``: the dataset described in VoID and DCAT, by content negotiation.

What the description says is built in :mod:`graph.model.void` from the store's
own counts; this route adds what only a request knows (the server's SPARQL and
download URLs) and picks the RDF syntax.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep, public_base
from graph.model import dumps, void
from graph.rdf import formats
from graph.sparql import protocol

router = APIRouter(tags=["dataset"])


def distributions(request: Request, store: StoreDep, settings: SettingsDep) -> list[void.Distribution]:
    """The downloads of the current version, with absolute URLs on this server."""
    base = public_base(settings) + "/downloads/"
    return [
        void.Distribution(d.name, base + d.name, d.media_type, d.size, d.sha256, d.description)
        for d in dumps.listing(store, settings, dumps.cache_folder(store.description, settings))
    ]


@router.get(
    "/.well-known/void",
    summary="Dataset description: VoID and DCAT (title, licence, version, counts, endpoint, dumps with checksums)",
    description="Turtle by default; `Accept` or `?format=` picks N-Triples, JSON-LD, RDF/XML, TriG or N-Quads. "
    "Triples and entities per class are counted on the store as it is now.",
    response_class=Response,
    responses={200: {"content": {f.media_type: {} for f in formats.GRAPHS}}, 406: {"description": "Unknown format."}},
)
def void_description(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: Annotated[str | None, Query(max_length=20, description="turtle, nt, jsonld, rdfxml, trig or nq.")] = None,
) -> Response:
    choice = protocol.negotiate((*formats.GRAPHS, formats.HTML), request.headers.get("accept"), format,
                                default=formats.GRAPHS[0])
    if choice is formats.HTML:  # a browser: show the Turtle as text rather than offer a download
        choice = formats.GRAPHS[0]
    triples = void.describe(
        store, settings, sparql_endpoint=public_base(settings) + "/sparql",
        distributions=distributions(request, store, settings),
    )
    return Response(protocol.write_triples(triples, choice), media_type=choice.content_type,
                    headers={"Vary": "Accept"})
