"""``/api/search``: full-text hits with exact offsets over HTTP, bad searches refused, and writes followed."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import ROOT, LiveServer

SAMPLE = ROOT / "examples" / "sample-change.trig"
AUTH = {"Authorization": "Bearer not-a-real-secret"}


def test_phrase_search_returns_claims_with_offsets_into_their_source(api: httpx.Client) -> None:
    body = api.get("/api/search", params={"q": '"order backlog"', "kind": "claim"}).json()
    assert body["total"] >= 1 and body["items"]
    for hit in body["items"]:
        text = api.get(f"/api/sources/{hit['source']}/text").text
        for match in hit["matches"]:
            assert text[match["start"] : match["end"]].lower() == "order backlog"


def test_names_fold_case_and_script(api: httpx.Client) -> None:
    ids = {h["id"] for h in api.get("/api/search", params={"q": "РОСОБОРОНЭКСПОРТ", "kind": "name"}).json()["items"]}
    assert "rosoboronexport" in ids


def test_paging_shape_and_next_link(api: httpx.Client) -> None:
    first = api.get("/api/search", params={"q": "Russia", "limit": 2}).json()
    assert set(first) == {"items", "total", "limit", "offset", "next"}
    assert first["total"] > 2 and len(first["items"]) == 2 and first["next"]
    second = api.get(first["next"]).json()
    assert second["offset"] == 2
    assert {h["iri"] for h in second["items"]}.isdisjoint({h["iri"] for h in first["items"]})


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "!!!"}, {"q": "x" * 600}, {"q": "africa", "kind": "weapons"}, {}])
def test_bad_searches_are_problems_not_errors(api: httpx.Client, params: dict[str, str]) -> None:
    response = api.get("/api/search", params=params)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_search_follows_an_accepted_change_and_its_revert(writable_server: LiveServer) -> None:
    with writable_server.client() as client:
        before = client.get("/api/search", params={"q": "Northwind"}).json()["total"]
        added = client.post("/api/changes", content=SAMPLE.read_bytes(),
                            headers={**AUTH, "Content-Type": "application/trig"})
        assert added.status_code == 201, added.text
        after = client.get("/api/search", params={"q": "Northwind"}).json()["total"]
        assert after > before
        change = added.json()["id"]
        assert client.delete(f"/api/changes/{change}", headers=AUTH).status_code in (200, 201)
        assert client.get("/api/search", params={"q": "Northwind"}).json()["total"] == before
