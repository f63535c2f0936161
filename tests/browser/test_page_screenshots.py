"""Every other page at 1366 px and 400 px: photographed for review, and no sideways scrolling in a narrow window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshots
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "name", "status"),
    [
        ("/downloads/", "downloads", 200),
        ("/docs", "docs", 200),
        ("/?type=Person", "type-list", 200),
        ("/id/no-such-thing", "not-found", 404),
        ("/network?focus=rosoboronexport", "network", 200),
        ("/id/federal-project-mtc-2026-2028", "programme", 200),
        ("/id/mtc-commission", "commission", 200),
    ],
)
def test_page_at_both_widths(live_server: LiveServer, browser_page: Any, path: str, name: str, status: int) -> None:
    response = browser_page.goto(live_server.url + path)
    assert response is not None and response.status == status
    browser_page.wait_for_load_state("networkidle")
    assert screenshots(browser_page, f"page-{name}")[400] == 0
