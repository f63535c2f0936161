"""Citations over HTTP: which of a citation's three forms a client gets.

``?format=`` wins (``text``, ``bibtex``, ``csl-json``; ``json`` is the resource
itself), else an ``Accept`` that names one of the citation media types; anything
else gets the JSON resource, which carries all three forms. What a citation says
is decided in :mod:`graph.model.citation`; this module only picks the rendering.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse, PlainTextResponse, Response

from graph.errors import NotAcceptable
from graph.model.citation import Citation

CSL_JSON = "application/vnd.citationstyles.csl+json"
BIBTEX = "application/x-bibtex"
FORMS = {"csl-json": CSL_JSON, "bibtex": BIBTEX, "text": "text/plain"}
FORMAT_HELP = "`csl-json`, `bibtex` or `text` for a citation of it; `json` (default) for the resource with all three."
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, CSL_JSON: {}, BIBTEX: {}, "text/plain": {}}},
    406: {"description": "Unknown format."},
}


def requested(fmt: str | None, accept: str | None) -> str | None:
    """The citation form asked for, or None when the client wants the JSON resource."""
    if fmt:
        if fmt == "json":
            return None
        if fmt not in FORMS:
            raise NotAcceptable(f"unknown format {fmt[:50]!r}; formats: json, {', '.join(FORMS)}")
        return fmt
    for part in (accept or "").split(","):
        media = part.split(";", 1)[0].strip().lower()
        for form, form_media in FORMS.items():
            if media == form_media and form != "text":  # text/plain only on request: clients send it loosely
                return form
    return None


def render(citation: Citation, form: str) -> Response:
    if form == "csl-json":
        return JSONResponse(citation.csl(), media_type=CSL_JSON, headers={"Vary": "Accept"})
    if form == "bibtex":
        return Response(citation.bibtex(), media_type=BIBTEX + "; charset=utf-8", headers={"Vary": "Accept"})
    return PlainTextResponse(citation.text() + "\n", headers={"Vary": "Accept"})


def forms(citation: Citation) -> dict[str, Any]:
    """All three forms, for the JSON resource and the HTML page."""
    return {"permalink": citation.permalink, "version": citation.version, "text": citation.text(),
            "bibtex": citation.bibtex(), "csl": citation.csl()}
