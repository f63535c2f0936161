"""The network page: a stable layout, and a year filter that says what it did with undated ties."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


def ready(page: Any) -> None:
    # a selector, not wait_for_function: Playwright evaluates string predicates with eval, which the page's CSP refuses
    page.wait_for_selector("body[data-state='ready']", state="attached", timeout=30_000)


def positions(page: Any) -> dict[str, tuple[int, int]]:
    pairs = page.evaluate("window.dtkgNetwork.cy.nodes().map(n => [n.id(), n.position().x, n.position().y])")
    return {node: (round(x), round(y)) for node, x, y in pairs}


def test_the_layout_is_the_same_on_every_load(live_server: LiveServer, browser_page: Any) -> None:
    browser_page.goto(live_server.url + "/network")
    ready(browser_page)
    first = positions(browser_page)
    browser_page.reload()
    ready(browser_page)
    assert first and positions(browser_page) == first


def test_a_year_greys_undated_ties_and_counts_them_or_hides_them(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/network")
    ready(page)
    page.fill("#nw-as-of", "2025")
    page.click("#nw-apply")
    page.wait_for_selector("#nw-undated-note:has-text('no date')")
    greyed = page.evaluate("window.dtkgNetwork.cy.edges('.nw-undated').length")
    undated = page.evaluate("window.dtkgNetwork.cy.edges('[?undated]').length")
    assert greyed == undated > 0
    assert page.inner_text("#nw-undated-note").startswith(f"{undated} ties have no date: shown greyed")
    page.select_option("#nw-undated", "hide")
    page.click("#nw-apply")
    page.wait_for_selector("#nw-undated-note:has-text('hidden')")
    assert page.evaluate("window.dtkgNetwork.cy.edges('[?undated]').length") == 0
    assert page.inner_text("#nw-undated-note").startswith(f"{undated} ties have no date: hidden")
    assert "undated=hide" in page.get_attribute("#nw-gexf", "href")
