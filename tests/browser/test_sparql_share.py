"""The SPARQL editor: permalinks open the query and run it; named queries ask for their parameters; checks apart."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

import pytest

from api import assets
from tests.browser.conftest import screenshots
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser
QUERY = "SELECT ?label WHERE { <https://w3id.org/dtkg/id/rosoboronexport> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"


@pytest.fixture
def editor(browser_page: Any) -> Any:
    if any(name in assets.missing() for name in assets.PAGE_SCRIPTS["sparql"]):
        pytest.skip("YASGUI is not installed under api/static/vendor (run make setup)")
    errors: list[str] = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_page.page_errors = errors
    return browser_page


def test_a_permalink_opens_the_editor_with_the_query_run(live_server: LiveServer, editor: Any) -> None:
    response = editor.goto(live_server.url + "/sparql?query=" + quote(QUERY))
    assert response is not None and response.headers["content-type"].startswith("text/html")
    editor.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    assert editor.evaluate("window.yasgui.getTab().getYasqe().getValue()") == QUERY
    assert "Rosoboronexport" in " ".join(editor.locator(".yasr table tbody td").all_inner_texts())
    assert editor.page_errors == []


def test_the_address_and_share_link_follow_the_editor(live_server: LiveServer, editor: Any) -> None:
    editor.goto(live_server.url + "/sparql")
    editor.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    editor.evaluate(f"window.yasgui.getTab().getYasqe().setValue({QUERY!r})")
    editor.wait_for_url(lambda url: "prefLabel" in unquote(url))  # not wait_for_function: the page's CSP refuses eval
    assert unquote(editor.url.split("query=", 1)[1]) == QUERY
    shared = editor.get_attribute("#sq-share", "href")
    editor.goto(live_server.url + shared)
    editor.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    assert editor.evaluate("window.yasgui.getTab().getYasqe().getValue()") == QUERY


def test_a_named_query_with_parameters_asks_for_them(live_server: LiveServer, editor: Any) -> None:
    editor.goto(live_server.url + "/sparql")
    editor.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    editor.click("button[data-example='who-said-what']")
    assert editor.is_visible("#sq-params")
    label = editor.inner_text("label[for='sq-param-entity']")
    assert "entity" in label and "iri" in label and "required" in label
    assert editor.locator(".yasr table tbody tr").count() == 0, "nothing ran with the parameter unbound"
    editor.click("#sq-params button[type=submit]")
    editor.wait_for_selector("#sq-params-error:not([hidden])")
    assert "entity" in editor.inner_text("#sq-params-error")
    editor.fill("#sq-param-entity", "rosoboronexport")
    editor.click("#sq-params button[type=submit]")
    editor.wait_for_selector("#sq-params-table tbody tr")
    assert editor.locator("#sq-params-table tbody tr").count() > 0
    assert editor.is_hidden("#sq-params-error")
    assert editor.page_errors == []


def test_violation_checks_are_listed_apart(live_server: LiveServer, editor: Any) -> None:
    editor.goto(live_server.url + "/sparql")
    examples = editor.eval_on_selector_all("#sq-examples button", "bs => bs.map(b => b.dataset.example)")
    checks = editor.eval_on_selector_all("#sq-checks button", "bs => bs.map(b => b.dataset.example)")
    assert checks and all(name.endswith("-violation") for name in checks)
    assert examples and not any(name.endswith("-violation") for name in examples)


def test_sparql_page_fits_a_narrow_window(live_server: LiveServer, editor: Any) -> None:
    editor.goto(live_server.url + "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 20"))
    editor.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    assert screenshots(editor, "sparql")[400] == 0
