"""Errors to HTTP clients, rendered in one place as ``application/problem+json`` (RFC 9457).

A :class:`graph.errors.DtkgError` becomes a problem with its status and detail;
anything else is a bug and becomes a bare 500 whose text never reaches the client.
A browser (``Accept`` preferring ``text/html``) gets the same problem as a page
instead, with a search box on a 404, so a mistyped ``/id/…`` is not a dead end;
API clients (``application/json``, ``*/*``, no ``Accept``) keep getting JSON.
"""

from __future__ import annotations

import logging
import urllib.parse
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.templating import TEMPLATES
from graph.errors import DtkgError, NotAcceptable
from graph.rdf import formats
from graph.sparql import protocol

log = logging.getLogger("dtkg.api")
PROBLEM = "application/problem+json"
ENTITY_SEARCH = "/api/entities?q="


PROBLEM_JSON = formats.Format(PROBLEM, ("json",), "", ("application/json",))


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def wants_page(request: Request) -> bool:
    """True when the client ranks ``text/html`` above JSON (a browser navigating)."""
    try:
        chosen = protocol.negotiate((PROBLEM_JSON, formats.HTML), request.headers.get("accept"), None)
    except NotAcceptable:
        return False
    return chosen is formats.HTML


def respond(request: Request, status: int, title: str, detail: str, **extra: Any) -> Response:
    """The one place an error leaves the server: a problem+json body, or the same problem as a page."""
    if not wants_page(request):
        return problem(status, title, detail, **extra)
    last = request.url.path.rstrip("/").rsplit("/", 1)[-1]
    context = {"status": status, "title": title, "detail": detail, "errors": extra.get("errors") or [], "guess": last.replace("-", " ")}
    response = TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)
    response.headers["Vary"] = "Accept"
    return response


async def dtkg_error(request: Request, exc: DtkgError) -> Response:
    """A :class:`DtkgError` as its problem (the app's handler, and ``/sparql``'s own path: :class:`api.routes.sparql.QueryPath`)."""
    detail, extra = exc.detail, dict(exc.extra)
    if exc.search is not None:  # graph/ says what to look for; the link to the search is the API's
        link = ENTITY_SEARCH + urllib.parse.quote(exc.search)
        detail = f"{detail}; find it with {link}"
        extra["search"] = ENTITY_SEARCH
    response = respond(request, exc.status, exc.title, detail, **extra)
    response.headers.update(exc.headers)
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(DtkgError, dtkg_error)  # type: ignore[arg-type]  # Starlette types handlers on Exception

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
        return respond(request, 422, "Invalid request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route for {request.url.path}"
        response = respond(request, exc.status_code, _title(exc.status_code), detail)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(request, 500, "Internal error", "the server hit an unexpected error; it has been logged")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
