"""Entity pages in headless Chromium: quotes instead of hashes, each sentence once with its facts."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.browser.conftest import screenshots
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser
HASH = re.compile(r"claim-[0-9a-f]{12}")


def test_relations_cite_speakers_not_hashes_and_each_sentence_appears_once(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/id/rosoboronexport")
    assert not HASH.search(page.inner_text("#relations")), "no claim hashes in the relations table"
    cited = page.eval_on_selector_all("#relations a.evidence", "as => as.map(a => a.getAttribute('href').slice(4))")
    groups = page.eval_on_selector_all("#evidence-groups > li", "lis => lis.map(li => li.id.slice(3))")
    assert sorted(groups) == sorted(set(cited)), "every cited claim is listed once"
    texts = page.eval_on_selector_all("#evidence-groups > li > div:first-child", "ds => ds.map(d => d.textContent)")
    assert len(texts) == len(set(texts))
    facts = page.eval_on_selector_all("#evidence-groups > li", "lis => lis.map(li => li.querySelectorAll('.fact').length)")
    assert max(facts) >= 2, "a sentence supporting several relations lists them all under it"


def test_direct_quotes_have_quotation_marks_and_indirect_speech_does_not(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/id/unnamed-arms-export-expert")
    direct = page.locator("#claims-by q.quote.direct").first
    assert page.evaluate("q => getComputedStyle(q, '::before').content", direct.element_handle()) == "open-quote"
    assert page.evaluate("q => getComputedStyle(q).quotes", direct.element_handle()).startswith('"“"')
    page.goto(live_server.url + "/id/mikheev")
    indirect = page.locator("#claims-by .quote.indirect-speech").first
    assert indirect.evaluate("e => e.tagName") == "SPAN"
    assert indirect.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    assert not indirect.inner_text().startswith("“")


@pytest.mark.parametrize("entity", ["rosoboronexport", "mikheev", "claim-424bffaec277"])
def test_entity_pages_fit_a_narrow_window(live_server: LiveServer, browser_page: Any, entity: str) -> None:
    browser_page.goto(live_server.url + f"/id/{entity}")
    assert screenshots(browser_page, f"entity-{entity}") == {1366: 0, 400: 0}


RAW_DATE = re.compile(r"--\d\d-\d\d|\b\d{4}-\d\d(-\d\d)?\b")


@pytest.mark.parametrize(
    "path", ["/", "/claims", "/figures", "/id/mikheev", "/id/claim-90a25c8a1c90", "/id/rosoboronexport", "/id/mtc-commission"]
)
def test_dates_read_as_people_say_them_with_the_stored_value_kept(live_server: LiveServer, browser_page: Any, path: str) -> None:
    page = browser_page
    page.goto(live_server.url + path)
    assert not RAW_DATE.search(page.inner_text("main")), "no raw ISO or --MM-DD date is shown"
    stored = page.eval_on_selector_all("time.date", "ts => ts.map(t => [t.dataset.value, t.textContent])")
    for value, shown in stored:
        assert value and shown and value not in shown


def test_a_month_day_says_the_year_is_not_stated(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/id/claim-90a25c8a1c90")
    assert page.inner_text("#claim-date time") == "13 November (year not stated)"
    assert page.get_attribute("#claim-date time", "data-value") == "--11-13"
    assert "--11-13" in page.get_attribute("#claim-date time", "title")


def test_a_programme_states_its_period_and_aims_at_the_top(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/id/federal-project-mtc-2026-2028")
    assert "2026–2028" in page.inner_text("#programme")
    assert page.locator("#aims li").count() >= 1
    top = page.evaluate("document.querySelector('#programme').getBoundingClientRect().top")
    assert top < page.evaluate("document.querySelector('#evidence').getBoundingClientRect().top")
    assert not HASH.search(page.inner_text("main")), "supporting claims are quoted, not named by hash"


def test_the_commission_lists_its_meetings_and_their_chairs(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/id/mtc-commission")
    assert "30 January (year not stated)" in page.inner_text("#meetings")
    page.click("#meetings a.chair")
    page.wait_for_url("**/id/putin")


@pytest.mark.parametrize(
    ("entity", "label", "claims"),
    [
        ("mikheev", "Mikheev", "the order backlog for Russian arms exports"),
        ("mtc-commission", "Commission on Military and Technical Cooperation", None),
        ("federal-project-mtc-2026-2028", "Development of military-technical cooperation", None),
    ],
)
def test_show_in_the_network_draws_an_entity_without_relations_alone_with_its_claims(
    live_server: LiveServer, browser_page: Any, entity: str, label: str, claims: str | None
) -> None:
    """Issue 17 point 5: no "No entity called …", no 404 — the node alone, its claims in the panel."""
    page = browser_page
    page.goto(live_server.url + f"/id/{entity}")
    assert "shown alone" in page.inner_text("#network-alone")
    page.click("#network-link")
    page.wait_for_url(f"**/network?focus={entity}")
    page.wait_for_selector(f"body[data-alone='{entity}']", state="attached", timeout=30_000)
    page.wait_for_selector("#nw-panel[data-state='ready']", state="attached", timeout=30_000)
    assert page.evaluate("window.dtkgNetwork.cy.nodes().map(n => n.id())") == [entity]
    assert page.evaluate("window.dtkgNetwork.cy.nodes(':selected').map(n => n.id())") == [entity]
    assert "No entity called" not in page.inner_text("#nw-status")
    assert "shown alone" in page.inner_text("#nw-status")
    panel = page.inner_text("#nw-panel")
    assert label in panel
    said = page.locator("#nw-panel li.nw-claim")
    expected = len(httpx.get(live_server.url + f"/api/network/nodes/{entity}", timeout=30).json()["claims"])
    assert said.count() == expected
    if claims is not None:
        assert claims in panel
        assert said.count() >= 1
    assert not HASH.search(panel), "claims are quoted, not named by hash"


def test_an_entity_with_relations_links_to_itself_in_the_whole_network(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/id/rosoboronexport")
    assert page.locator("#network-alone").count() == 0
    page.click("#network-link")
    page.wait_for_url("**/network?focus=rosoboronexport")
    page.wait_for_selector("#nw-panel[data-state='ready']", state="attached", timeout=30_000)
    assert page.evaluate("window.dtkgNetwork.cy.nodes().length") > 1
    assert page.evaluate("document.body.dataset.alone") is None


def test_type_badges_open_the_readable_ontology_entry(live_server: LiveServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/id/rosoboronexport")
    page.click("a.pill.type:text('StateIntermediary')")
    page.wait_for_url("**/ontology#StateIntermediary")
    entry = page.locator("#StateIntermediary + dd")
    assert "arms export" in entry.inner_text()
    page.click("#StateIntermediary + dd a[href='#Company']")
    assert page.evaluate("location.hash") == "#Company"
    anchors = set(page.eval_on_selector_all("dl.terms dt", "ds => ds.map(d => d.id)"))
    assert {"Claim", "Figure", "partnerRegion", "FederalProject"} <= anchors
    assert screenshots(page, "ontology")[400] == 0
