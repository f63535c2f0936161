"""HTTP-level protections applied to every response: security headers (issue 12, fault 9).

Every answer says ``X-Content-Type-Options: nosniff`` (a JSON or Turtle body is
never run as script), ``Referrer-Policy: same-origin`` (query strings, which may
hold a SPARQL query, do not leak to other sites) and ``X-Frame-Options: DENY``.
HTML pages also get a Content-Security-Policy: scripts, styles, fonts and
connections from this server only, no inline script (page scripts live in
``api/static/*.js``), no plugins, and ``frame-ancestors 'none'`` (no
clickjacking). Inline *style attributes* stay allowed because the vendored
YASGUI, Swagger UI and Cytoscape set them; inline ``<style>`` blocks of our own
live in ``api/static/*.css``.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds :data:`ALWAYS` to every response and the CSP to HTML ones (a route's own value wins)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
