"""The landing page answers "who said what" at a glance; its counts lead to the lists they count."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.browser.conftest import screenshots
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


def test_who_said_what_comes_first_and_plumbing_is_folded_away(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("#latest-claims li").count() > 0
    top = page.eval_on_selector_all("#top-speakers li", "lis => lis.map(li => li.textContent)")
    assert top and "claims" in top[0]
    assert page.locator("#figures-glance li").count() > 0
    counted = page.inner_text("#class-counts")
    assert "Attribution" not in counted and "TextQuoteSelector" not in counted
    assert not page.is_visible("#plumbing table")
    page.click("#plumbing summary")
    assert "TextQuoteSelector" in page.inner_text("#plumbing")
    above = page.evaluate("document.querySelector('#latest-claims').getBoundingClientRect().top")
    below = page.evaluate("document.querySelector('#class-counts').getBoundingClientRect().top")
    assert above < below


def test_speaker_counts_open_their_claims(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    link = page.locator("#top-speakers li a[href^='/claims']").first
    expected = int(link.inner_text().split()[0])
    link.click()
    page.wait_for_url("**/claims?speaker=*")
    assert int(page.inner_text("#count").split(" of ")[1].split()[0]) == expected


def test_every_class_count_links_to_a_list_of_that_many(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    rows = page.eval_on_selector_all(
        "#class-counts tbody tr", "trs => trs.map(tr => [tr.querySelector('a').getAttribute('href'), +tr.cells[1].textContent])"
    )
    assert rows
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        for href, count in rows:
            if href.startswith("#"):
                assert page.locator(href + " li").count() == count
                continue
            response = client.get(href, headers={"accept": "text/html"})
            assert response.status_code == 200, href
    page.click("#class-counts a[href='/claims']")
    page.wait_for_url("**/claims")
    assert page.locator("#claims tbody tr").count() > 0
    page.goto(live_server.url + "/")
    page.click("#class-counts a[href='/?type=Person']")
    page.wait_for_url("**/?type=Person")
    assert page.locator("#results li").count() == dict(rows)["/?type=Person"]


def test_landing_page_fits_a_narrow_window(live_server: LiveServer, browser_page: Any) -> None:
    browser_page.goto(live_server.url + "/")
    assert screenshots(browser_page, "landing") == {1366: 0, 400: 0}
