"""Entity pages in headless Chromium: quotes instead of hashes, each sentence once with its facts."""

from __future__ import annotations

import re
from typing import Any

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
