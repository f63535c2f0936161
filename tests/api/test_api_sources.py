"""/api/sources over real HTTP."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from tests.conftest import ROOT

INTERVIEW = "doc-rosoboronexport-backlog-interview"


def test_source_list(api: httpx.Client) -> None:
    body = api.get("/api/sources").json()
    assert {s["id"] for s in body["items"]} == {INTERVIEW, "doc-russia-2025-defense-export-opinion"}
    assert body["total"] == 2
    interview = next(s for s in body["items"] if s["id"] == INTERVIEW)
    assert interview["title"] == "Interview with Arms Export Expert: Analyzing Russia’s Robust Defense Trade Landscape"
    assert interview["genres"] == ["interview", "news-report"]
    assert interview["corpus_file"] == "rosoboronexport-backlog-interview.txt"
    assert interview["author"]["id"] == "author-rosoboronexport-backlog-interview"


def test_source_detail_has_text_and_claims(api: httpx.Client) -> None:
    body = api.get(f"/api/sources/{INTERVIEW}").json()
    assert body["text"].startswith("On November 13, Mikheev said that the order backlog")
    assert hashlib.sha256(body["text"].encode()).hexdigest() == body["sha256"]
    assert body["length"] == len(body["text"])
    assert body["claims_count"] == len(body["claims"]) > 0
    assert all(c["source"]["id"] == INTERVIEW for c in body["claims"])


def test_plain_text_is_the_corpus_file(api: httpx.Client) -> None:
    response = api.get(f"/api/sources/{INTERVIEW}/text")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.content == (ROOT / "corpus" / "rosoboronexport-backlog-interview.txt").read_bytes()


@pytest.mark.parametrize("path", ["/api/sources/doc-nothing", "/api/sources/doc-nothing/text"])
def test_unknown_source_is_404(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert response.json()["id"] == "doc-nothing"
