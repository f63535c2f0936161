"""``/docs``: Swagger UI served from ``/static/vendor`` instead of FastAPI's default CDN.

FastAPI's ``get_swagger_ui_html`` starts Swagger UI with an inline ``<script>``,
which the pages' Content-Security-Policy (:mod:`api.middleware`) refuses; the
same start-up lives in ``api/static/docs.js`` instead.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.assets import vendor_url

router = APIRouter(include_in_schema=False)
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    context = {
        "openapi_url": "/openapi.json",
        "js": vendor_url("swagger-ui/swagger-ui-bundle.js"),
        "css": vendor_url("swagger-ui/swagger-ui.css"),
        "favicon": vendor_url("swagger-ui/favicon-32x32.png"),
    }
    return TEMPLATES.TemplateResponse(request, "docs.html", context)
