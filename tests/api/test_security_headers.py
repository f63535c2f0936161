"""Security headers on every answer, and a CSP on HTML pages that their own markup obeys (issue 12, fault 9)."""

from __future__ import annotations

import re

import pytest

from api.middleware import CONTENT_SECURITY_POLICY
from tests.conftest import LiveServer

PAGES = ["/", "/sparql", "/network", "/docs", "/downloads/", "/id/rosoboronexport?format=html"]
OTHER = ["/health", "/api/entities?q=ros", "/sparql?query=ASK%7B%7D", "/api/changes/%00", "/openapi.json"]


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_headers_and_no_inline_script(live_server: LiveServer, path: str) -> None:
    with live_server.client() as client:
        response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    # Every executable <script> has a src (JSON data blocks are not run); no inline handlers, no <style> blocks.
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, (attrs, body[:80])
    assert not re.search(r"\son[a-z]+\s*=", response.text)
    assert "<style" not in response.text


@pytest.mark.parametrize("path", OTHER)
def test_other_answers_are_not_sniffed(live_server: LiveServer, path: str) -> None:
    with live_server.client() as client:
        response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers or not response.headers["content-type"].startswith("text/html")


def test_policy_names_only_this_server() -> None:
    sources = {s for values in directives(CONTENT_SECURITY_POLICY).values() for s in values}
    assert sources <= {"'self'", "'none'", "'unsafe-inline'", "data:"}
    assert "'unsafe-inline'" not in directives(CONTENT_SECURITY_POLICY)["script-src"]
