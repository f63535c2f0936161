"""``/docs``: Swagger UI served from ``/static/vendor`` instead of FastAPI's default CDN."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from api.assets import vendor_url

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="dtkg API",
        swagger_js_url=vendor_url("swagger-ui/swagger-ui-bundle.js"),
        swagger_css_url=vendor_url("swagger-ui/swagger-ui.css"),
        swagger_favicon_url=vendor_url("swagger-ui/favicon-32x32.png"),
    )
