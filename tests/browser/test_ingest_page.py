"""The /ingest page in headless Chromium: paste an article, edit claims, commit, and the claims answer in /api/claims."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, ServerFactory

pytestmark = [pytest.mark.browser, pytest.mark.server]

ARTICLE = (ROOT / "examples" / "articles" / "northwind-frigates.txt").read_text(encoding="utf-8")
TOKEN = "change-me-please"

SELECT_TEXT = """(needle) => {
  const article = document.getElementById('ig-article');
  for (const seg of article.querySelectorAll('.ig-seg')) {
    const at = seg.textContent.indexOf(needle);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(seg.firstChild, at);
    range.setEnd(seg.firstChild, at + needle.length);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return true;
  }
  return false;
}"""


@pytest.fixture
def server(built_store_path: Path, tmp_path: Path, start_server: ServerFactory) -> Any:
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    return start_server({"DTKG_STORE": str(store), "DTKG_WRITE_TOKEN": f"alice:{TOKEN}"})


def test_paste_edit_commit_and_the_claims_answer(server: Any, browser_page: Any, browser_requests: Any) -> None:
    page = browser_page
    page.goto(server.url + "/ingest")
    page.fill("#ig-text", ARTICLE)
    page.fill("#ig-title", "Northwind wins frigate order")
    page.click("#ig-draft")
    page.wait_for_selector(".ig-claim")
    drafted = page.locator(".ig-claim").count()
    assert drafted == 9
    assert page.locator("#ig-article mark").count() == drafted

    backlog = page.locator(".ig-claim", has_text="the order backlog now stands")
    backlog.locator(".ig-stance").select_option("opinion")
    deliveries = page.locator(".ig-claim", has_text="deliveries would start next year")
    assert page.evaluate(SELECT_TEXT, "deliveries would start")
    deliveries.locator(".ig-use-selection").click()
    page.locator(".ig-claim").last.locator(".ig-accept").uncheck()
    assert "(8 of 9 accepted)" in page.locator("#ig-count").inner_text()
    relation = page.locator(".ig-relation", has_text="Northwind Dynamics (new) — cooperates with → Vellmark navy (new)")
    assert relation.locator(".ig-relation-accept").is_checked()
    relation.locator(".ig-relation-claim").click()  # shows the claim that states it
    assert "contract to build four frigates" in page.locator(".ig-claim.ig-current blockquote").inner_text()
    assert "(1 of 1 kept)" in page.locator("#ig-relation-count").inner_text()

    page.fill("#ig-token", TOKEN)
    page.click("#ig-commit-button")
    page.wait_for_selector("#ig-page[data-state='committed']", timeout=60_000)
    assert "Committed 8 claims and 1 relations as change" in page.locator("#ig-result").inner_text()
    browser_requests.assert_local()

    with httpx.Client(base_url=server.url, timeout=30) as client:
        source = client.post("/api/ingest", json={"text": ARTICLE, "title": "Northwind wins frigate order"}).json()["source"]["id"]
        claims = client.get("/api/claims", params={"source": source, "limit": 100}).json()
        assert claims["total"] == 8
        texts = {c["text"]: c for c in claims["items"]}
        assert texts["the order backlog now stands at more than $6 billion"]["stance"] == "opinion"
        assert "deliveries would start" in texts
        assert not any(t.startswith("This article is invented") for t in texts)
        edges = client.get("/api/network", params={"focus": "northwind-dynamics"}).json()["edges"]
        (edge,) = [e for e in edges if e["source"] == "northwind-dynamics"]
        assert edge["target"] == "vellmark-navy"
        assert set(edge["claims"].split()) <= {c["id"] for c in claims["items"]}


def test_rejecting_the_claim_drops_its_relation(server: Any, browser_page: Any) -> None:
    page = browser_page
    page.goto(server.url + "/ingest")
    page.fill("#ig-text", ARTICLE)
    page.click("#ig-draft")
    page.wait_for_selector(".ig-relation")
    page.locator(".ig-claim", has_text="contract to build four frigates").locator(".ig-accept").uncheck()
    assert page.locator(".ig-relation-accept").is_disabled()
    assert "(0 of 1 kept)" in page.locator("#ig-relation-count").inner_text()


def test_the_page_fits_a_narrow_window(server: Any, browser_page: Any) -> None:
    page = browser_page
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(server.url + "/ingest")
    page.fill("#ig-text", ARTICLE)
    page.keyboard.press("Tab")
    page.click("#ig-draft")
    page.wait_for_selector(".ig-claim")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
