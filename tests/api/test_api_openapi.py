"""/docs and /openapi.json: every REST route is documented with a typed response and examples."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import LiveServer

JSON_ROUTES = [
    "/api/entities",
    "/api/entities/{id}",
    "/api/claims",
    "/api/claims/{id}",
    "/api/figures",
    "/api/sources",
    "/api/sources/{id}",
    "/downloads/",
]


@pytest.fixture(scope="module")
def spec(live_server: LiveServer) -> dict[str, Any]:
    """The OpenAPI document does not depend on the backend: read once from the embedded server."""
    with live_server.client() as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", JSON_ROUTES)
def test_route_has_a_typed_response(spec: dict[str, Any], path: str) -> None:
    operation = spec["paths"][path]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert "$ref" in schema
    name = schema["$ref"].rsplit("/", 1)[-1]
    assert spec["components"]["schemas"][name]["properties"]
    assert operation["summary"]


@pytest.mark.parametrize(
    ("path", "media"),
    [("/id/{id}", "text/turtle"), ("/id/{id}", "application/ld+json"), ("/api/sources/{id}/text", "text/plain")],
)
def test_non_json_routes_declare_their_media_types(spec: dict[str, Any], path: str, media: str) -> None:
    assert media in spec["paths"][path]["get"]["responses"]["200"]["content"]


@pytest.mark.parametrize(("model", "field"), [("Claim", "date"), ("EntitySummary", "id"), ("Figure", "bound")])
def test_models_carry_examples_or_descriptions(spec: dict[str, Any], model: str, field: str) -> None:
    prop = spec["components"]["schemas"][model]["properties"][field]
    assert "examples" in prop or "description" in prop or "$ref" in prop or "anyOf" in prop


def test_docs_page_is_served(api: httpx.Client) -> None:
    response = api.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_operation_ids_are_unique(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


API_GETS = ["/api/entities", "/api/claims", "/api/figures", "/api/sources", "/api/changes", "/api/entities/{id}",
            "/api/claims/{id}", "/api/sources/{id}", "/api/network"]
SAMPLE_IDS = {"/api/entities/{id}": "rosoboronexport", "/api/claims/{id}": "claim-90a25c8a1c90",
              "/api/sources/{id}": "doc-rosoboronexport-backlog-interview"}


@pytest.mark.parametrize("path", API_GETS)
def test_unknown_query_parameters_are_a_422_naming_them(api: httpx.Client, spec: dict[str, Any], path: str) -> None:
    url = path.replace("{id}", SAMPLE_IDS.get(path, ""))
    response = api.get(url, params={"speakr": "mikheev", "limit": "5"} if "{id}" not in path else {"speakr": "x"})
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["speakr"]
    documented = spec["paths"][path]["get"]["responses"]["422"]["content"]
    assert list(documented) == [response.headers["content-type"].split(";")[0]]
    schema = spec["components"]["schemas"][documented["application/problem+json"]["schema"]["$ref"].rsplit("/", 1)[-1]]
    assert set(schema["required"]) <= set(body) and set(body) <= set(schema["properties"])
    item = schema["properties"]["errors"]["items"]
    assert all(set(e) == set(item["properties"]) for e in body["errors"])


def test_a_validation_422_has_the_documented_shape_too(api: httpx.Client, spec: dict[str, Any]) -> None:
    body = api.get("/api/claims", params={"limit": 0}).json()
    schema = spec["components"]["schemas"]["Problem"]
    assert set(schema["required"]) <= set(body) and set(body) <= set(schema["properties"])
    assert body["errors"][0]["field"] == "limit"
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_named_query_parameters_are_the_querys_own(api: httpx.Client) -> None:
    assert api.get("/api/queries/who-said-what", params={"entity": "rosoboronexport"}).status_code == 200


LISTS = ["/api/entities", "/api/claims", "/api/figures", "/api/sources", "/api/changes"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_one_pagination_shape_and_next_walks_it(api: httpx.Client, path: str) -> None:
    first = api.get(path, params={"limit": 1}).json()
    assert set(first) == {"items", "total", "limit", "offset", "next"}
    seen, url, pages = [], path + "?limit=1", 0
    while url and pages < 3:
        body = api.get(url).json()
        seen += body["items"]
        url, pages = body["next"], pages + 1
    assert len(seen) == min(first["total"], 3)
    if first["total"] <= 1:
        assert first["next"] is None
