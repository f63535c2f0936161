"""The HTML pages in headless Chromium: they render, their links work, nothing leaves 127.0.0.1.

Uses the shared ``browser_page`` fixture (tests/browser/conftest.py) when it
exists; otherwise launches the system Chromium through Playwright itself, and
skips when neither Playwright nor Chromium is installed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(browser_page: Any) -> Any:
    """The shared headless-Chromium page (tests/browser/conftest.py): skips without Chromium."""
    return browser_page


@pytest.fixture
def requests_seen(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url))
    return seen


def assert_local(urls: list[str]) -> None:
    outside = [u for u in urls if urlsplit(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")]
    assert outside == []


def internal_links(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    return sorted({h for h in hrefs if h.startswith("/")})


@pytest.mark.parametrize(
    ("path", "heading", "selector"),
    [
        ("/", "Defense-trade knowledge graph", "#class-counts tbody tr"),
        ("/id/rosoboronexport", "Rosoboronexport", "#relations tbody tr"),
        ("/id/mikheev", "Mikheev", "#claims-by tbody tr"),
        ("/id/claim-d75ed68de6be", "claim-d75ed68de6be", "#claim-text"),
        ("/id/doc-rosoboronexport-backlog-interview", "Interview with Arms Export Expert", "#source-claims tbody tr"),
        ("/downloads/", "Downloads", "#downloads tbody tr"),
    ],
)
def test_page_renders_and_links_work(
    live_server: LiveServer, page: Any, requests_seen: list[str], path: str, heading: str, selector: str
) -> None:
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    assert heading in page.inner_text("h1")
    assert page.locator(selector).count() > 0
    links = internal_links(page)
    assert links
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        broken = [link for link in links if client.get(link).status_code >= 400]
    assert broken == []
    assert_local(requests_seen)


def test_search_box_finds_an_entity_in_another_script(live_server: LiveServer, page: Any, requests_seen: list[str]) -> None:
    page.goto(live_server.url + "/")
    page.fill("#q", "Рособоронэкспорт")
    page.press("#q", "Enter")
    page.wait_for_selector("#results")
    page.click("#results a[href='/id/rosoboronexport']")
    page.wait_for_url("**/id/rosoboronexport")
    assert page.inner_text("h1") == "Rosoboronexport"
    assert page.get_attribute("#network-link", "href") == "/network?focus=rosoboronexport"
    assert_local(requests_seen)


def test_evidence_link_leads_to_the_claim(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/id/rosoboronexport")
    page.click("#relations a.evidence[href='/id/claim-424bffaec277']")
    page.wait_for_url("**/id/claim-424bffaec277")
    assert page.inner_text("#claim-text") == "Rosoboronexport had stopped cooperation with hostile countries"


@pytest.mark.parametrize("path", ["/id/claim-dd30a82d3a1e", "/id/doc-rosoboronexport-backlog-interview"])
def test_cite_section_fits_a_400px_window(live_server: LiveServer, page: Any, path: str) -> None:
    """Issue 16: the citation (long permalink, BibTeX, CSL-JSON) wraps instead of widening a narrow window."""
    before = page.viewport_size
    page.set_viewport_size({"width": 400, "height": 800})
    try:
        page.goto(live_server.url + path)
        for selector in ("#cite", "#cite-bibtex", "#cite-csl", "#cite-text"):
            width = page.eval_on_selector(selector, "el => [el.scrollWidth, el.clientWidth]")
            assert width[0] <= width[1], (selector, width)
        assert page.eval_on_selector("#cite", "el => el.getBoundingClientRect().right") <= 400
    finally:
        page.set_viewport_size(before)
