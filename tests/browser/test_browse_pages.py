"""The claims and figures browsers in headless Chromium: filters in the URL, sorting, paging, downloads of what is shown."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.browser.conftest import screenshots
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


def shown_claim_ids(page: Any) -> list[str]:
    return [i.removeprefix("row-") for i in page.eval_on_selector_all("#claims tbody tr", "rows => rows.map(r => r.id)")]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_claims_filters_go_into_the_url_and_the_downloads_hold_exactly_the_rows_shown(
    live_server: LiveServer, browser_page: Any, browser_requests: Any
) -> None:
    page = browser_page
    page.goto(live_server.url + "/claims")
    everything = int(page.inner_text("#count").split(" of ")[1].split()[0])
    page.select_option("#f-speaker", "mikheev")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/claims?*speaker=mikheev*")
    shown = shown_claim_ids(page)
    assert 0 < len(shown) < everything
    speakers = set(page.eval_on_selector_all("#claims tbody tr td:nth-child(2) > a", "as => as.map(a => a.textContent)"))
    assert speakers == {"Mikheev"}
    assert query_of(page.url)["speaker"] == ["mikheev"]

    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        body = client.get(page.get_attribute("#download-json", "href")).json()
        rows = list(csv.DictReader(io.StringIO(client.get(page.get_attribute("#download-csv", "href")).text)))
    assert [c["id"] for c in body["items"]] == shown
    assert [r["claim"] for r in rows] == shown
    browser_requests.assert_local()


def test_a_shared_claims_url_reproduces_the_view(live_server: LiveServer, browser_page: Any) -> None:
    """Opening the URL someone copied shows the same filters selected and the same rows."""
    page = browser_page
    page.goto(live_server.url + "/claims?kind=direct-quote&q=hostile")
    assert page.input_value("#f-kind") == "direct-quote"
    assert page.input_value("#f-q") == "hostile"
    texts = page.eval_on_selector_all("#claims tbody .quote", "qs => qs.map(q => q.textContent.toLowerCase())")
    assert texts and all("hostile" in t for t in texts)


def test_claims_sort_by_date_both_ways_with_undated_last(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/claims?limit=500")
    page.click("#claims thead a.sort:text('Date')")
    page.wait_for_url("**sort=date*")
    ascending = page.eval_on_selector_all("#claims tbody tr td:first-child time", "ts => ts.map(t => t.dataset.value)")
    page.click("#claims thead a.sort:text('Date')")
    page.wait_for_url("**sort=-date*")
    assert page.get_attribute("#claims thead th:first-child", "aria-sort") == "descending"
    descending = page.eval_on_selector_all("#claims tbody tr td:first-child time", "ts => ts.map(t => t.dataset.value)")
    assert ascending and len(ascending) == len(descending)
    assert ascending[0] != descending[0]
    last_rows = page.eval_on_selector_all("#claims tbody tr td:first-child", "tds => tds.map(td => td.querySelector('time') ? 'dated' : 'undated')")
    assert last_rows == sorted(last_rows), "undated claims come after every dated one"


def test_claims_pages_turn_and_keep_the_filters(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/claims?limit=5&sort=speaker")
    first = shown_claim_ids(page)
    assert len(first) == 5
    page.click("#page-next")
    page.wait_for_url("**offset=5*")
    assert query_of(page.url)["sort"] == ["speaker"] and query_of(page.url)["limit"] == ["5"]
    second = shown_claim_ids(page)
    assert second and not set(first) & set(second)
    assert page.inner_text("#count").startswith("6–")
    page.click("#page-prev")
    page.wait_for_url(lambda url: "offset" not in url)  # the first page needs no offset
    assert shown_claim_ids(page) == first


def test_a_bad_filter_is_named_on_the_page(live_server: LiveServer, browser_page: Any) -> None:
    response = browser_page.goto(live_server.url + "/claims?kind=rumour")
    assert response is not None and response.status == 422
    assert "kind" in browser_page.inner_text("#filter-error")
    assert browser_page.input_value("#f-q") == ""


def test_figures_side_by_side_sorted_by_amount(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/figures")
    assert page.locator("#figures tbody tr").count() > 1
    page.click("#figures thead a.sort:text('Amount')")
    page.wait_for_url("**sort=amount*")
    page.click("#figures thead a.sort:text('Amount')")
    page.wait_for_url("**sort=-amount*")
    amounts = [float(a.split()[0]) for a in page.eval_on_selector_all("#figures tbody td.amount .mono", "es => es.map(e => e.textContent.trim())")]
    assert amounts == sorted(amounts, reverse=True)
    page.select_option("#f-measure", "order-backlog")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**measure=order-backlog*")
    assert query_of(page.url)["sort"] == ["-amount"]
    measures = set(page.eval_on_selector_all("#figures tbody tr td:first-child", "tds => tds.map(t => t.firstChild.textContent.trim())"))
    assert measures == {"order backlog"}
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        rows = list(csv.DictReader(io.StringIO(client.get(page.get_attribute("#download-csv", "href")).text)))
    assert [f"row-{r['figure']}" for r in rows] == page.eval_on_selector_all("#figures tbody tr", "rs => rs.map(r => r.id)")


@pytest.mark.parametrize(("path", "name"), [("/claims?about=russia&sort=-date", "claims"), ("/figures", "figures")])
def test_browsers_fit_a_narrow_window(live_server: LiveServer, browser_page: Any, path: str, name: str) -> None:
    browser_page.goto(live_server.url + path)
    overflow = screenshots(browser_page, "browse-" + name)
    assert overflow == {1366: 0, 400: 0}
