"""Citations over HTTP: which of a citation's three forms a client gets.

``?format=`` wins (``text``, ``bibtex``, ``csl-json``; ``json`` is the resource
itself), else an ``Accept`` that names the CSL-JSON or BibTeX media type;
anything else gets the JSON resource, which carries all three forms. The media
types live in :mod:`graph.rdf.formats` and the negotiation is
:func:`graph.sparql.protocol.negotiate`; what a citation says is decided in
:mod:`graph.model.citation`. This module only picks and renders the form.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse, PlainTextResponse, Response

from graph.errors import NotAcceptable
from graph.model.citation import Citation
from graph.rdf import formats
from graph.sparql import protocol

FORMAT_HELP = "`csl-json`, `bibtex` or `text` for a citation of it; `json` (default) for the resource with all three."
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {formats.JSON.media_type: {}, **{f.media_type: {} for f in formats.CITATIONS}}},
    406: {"description": "Unknown format."},
}


def requested(fmt: str | None, accept: str | None) -> formats.Format | None:
    """The citation form asked for, or None when the client wants the JSON resource."""
    if fmt:
        chosen = protocol.negotiate((formats.JSON, *formats.CITATIONS), None, fmt)
        return None if chosen is formats.JSON else chosen
    try:  # text/plain only on request (?format=text): clients send it loosely
        chosen = protocol.negotiate((formats.JSON, formats.CSL_JSON, formats.BIBTEX), accept, None)
    except NotAcceptable:
        return None  # a browser or a client asking for something else gets the resource
    return None if chosen is formats.JSON else chosen


def render(citation: Citation, form: formats.Format) -> Response:
    headers = {"Vary": "Accept"}
    if form is formats.CSL_JSON:
        return JSONResponse(citation.csl(), media_type=form.media_type, headers=headers)
    if form is formats.BIBTEX:
        return Response(citation.bibtex(), media_type=form.media_type + "; charset=utf-8", headers=headers)
    return PlainTextResponse(citation.text() + "\n", headers=headers)


def forms(citation: Citation) -> dict[str, Any]:
    """All three forms, for the JSON resource and the HTML page."""
    return {"permalink": citation.permalink, "version": citation.version, "text": citation.text(),
            "bibtex": citation.bibtex(), "csl": citation.csl()}
