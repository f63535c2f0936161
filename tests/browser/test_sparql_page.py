"""The /sparql query page in headless Chromium: YASGUI loads from /static, runs an example, shows a table.

Uses the shared ``browser_page`` / ``browser_requests`` fixtures (system Chromium,
host resolution limited to 127.0.0.1; skip when Chromium or Playwright is missing).
"""

from __future__ import annotations

from typing import Any

import pytest

from api import assets
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def sparql_page(live_server: LiveServer, browser_page: Any) -> Any:
    if any(name in assets.missing() for name in assets.PAGE_SCRIPTS["sparql"]):
        pytest.skip("YASGUI is not installed under api/static/vendor (run make setup)")
    errors: list[str] = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_page.goto(live_server.url + "/sparql")
    browser_page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    browser_page.page_errors = errors
    return browser_page


def test_example_query_runs_and_shows_a_table(sparql_page: Any, browser_requests: Any, live_server: LiveServer) -> None:
    page = sparql_page
    assert page.evaluate("window.yasgui.getTab().getEndpoint()") == live_server.url + "/sparql"
    page.click("button[data-example='class-counts']")
    page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    assert page.evaluate("window.yasgui.getTab().getName()") == "Entities per class"
    headers = page.locator(".yasr table thead th").all_inner_texts()
    assert any("class" in h for h in headers) and any("count" in h for h in headers)
    assert page.locator(".yasr table tbody tr").count() > 3
    assert page.page_errors == []
    browser_requests.assert_local()
    assert any(url.startswith(live_server.url + "/sparql") for url in browser_requests.urls[1:])


def test_own_query_from_the_editor(sparql_page: Any, browser_requests: Any) -> None:
    page = sparql_page
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    page.evaluate(f"window.yasgui.getTab().getYasqe().setValue({query!r})")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    cells = " ".join(page.locator(".yasr table tbody td").all_inner_texts())
    assert "graph/ontology" in cells or "graph:ontology" in cells or "ontology" in cells
    assert page.page_errors == []
    browser_requests.assert_local()
