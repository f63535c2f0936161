"""The pages work under their Content-Security-Policy: the browser reports no violation (issue 12, fault 9)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.browser
PAGES = ["/", "/sparql", "/network", "/docs", "/id/rosoboronexport"]


@pytest.mark.parametrize("path", PAGES)
def test_no_csp_violation(browser_page: Any, live_server: LiveServer, path: str) -> None:
    violations: list[str] = []
    browser_page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    browser_page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    browser_page.goto(live_server.url + path, wait_until="networkidle")
    assert browser_page.evaluate("window.__csp") == []
    assert violations == []
