"""/api/entities over real HTTP against the built curated graph."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

PROBLEM = "application/problem+json"


def search(api: httpx.Client, **params: Any) -> dict[str, Any]:
    response = api.get("/api/entities", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("Михеев", "mikheev"),
        ("mikheev", "mikheev"),
        ("Mikheyev", "mikheev"),
        ("rosoboronexport", "rosoboronexport"),
        ("РОСОБОРОНЭКСПОРТ", "rosoboronexport"),
        ("АО «Рособоронэкспорт»", "rosoboronexport"),
        ("ОДКБ", "csto"),
        ("csto", "csto"),
        ("putin", "putin"),
        ("Путин", "putin"),
        ("asia pacific", "region-asia-pacific"),
        ("hostile", "hostile-countries"),
    ],
)
def test_search_by_label_or_alias_in_any_language(api: httpx.Client, query: str, entity: str) -> None:
    body = search(api, q=query)
    assert body["items"][0]["id"] == entity


def test_search_item_shape(api: httpx.Client) -> None:
    item = search(api, q="Рособоронэкспорт")["items"][0]
    assert item == {
        "id": "rosoboronexport",
        "iri": "https://w3id.org/dtkg/id/rosoboronexport",
        "label": "Rosoboronexport",
        "types": ["StateIntermediary"],
        "aliases": ["Рособоронэкспорт", "JSC Rosoboronexport", "АО «Рособоронэкспорт»"],
    }


def test_exact_before_prefix_before_substring(api: httpx.Client) -> None:
    ids = [item["id"] for item in search(api, q="russia")["items"]]
    assert ids[0] == "russia"  # exact
    assert "post-president-of-russia" in ids[1:]  # word prefix/substring later


def test_type_filter_includes_subclasses(api: httpx.Client) -> None:
    companies = {item["id"] for item in search(api, type="Company")["items"]}
    assert "rosoboronexport" in companies  # a StateIntermediary is a Company
    people = search(api, type="person")
    assert {item["id"] for item in people["items"]} == {"mikheev", "putin"}
    assert people["total"] == 2


def test_search_with_type(api: httpx.Client) -> None:
    body = search(api, q="africa", type="Region")
    assert [item["id"] for item in body["items"]] == ["region-africa"]


def test_pagination(api: httpx.Client) -> None:
    first = search(api, limit=5, offset=0)
    second = search(api, limit=5, offset=5)
    assert first["total"] == second["total"] > 10
    assert (first["limit"], first["offset"], second["offset"]) == (5, 0, 5)
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert len(search(api)["items"]) == min(50, first["total"])


def test_no_match_is_an_empty_page(api: httpx.Client) -> None:
    assert search(api, q="zzzqqq") == {"items": [], "total": 0, "limit": 50, "offset": 0}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 100000}, "limit"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset"), ({"type": "Spaceship"}, "type")],
)
def test_bad_parameters_are_422_naming_the_field(api: httpx.Client, params: dict[str, Any], field: str) -> None:
    response = api.get("/api/entities", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert field in [error["field"] for error in response.json()["errors"]]


def test_entity_detail(api: httpx.Client) -> None:
    body = api.get("/api/entities/rosoboronexport").json()
    assert body["label"] == "Rosoboronexport"
    assert body["types"] == ["StateIntermediary"]
    assert (body["claims_made"], body["claims_about"]) == (1, 3)  # its own report of the record backlog
    stopped = [r for r in body["relations"] if r["predicate"] == "dtkg:stoppedCooperationWith"]
    assert stopped == [
        {
            "id": "rel-3cb9cbc82a61",
            "predicate": "dtkg:stoppedCooperationWith",
            "predicate_label": "stopped cooperation with",
            "direction": "out",
            "target": {"id": "hostile-countries", "label": "hostile countries"},
            "valid_from": None,
            "valid_to": None,
            "evidence": [{"claim": "claim-424bffaec277", "source": "doc-rosoboronexport-backlog-interview"}],
        }
    ]
    regions = {r["target"]["id"] for r in body["relations"] if r["predicate"] == "dtkg:partnerRegion"}
    assert regions == {
        "region-middle-east", "region-asia-pacific", "region-africa",
        "region-latin-america", "region-central-asia", "region-europe",
    }


def test_incoming_relations(api: httpx.Client) -> None:
    body = api.get("/api/entities/csto").json()
    incoming = {(r["predicate"], r["target"]["id"]) for r in body["relations"] if r["direction"] == "in"}
    assert ("dtkg:chairs", "russia") in incoming
    assert ("dtkg:cooperatesWith", "russia") not in incoming  # an aim of the future plans, not a present tie


def test_roles_of_a_person_and_of_a_country(api: httpx.Client) -> None:
    putin = api.get("/api/entities/putin").json()
    assert [(r["kind"], r["post"]["id"], r["organization"]["id"]) for r in putin["roles"]] == [
        ("post", "post-president-of-russia", "russia")
    ]
    russia = api.get("/api/entities/russia").json()
    chair = [r for r in russia["roles"] if r["role"] and r["role"]["id"] == "Chair"]
    assert chair[0]["organization"]["id"] == "csto"
    assert chair[0]["valid_from"] == "2026-01"
    assert chair[0]["evidence"]


def test_description_and_claim_counts_of_a_speaker(api: httpx.Client) -> None:
    body = api.get("/api/entities/mikheev").json()
    assert body["description"] == "The corpus names him by surname only and states no post or affiliation."
    assert body["claims_made"] == 4
    assert "Михеев" in body["aliases"]


def test_unknown_entity_is_404_naming_the_id(api: httpx.Client) -> None:
    response = api.get("/api/entities/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["id"] == "no-such-thing"
    assert "/api/entities?q=" in problem["detail"]
