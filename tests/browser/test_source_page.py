"""A source document's page shows its text with every claim's span highlighted and linked; a claim links to its place."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.browser.conftest import screenshots
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser
SOURCE = "doc-rosoboronexport-backlog-interview"
CLAIM = "claim-424bffaec277"  # Mikheev: "Rosoboronexport had stopped cooperation with hostile countries"


def test_every_claim_is_highlighted_once_with_a_colour_per_speaker(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + f"/id/{SOURCE}")
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        claims = client.get(f"/api/sources/{SOURCE}").json()["claims"]
    anchored = page.eval_on_selector_all("#source-text [id^='claim-']", "es => es.map(e => e.id)")
    assert sorted(anchored) == sorted(c["id"] for c in claims)
    for claim in claims:  # the highlighted words are the claim's own span
        text = page.evaluate(
            "id => Array.from(document.querySelectorAll('#source-text a.span')).filter(a => a.dataset.claims.split(' ').includes(id)).map(a => a.textContent).join('')",
            claim["id"],
        )
        assert text == claim["span"]["exact"]
    colours = page.eval_on_selector_all(
        "#source-text a.span", "as => as.map(a => [a.title, getComputedStyle(a).backgroundColor])"
    )
    by_speaker = {}
    for speaker, colour in colours:
        by_speaker.setdefault(speaker, set()).add(colour)
    assert len(by_speaker) >= 2 and all(len(c) == 1 for c in by_speaker.values())
    assert len({next(iter(c)) for c in by_speaker.values()}) == len(by_speaker), "each speaker has their own colour"
    assert page.locator("#source-text p").count() > 5, "the text keeps its paragraphs"
    assert page.locator("#speaker-legend li").count() == len(by_speaker)


def test_a_highlight_opens_its_claim_and_the_claim_leads_back_to_its_place(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + f"/id/{SOURCE}")
    page.click(f"#source-text a#{CLAIM}")
    page.wait_for_url(f"**/id/{CLAIM}")
    assert page.inner_text("#claim-text") == "Rosoboronexport had stopped cooperation with hostile countries"
    page.click("#in-text")
    page.wait_for_url(f"**/id/{SOURCE}#{CLAIM}")
    target = page.locator(f"#{CLAIM}")
    assert target.inner_text() == "Rosoboronexport had stopped cooperation with hostile countries"
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], "the browser scrolled to the span"
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle") == "solid"


def test_highlights_are_reachable_by_keyboard(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + f"/id/{SOURCE}")
    page.focus("#source-text a.span")
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/claim-*")


def test_source_page_fits_a_narrow_window(live_server: LiveServer, browser_page: Any) -> None:
    browser_page.goto(live_server.url + f"/id/{SOURCE}")
    assert screenshots(browser_page, "source") == {1366: 0, 400: 0}
