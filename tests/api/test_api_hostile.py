"""Hostile input on every parameter of every route: never a 500, never a change to the store.

The requests go to a server that opened its store for writing (a write token is
set), so "the store is unchanged" is a real check: the fingerprint of the store
after every request equals the built store's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from graph.store import OxigraphStore
from tests.conftest import LiveServer

HOSTILE = {
    "sparql-injection": 'x" } ; DROP ALL ; #',
    "iri-injection": "> } DELETE WHERE { ?s ?p ?o } #<",
    "script": "<script>alert(1)</script>",
    "unicode": "Ω≈ç√ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e ﷽ 🙂",
    "control": "a\x00b\x1fc",
    "long": "q" * 4000,
    "path": "../../etc/passwd",
    "empty": "",
}
QUERY_PARAMS = [
    ("/api/entities", "q"),
    ("/api/entities", "type"),
    ("/api/entities", "limit"),
    ("/api/entities", "offset"),
    ("/api/claims", "speaker"),
    ("/api/claims", "about"),
    ("/api/claims", "source"),
    ("/api/claims", "kind"),
    ("/api/claims", "q"),
    ("/api/claims", "from"),
    ("/api/claims", "to"),
    ("/api/claims", "include_undated"),
    ("/api/claims", "limit"),
    ("/api/claims", "offset"),
    ("/api/figures", "measure"),
    ("/api/figures", "subject"),
    ("/id/mikheev", "format"),
    ("/", "q"),
]
PATHS = ["/api/entities/{}", "/api/claims/{}", "/api/sources/{}", "/api/sources/{}/text", "/id/{}", "/downloads/{}",
         "/api/changes/{}", "/api/network/nodes/{}", "/api/network/edges/{}"]
RAW_SEGMENTS = {  # percent-escapes sent as they are: NUL, bytes that are not UTF-8, an encoded surrogate (issue 12, fault 4)
    "nul": "mikheev%00",
    "not-utf8": "%FF%FE",
    "surrogate": "%ED%A0%80",
    "nul-not-utf8": "%00%FF",
}


@dataclass(frozen=True)
class Case:
    url: str
    params: dict[str, str]


CASES = {
    f"{path}?{param}={label}": Case(path, {param: value})
    for path, param in QUERY_PARAMS
    for label, value in HOSTILE.items()
} | {
    f"{template}:{label}": Case(template.format(quote(value, safe="")), {})
    for template in PATHS
    for label, value in HOSTILE.items()
    if value
} | {
    f"{template}:raw-{label}": Case(template.format(raw), {})
    for template in PATHS
    for label, raw in RAW_SEGMENTS.items()
}
AUTH = {"Authorization": "Bearer not-a-real-secret"}


@pytest.fixture(scope="module")
def answers(writable_server: LiveServer) -> dict[str, httpx.Response]:
    with writable_server.client() as client:
        found = {key: client.get(case.url, params=case.params) for key, case in CASES.items()}
        # Reverts take the id from the path too, after the token check.
        for label, raw in RAW_SEGMENTS.items():
            found[f"DELETE /api/changes/{{}}:raw-{label}"] = client.delete(f"/api/changes/{raw}", headers=AUTH)
        return found


@pytest.mark.parametrize("key", sorted(CASES) + [f"DELETE /api/changes/{{}}:raw-{label}" for label in RAW_SEGMENTS])
def test_no_server_error(answers: dict[str, httpx.Response], key: str) -> None:
    response = answers[key]
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["status"] == response.status_code
    if response.headers["content-type"].startswith("text/html"):
        assert "<script>alert(1)</script>" not in response.text


def test_store_unchanged(answers: dict[str, httpx.Response], writable_store: Path, built_store: OxigraphStore) -> None:
    assert answers  # every hostile request has been answered
    after = OxigraphStore(writable_store, read_only=True)
    try:
        assert after.fingerprint() == built_store.fingerprint()
    finally:
        after.close()
