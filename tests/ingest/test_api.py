"""``POST /api/ingest`` on a real server: JSON or text/plain in, a draft out, nothing written."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import LiveServer, ServerFactory

ARTICLE = "On 13 November, Mikheev said that Rosoboronexport's order backlog stands at about $55 billion. Lena Ortiz said prices will rise."

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as c:
        yield c


def _sizes(client: httpx.Client) -> object:
    return client.get("/api/queries/graph-sizes", headers={"Accept": "application/json"}).json()


def test_json_in_draft_out_nothing_written(client: httpx.Client) -> None:
    before = _sizes(client)
    response = client.post("/api/ingest", json={"text": ARTICLE, "title": "Backlog", "published": "2025-11-20"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"source", "claims", "relations", "entities", "draft", "warnings"}
    first, second = body["claims"]
    assert first["speaker"] == {"id": "mikheev", "label": first["speaker"]["label"], "new": False}
    assert {"id": "rosoboronexport", "label": "Rosoboronexport", "new": False} in first["about"]
    assert first["date"] == {"value": "--11-13", "precision": "month-day",
                             "inferred": {"value": "2025-11-13", "basis": first["date"]["inferred"]["basis"]}}
    assert first["figures"][0]["amount"] == 55000000000 and first["figures"][0]["bound"] == "approximately"
    assert second["speaker"]["new"] is True and second["stance"] == "forecast"
    assert _sizes(client) == before


def test_text_plain_with_metadata_as_query_parameters(client: httpx.Client) -> None:
    response = client.post("/api/ingest", params={"title": "Backlog", "published": "2025-11"}, content=ARTICLE.encode(),
                           headers={"Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200, response.text
    assert response.json()["source"]["published"] == "2025-11"


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"text": "   "}}, 400),
        ({"content": "Le ministère".encode("latin-1"), "headers": {"Content-Type": "text/plain"}}, 400),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400),
        ({"json": {"text": ARTICLE, "published": "yesterday"}}, 422),
        ({"json": {"text": ARTICLE, "url": "not a url"}}, 422),
        ({"json": {"text": ARTICLE, "colour": "red"}}, 400),
        ({"json": {"text": ARTICLE, "relations": ["not-an-id"]}}, 422),
    ],
)
def test_bad_input_is_a_problem(client: httpx.Client, kwargs: dict[str, object], status: int) -> None:
    response = client.post("/api/ingest", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_body_above_the_upload_limit_is_413(built_store_path: object, start_server: ServerFactory) -> None:
    server = start_server({"DTKG_STORE": str(built_store_path), "DTKG_MAX_UPLOAD": "100"})
    with server.client() as c:
        response = c.post("/api/ingest", content=("word " * 100).encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 413


def test_a_drafted_relation_links_existing_entities_and_can_be_dropped(client: httpx.Client) -> None:
    article = "Rosoboronexport signed a contract with the Tervian army on Monday, the company said."
    body = client.post("/api/ingest", json={"text": article}).json()
    (relation,) = body["relations"]
    assert relation["subject"] == {"id": "rosoboronexport", "label": "Rosoboronexport", "new": False}
    assert (relation["predicate"], relation["object"]["label"], relation["object"]["new"]) == ("cooperatesWith", "Tervian army", True)
    assert relation["claim"] == body["claims"][0]["id"]
    dropped = client.post("/api/ingest", json={"text": article, "claims": body["claims"], "relations": []}).json()
    assert dropped["relations"] == [] and relation["id"] not in dropped["draft"]


def test_relations_of_a_corpus_sentence_link_the_curated_entities(client: httpx.Client) -> None:
    article = ("On August 13, Mikheev said that Rosoboronexport had stopped cooperation with hostile countries, clarifying that "
               "it continues to work with partners from the Middle East, the Asia-Pacific region, Africa, Latin America, "
               "Central Asia and Europe.")
    body = client.post("/api/ingest", json={"text": article, "published": "2025-08-20"}).json()
    edges = {(r["subject"]["id"], r["predicate"], r["object"]["id"], r["object"]["new"]) for r in body["relations"]}
    assert edges == {("rosoboronexport", "stoppedCooperationWith", "hostile-countries", False)} | {
        ("rosoboronexport", "partnerRegion", f"region-{r}", False)
        for r in ("middle-east", "asia-pacific", "africa", "latin-america", "central-asia", "europe")}
