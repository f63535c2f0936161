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
