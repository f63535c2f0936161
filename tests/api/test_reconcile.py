"""/reconcile over real HTTP: the W3C Reconciliation Service API 0.2, checked against the specification's schemas.

Every answer dtkg gives (manifest, result batches, suggest responses) is
validated against the JSON Schemas in ``../shared/w3c-tests/reconciliation/0.2/``;
the specification's valid query examples are accepted and its invalid ones
refused with a 400 (tests skip, saying why, where ../shared is absent).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import ROOT, SHARED

PROBLEM = "application/problem+json"
SPEC = SHARED / "w3c-tests" / "reconciliation" / "0.2"
EXAMPLES = SPEC / "examples" / "reconciliation-query-batch"


def examples(kind: str) -> list[Path]:
    return sorted((EXAMPLES / kind).glob("*.json")) if EXAMPLES.is_dir() else []



@pytest.fixture(scope="module")
def schemas(shared_dir: Path) -> dict[str, Draft202012Validator]:
    """One validator per schema file, all sharing a registry so relative $refs (type.json) resolve."""
    folder = SPEC / "schemas"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the reconciliation schemas come with ../shared")
    loaded = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012)) for doc in loaded.values() if "$id" in doc
    )
    return {name: Draft202012Validator(doc, registry=registry) for name, doc in loaded.items()}


def valid(schemas: dict[str, Draft202012Validator], name: str, document: Any) -> Any:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schemas[name].iter_errors(document)]
    assert errors == [], f"answer breaks {name}.json"
    return document


def batch(api: httpx.Client, queries: dict[str, Any], *, form: bool = True) -> httpx.Response:
    if form:
        return api.post("/reconcile", data={"queries": json.dumps(queries)})
    return api.post("/reconcile", json=queries)


def results(api: httpx.Client, schemas: dict[str, Draft202012Validator], queries: dict[str, Any]) -> dict[str, Any]:
    response = batch(api, queries)
    assert response.status_code == 200, response.text
    return valid(schemas, "reconciliation-result-batch", response.json())  # type: ignore[no-any-return]


def refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["errors"][0]["field"] == field


# ---- manifest ----


def test_manifest_validates(api: httpx.Client, schemas: dict[str, Draft202012Validator]) -> None:
    response = api.get("/reconcile")
    assert response.status_code == 200
    manifest = valid(schemas, "manifest", response.json())
    assert manifest["versions"] == ["0.2"]
    assert manifest["view"]["url"].endswith("/id/{{id}}")
    assert manifest["preview"]["url"].endswith("/reconcile/preview?id={{id}}")
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"Person", "Country"}
    assert set(manifest["suggest"]) == {"entity", "type", "property"}


def test_manifest_urls_point_back_to_this_server(api: httpx.Client) -> None:
    manifest = api.get("/reconcile").json()
    view = manifest["view"]["url"].replace("{{id}}", "mikheev")
    assert api.get(view, headers={"Accept": "text/turtle"}).status_code == 200
    preview = manifest["preview"]["url"].replace("{{id}}", "mikheev")
    assert api.get(preview).status_code == 200
    entity = manifest["suggest"]["entity"]
    assert api.get(entity["service_url"] + entity["service_path"], params={"prefix": "mik"}).status_code == 200


# ---- the specification's query examples ----


@pytest.mark.parametrize("path", examples("valid"), ids=lambda p: p.stem)
def test_valid_query_examples_are_accepted(
    api: httpx.Client, schemas: dict[str, Draft202012Validator], path: Path
) -> None:
    """The examples' types and properties are GND's; with dtkg's in their place each batch is answered."""
    queries = json.loads(path.read_text(encoding="utf-8"))
    valid(schemas, "reconciliation-query-batch", queries)
    for query in queries.values():
        if "type" in query:
            query["type"] = "Person"
        for prop in query.get("properties", []):
            prop["pid"] = "memberOf"
    for form in (True, False):
        response = batch(api, queries, form=form)
        assert response.status_code == 200, response.text
        assert set(valid(schemas, "reconciliation-result-batch", response.json())) == set(queries)


@pytest.mark.parametrize("path", examples("valid"), ids=lambda p: p.stem)
def test_valid_query_examples_unchanged_are_refused_only_for_unknown_vocabulary(api: httpx.Client, path: Path) -> None:
    response = batch(api, json.loads(path.read_text(encoding="utf-8")))
    if response.status_code != 200:
        refused(response, response.json()["errors"][0]["field"])
        assert response.json()["errors"][0]["field"].endswith((".type", ".pid"))


@pytest.mark.parametrize("path", examples("invalid"), ids=lambda p: p.stem)
def test_invalid_query_examples_are_refused(api: httpx.Client, path: Path) -> None:
    for form in (True, False):
        response = batch(api, json.loads(path.read_text(encoding="utf-8")), form=form)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.json()["errors"][0]["field"].startswith("queries.")


# ---- answers ----

HEADLINE = [
    ("Mikheev", "mikheev"),
    ("Miheev", "mikheev"),
    ("Михеев", "mikheev"),
    ("A. Mikheev", "mikheev"),
    ("Rosoboronexport", "rosoboronexport"),
    ("Rosoboroneksport", "rosoboronexport"),
    ("Рособоронэкспорт", "rosoboronexport"),
    ("ROE", "rosoboronexport"),
    ("JSC Rosoboronexport", "rosoboronexport"),
    ("CSTO", "csto"),
    ("ОДКБ", "csto"),
    ("Collective Security Treaty Organisation", "csto"),
    ("Africa", "region-africa"),
]


def test_headline_variants_are_auto_matched(api: httpx.Client, schemas: dict[str, Draft202012Validator]) -> None:
    queries = {f"q{i}": {"query": name, "limit": 3} for i, (name, _) in enumerate(HEADLINE)}
    answer = results(api, schemas, queries)
    for i, (name, entity) in enumerate(HEADLINE):
        first = answer[f"q{i}"]["result"][0]
        assert (name, first["id"], first["match"]) == (name, entity, True)
        assert 0 <= first["score"] <= 100


def test_candidate_shape(api: httpx.Client, schemas: dict[str, Draft202012Validator]) -> None:
    first = results(api, schemas, {"q0": {"query": "Miheev"}})["q0"]["result"][0]
    assert first["name"] == "Mikheev"
    assert first["type"] == [{"id": "Person", "name": "person"}]
    assert first["description"].startswith("transliteration")


def test_type_condition_filters_and_limit_cuts(api: httpx.Client, schemas: dict[str, Draft202012Validator]) -> None:
    answer = results(api, schemas, {
        "person": {"query": "Rosoboronexport", "type": "Person"},
        "org": {"query": "Rosoboronexport", "type": ["FormalOrganization"], "limit": 1},
        "concept": {"query": "Africa", "type": "Concept"},
        "should": {"query": "Rosoboronexport", "type": "Person", "type_strict": "should"},
    })  # fmt: skip
    assert answer["person"]["result"] == []
    assert [c["id"] for c in answer["org"]["result"]] == ["rosoboronexport"]
    concepts = {c["id"]: c["score"] for c in answer["concept"]["result"]}
    assert concepts["m49-002"] == 100  # no code-list penalty when the type asks for concepts
    assert answer["should"]["result"][0]["id"] == "rosoboronexport"
    assert answer["should"]["result"][0]["score"] < 100


def test_ambiguous_name_is_not_auto_matched(api: httpx.Client, schemas: dict[str, Draft202012Validator]) -> None:
    answer = results(api, schemas, {"q0": {"query": "asia"}, "q1": {"query": "the commission"}})
    assert not any(c["match"] for q in answer.values() for c in q["result"])


def test_property_conditions_confirm_or_contradict(api: httpx.Client, schemas: dict[str, Draft202012Validator]) -> None:
    answer = results(api, schemas, {
        "chairs": {"query": "Russia", "properties": [{"pid": "chairs", "v": "CSTO"}]},
        "by_id": {"query": "Russia", "properties": [{"pid": "dtkg:chairs", "v": {"id": "csto"}}]},
        "wrong": {"query": "Russia", "properties": [{"pid": "partnerRegion", "v": "Europe"}]},
        "only": {"properties": [{"pid": "partnerRegion", "v": "Africa"}]},
    })  # fmt: skip
    assert answer["chairs"]["result"][0]["score"] == 100
    assert answer["by_id"]["result"][0]["score"] == 100
    wrong = answer["wrong"]["result"][0]
    assert wrong["id"] == "russia" and wrong["score"] < 85 and not wrong["match"]
    assert {c["id"] for c in answer["only"]["result"]} == {"rosoboronexport", "russia"}


def test_queries_in_the_query_string(api: httpx.Client, schemas: dict[str, Draft202012Validator]) -> None:
    response = api.get("/reconcile", params={"queries": json.dumps({"q0": {"query": "ОДКБ"}})})
    assert response.status_code == 200
    assert valid(schemas, "reconciliation-result-batch", response.json())["q0"]["result"][0]["id"] == "csto"


def test_json_body_may_wrap_the_batch(api: httpx.Client) -> None:
    response = api.post("/reconcile", json={"queries": {"q0": {"query": "ROE"}}})
    assert response.json()["q0"]["result"][0]["id"] == "rosoboronexport"


# ---- bad input: 400 naming the field, never a 500 ----


@pytest.mark.parametrize(
    ("queries", "field"),
    [
        ({"q0": {"query": "x" * 1001}}, "queries.q0.query"),
        ({f"q{i}": {"query": "Mikheev"} for i in range(101)}, "queries"),
        ({"q0": {"query": "Mikheev", "type": "Spaceship"}}, "queries.q0.type"),
        ({"q0": {"query": "Mikheev", "properties": [{"pid": "favouriteColour", "v": "red"}]}}, "queries.q0.properties[0].pid"),
        ({"q0": {"query": "Mikheev", "properties": [{"pid": "memberOf"}]}}, "queries.q0.properties[0]"),
        ({"q0": {"query": "Mikheev", "limit": 0}}, "queries.q0.limit"),
        ({"q0": {"query": "Mikheev", "limit": "five"}}, "queries.q0.limit"),
        ({"q0": {"query": 42}}, "queries.q0.query"),
        ({"q0": {"query": "Mikheev", "type_strict": "maybe"}}, "queries.q0.type_strict"),
        ({"q0": "Mikheev"}, "queries.q0"),
        (["Mikheev"], "queries"),
    ],
)
def test_bad_batch_names_the_field(api: httpx.Client, queries: Any, field: str) -> None:
    refused(api.post("/reconcile", data={"queries": json.dumps(queries)}), field)


@pytest.mark.parametrize("raw", ["{bad", "", "[1,", "null"])
def test_malformed_json_is_a_400(api: httpx.Client, raw: str) -> None:
    refused(api.post("/reconcile", data={"queries": raw}), "queries")
    refused(api.get("/reconcile", params={"queries": raw}), "queries")


def test_missing_queries_field_is_a_400(api: httpx.Client) -> None:
    refused(api.post("/reconcile", data={"query": "Mikheev"}), "queries")


# ---- suggest and preview ----


@pytest.mark.parametrize(
    ("kind", "prefix", "first"),
    [("entity", "rosob", "rosoboronexport"), ("entity", "Михе", "mikheev"), ("type", "pers", "Person"), ("property", "member", "memberOf")],
)
def test_suggest(api: httpx.Client, schemas: dict[str, Draft202012Validator], kind: str, prefix: str, first: str) -> None:
    response = api.get(f"/reconcile/suggest/{kind}", params={"prefix": prefix})
    assert response.status_code == 200
    schema = {"entity": "suggest-entities-response", "type": "suggest-types-response", "property": "suggest-properties-response"}
    body = valid(schemas, schema[kind], response.json())
    assert body["result"][0]["id"] == first


def test_suggest_entity_with_type_and_cursor(api: httpx.Client) -> None:
    everyone = api.get("/reconcile/suggest/entity", params={"prefix": "r"}).json()["result"]
    later = api.get("/reconcile/suggest/entity", params={"prefix": "r", "cursor": 1}).json()["result"]
    assert later and later[0] == everyone[1]
    people = api.get("/reconcile/suggest/entity", params={"prefix": "putin", "type": "Person"}).json()["result"]
    assert [p["id"] for p in people] == ["putin"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/reconcile/suggest/entity", {"prefix": "x" * 1001}, "prefix"),
        ("/reconcile/suggest/entity", {}, "prefix"),
        ("/reconcile/suggest/entity", {"prefix": "mik", "type": "Spaceship"}, "type"),
        ("/reconcile/suggest/entity", {"prefix": "mik", "cursor": "-1"}, "cursor"),
        ("/reconcile/preview", {}, "id"),
    ],
)
def test_suggest_and_preview_bad_input(api: httpx.Client, path: str, params: dict[str, str], field: str) -> None:
    refused(api.get(path, params=params), field)


def test_preview_is_a_small_card(api: httpx.Client) -> None:
    response = api.get("/reconcile/preview", params={"id": "rosoboronexport"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="preview"' in response.text and 'href="/id/rosoboronexport"' in response.text
    assert "<script" not in response.text and "<style" not in response.text


def test_preview_of_unknown_id_is_a_404(api: httpx.Client) -> None:
    response = api.get("/reconcile/preview", params={"id": "no-such-entity"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


# ---- the README's example stays true ----


def test_readme_example_batch_and_answer(api: httpx.Client) -> None:
    """The README's example batch (its curl line) gets exactly the answer the README shows."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- reconcile-example -->", 1)[1]
    curl = next(line for line in section.splitlines() if line.startswith("curl "))
    queries = curl.split("'queries=", 1)[1].rsplit("'", 1)[0]
    shown = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    response = api.post("/reconcile", data={"queries": queries})
    assert response.status_code == 200
    assert response.json() == shown


def test_cors_is_open_for_browser_clients(api: httpx.Client) -> None:
    """OpenRefine's suggest boxes call the service from the browser, from another origin."""
    response = api.get("/reconcile/suggest/type", params={"prefix": "per"}, headers={"Origin": "http://127.0.0.1:3333"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = api.options(
        "/reconcile", headers={"Origin": "http://127.0.0.1:3333", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 200


def test_oversized_body_is_a_413(api: httpx.Client) -> None:
    response = api.post("/reconcile", content=b"x" * 1_100_000, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(PROBLEM)
