"""The /network page in headless Chromium, over the live server and the curated graph.

Uses the shared ``browser_page`` fixture (tests/browser/conftest.py) when it is
there, else launches /usr/bin/chromium itself; skips cleanly when Chromium or
Playwright is missing. Every request that would leave 127.0.0.1 is aborted and
makes the test fail.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import httpx
import pytest

from tests.conftest import ROOT, LiveServer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
REGIONS = {"region-middle-east", "region-asia-pacific", "region-africa", "region-latin-america", "region-central-asia", "region-europe"}


@pytest.fixture
def page(browser_page: Any) -> Any:
    """The shared headless-Chromium page (tests/browser/conftest.py): skips without Chromium."""
    return browser_page


@pytest.fixture
def offsite(page: Any) -> list[str]:
    """URLs the page tried to fetch from anywhere but 127.0.0.1 (all aborted)."""
    attempts: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.fallback()
        else:
            attempts.append(url)
            route.abort()

    page.route("**/*", guard)
    return attempts


def wait_ready(page: Any) -> None:
    # a selector, not wait_for_function: Playwright evaluates string predicates with eval, which the page's CSP refuses
    page.wait_for_selector("body[data-state='ready'], body[data-state='error']", state="attached", timeout=30_000)
    assert page.evaluate("document.body.dataset.state") == "ready", page.inner_text("#nw-status")


def api_nodes(server: LiveServer, **params: Any) -> int:
    response = httpx.get(server.url + "/api/network", params={"format": "cytoscape", **params}, timeout=30)
    response.raise_for_status()
    return len(response.json()["elements"]["nodes"])


def click_node(page: Any, node_id: str) -> None:
    x, y = page.evaluate(
        """id => { const cy = window.dtkgNetwork.cy; const p = cy.getElementById(id).renderedPosition();
                   const box = cy.container().getBoundingClientRect(); return [box.left + p.x, box.top + p.y]; }""",
        node_id,
    )
    page.mouse.click(x, y)


def test_network_page(page: Any, offsite: list[str], live_server: LiveServer) -> None:
    if not (ROOT / "api" / "static" / "vendor").is_dir():
        pytest.skip("front-end assets are not installed (api/static/vendor); run 'make setup'")
    page.goto(live_server.url + "/network")
    wait_ready(page)

    drawn = page.evaluate("window.dtkgNetwork.cy.nodes().length")
    assert drawn == api_nodes(live_server) > 0

    svg = ElementTree.fromstring(page.evaluate("window.dtkgNetwork.viewSvg()"))
    ns = "{http://www.w3.org/2000/svg}"
    assert len(svg.findall(f".//{ns}circle")) == drawn
    assert len(svg.findall(f".//{ns}line")) == page.evaluate("window.dtkgNetwork.cy.edges().length")
    assert "Rosoboronexport" in {t.text for t in svg.findall(f".//{ns}text")}

    click_node(page, "rosoboronexport")
    page.wait_for_selector("#nw-panel[data-node=rosoboronexport][data-state=ready]", timeout=15_000)
    relations = page.eval_on_selector_all(
        "#nw-panel .nw-relation",
        """items => items.map(li => ({
              other: li.dataset.other,
              type: li.querySelector('.nw-rel-type').textContent,
              cited: [...li.querySelectorAll('a.nw-cited')].map(a => a.getAttribute('href')),
              speakers: [...li.querySelectorAll('a.nw-cited')].map(s => s.textContent),
              entity: li.querySelector('.nw-rel-head a').getAttribute('href')}))""",
    )
    regions = [r for r in relations if r["type"].startswith("has partners in region")]
    assert {r["other"] for r in regions} == REGIONS
    for rel in regions:
        assert rel["entity"] == f"/id/{rel['other']}"
        assert len(rel["cited"]) == 1
        assert rel["speakers"][0].startswith("Mikheev")
    # the sentence naming six regions appears once, with the six relations it supports under it
    (regions_claim,) = {r["cited"][0] for r in regions}
    group = page.locator(f"#nw-panel {regions_claim}")
    assert "Middle East, the Asia-Pacific region, Africa, Latin America" in group.locator("blockquote").inner_text()
    assert group.locator(".nw-fact").count() == len(REGIONS)
    quotes = page.eval_on_selector_all("#nw-panel .nw-claim blockquote", "qs => qs.map(q => q.textContent)")
    assert len(quotes) == len(set(quotes)), "each claim once"
    assert not group.locator("blockquote").inner_text().startswith("“"), "indirect speech carries no quotation marks"
    assert "(year not stated)" in group.locator(".nw-speaker").inner_text()
    assert page.get_attribute("#nw-panel .nw-entity-link", "href") == "/id/rosoboronexport"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "network-page.png"
    page.mouse.move(1, 1)
    page.set_viewport_size({"width": 1366, "height": 900})  # the README's pictures are taken 1366 px wide
    page.wait_for_timeout(600)  # the drawing re-fits 150 ms after a resize
    page.screenshot(path=str(shot), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(600)
    if os.environ.get("DTKG_UPDATE_SCREENSHOT") == "1":  # refresh the README's picture on purpose only
        shutil.copyfile(shot, ROOT / "docs" / "network.png")

    page.uncheck("#nw-types input[value='dtkg:Region']")
    page.click("#nw-apply")
    wait_ready(page)
    kept_types = page.eval_on_selector_all("#nw-types input:checked", "xs => xs.map(x => x.value)")
    filtered = page.evaluate("window.dtkgNetwork.cy.nodes().length")
    assert filtered == api_nodes(live_server, type=kept_types)
    assert filtered < drawn
    page.screenshot(path=str(ARTIFACTS / "network-page-filtered.png"))

    assert offsite == []


def find(page: Any, server: LiveServer, typed: str) -> None:
    """Open the whole network and type a name into its find box."""
    if not (ROOT / "api" / "static" / "vendor").is_dir():
        pytest.skip("front-end assets are not installed (api/static/vendor); run 'make setup'")
    page.goto(server.url + "/network")
    wait_ready(page)
    page.fill("#nw-search-input", typed)
    page.press("#nw-search-input", "Enter")


@pytest.mark.parametrize(
    ("typed", "node"),
    [("Рособоронэкспорт", "rosoboronexport"), ("ROE", "rosoboronexport"), ("Rosoboroneksport", "rosoboronexport"),
     ("Африка", "region-africa"), ("ОДКБ", "csto")],
)
def test_find_box_uses_the_matcher(page: Any, offsite: list[str], live_server: LiveServer, typed: str, node: str) -> None:
    """The find box goes through /api/entities (transliteration, aliases, Cyrillic) and selects the node."""
    find(page, live_server, typed)
    # poll from Python: wait_for_function's string predicate is an eval, which the page's CSP refuses
    deadline = time.monotonic() + 10
    while not page.evaluate("window.dtkgNetwork.cy.$(':selected').length") and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert page.evaluate("window.dtkgNetwork.cy.$(':selected').map(n => n.id())") == [node]
    assert offsite == []


@pytest.mark.parametrize("typed", ["Михеев", "Commission on Military-Technical Cooperation"])
def test_find_box_draws_an_entity_in_no_relation_alone(page: Any, offsite: list[str], live_server: LiveServer, typed: str) -> None:
    """A name whose entity is not drawn (it has no relations) is not a dead end: the node alone, its claims in the panel."""
    find(page, live_server, typed)
    page.wait_for_selector("body[data-alone]", state="attached", timeout=30_000)
    page.wait_for_selector("#nw-panel[data-state='ready']", state="attached", timeout=30_000)
    alone = page.evaluate("document.body.dataset.alone")
    assert alone in ("mikheev", "mtc-commission")
    assert page.evaluate("window.dtkgNetwork.cy.nodes().map(n => n.id())") == [alone]
    assert "shown alone" in page.inner_text("#nw-status")
    page.click("#nw-reset")
    wait_ready(page)
    assert page.evaluate("window.dtkgNetwork.cy.nodes().length") > 1
    assert page.evaluate("document.body.dataset.alone") is None
    assert offsite == []
