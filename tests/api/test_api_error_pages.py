"""Errors by ``Accept``: a browser gets an HTML page (a 404 with a search box), an API client problem+json."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Fields(HTMLParser):
    """The ids of the elements and the names of the inputs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.inputs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "input" and found.get("name"):
            self.inputs[str(found["name"])] = found.get("value") or ""


def parsed(html: str) -> Fields:
    fields = Fields()
    fields.feed(html)
    return fields


@pytest.mark.parametrize("path", ["/id/nobody-at-all", "/no/such/page", "/api/entities/nobody-at-all"])
def test_browser_gets_a_404_page_with_a_search_box(api: httpx.Client, path: str) -> None:
    response = api.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept"
    page = parsed(response.text)
    assert {"error-title", "error-detail", "q"} <= page.ids
    assert "q" in page.inputs


def test_the_search_box_guesses_from_the_address(api: httpx.Client) -> None:
    page = parsed(api.get("/id/nobody-at-all", headers={"Accept": BROWSER}).text)
    assert page.inputs["q"] == "nobody at all"


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/problem+json", "text/html;q=0.5, application/json"])
def test_api_clients_keep_problem_json(api: httpx.Client, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    response = api.get("/api/entities/nobody-at-all", headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_a_browser_gets_validation_errors_as_a_page_naming_the_field(api: httpx.Client) -> None:
    response = api.get("/api/claims", params={"limit": 0}, headers={"Accept": BROWSER})
    assert response.status_code == 422
    assert "error-fields" in parsed(response.text).ids
    assert "<code>limit</code>" in response.text
    assert "q" not in parsed(response.text).inputs, "the search box is for a 404 only"
