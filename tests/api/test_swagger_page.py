"""``/docs`` loads Swagger UI from our own static files, never from a CDN."""

from __future__ import annotations

import re

from tests.conftest import LiveServer


def test_docs_page_loads_only_local_assets(live_server: LiveServer) -> None:
    with live_server.client() as client:
        page = client.get("/docs")
        assert page.status_code == 200
        urls = re.findall(r"""(?:src|href)\s*[=:]\s*['"]([^'"]+)['"]""", page.text)
        assets = [u for u in urls if u.endswith((".js", ".css", ".png")) and "/vendor/" in u]
        assert len(assets) == 3
        for url in assets:
            assert url.startswith("/static/vendor/swagger-ui/"), url
            assert client.get(url).status_code == 200, url
        assert client.get("/openapi.json").json()["info"]["title"] == "dtkg"
