"""Errors to HTTP clients, rendered in one place as ``application/problem+json`` (RFC 9457).

A :class:`graph.errors.DtkgError` becomes a problem with its status and detail;
anything else is a bug and becomes a bare 500 whose text never reaches the client.
"""

from __future__ import annotations

import logging
import urllib.parse

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import DtkgError

log = logging.getLogger("dtkg.api")
PROBLEM = "application/problem+json"
ENTITY_SEARCH = "/api/entities?q="


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(DtkgError)
    async def dtkg_error(request: Request, exc: DtkgError) -> JSONResponse:
        detail, extra = exc.detail, dict(exc.extra)
        if exc.search is not None:  # graph/ says what to look for; the link to the search is the API's
            link = ENTITY_SEARCH + urllib.parse.quote(exc.search)
            detail = f"{detail}; find it with {link}"
            extra["search"] = ENTITY_SEARCH
        response = problem(exc.status, exc.title, detail, **extra)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
        return problem(422, "Invalid request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route for {request.url.path}"
        response = problem(exc.status_code, _title(exc.status_code), detail)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "Internal error", "the server hit an unexpected error; it has been logged")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
