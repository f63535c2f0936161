"""Headless Chromium for page tests: the ``browser_page`` fixture and the off-machine guard.

``browser_page`` launches the system Chromium (``/usr/bin/chromium``, from Debian's
``chromium`` package, installed by ``.ci/install-system-deps``) through Playwright,
never a browser that Playwright downloads, and yields a Playwright ``Page``. It
skips with the reason when Chromium or the ``playwright`` package is missing.

Nothing may leave the machine: the browser resolves no host but 127.0.0.1 and
localhost (``--host-resolver-rules``), and every request URL the page makes is
recorded, so a test can assert none was meant for elsewhere::

    def test_x(browser_page, browser_requests):
        browser_page.goto(url)
        ...
        browser_requests.assert_local()

On teardown a screenshot of the page goes to ``tests/artifacts/<test>.png``
(git-ignored), pass or fail.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Schemes that never touch the network.
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome", "chrome-error", "devtools"})
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces: any other host (IP literals too) fails to resolve, so nothing is sent.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1400, "height": 900}

_REQUESTS = pytest.StashKey["RequestLog"]()


def is_local(url: str) -> bool:
    """True for a URL served from this machine (127.0.0.1, localhost, ::1) or one with no network at all."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname in LOCAL_HOSTS


def offsite(urls: Iterable[str]) -> list[str]:
    """The URLs, in order, that would leave the machine."""
    return [url for url in urls if not is_local(url)]


def assert_local(urls: Iterable[str]) -> None:
    """Fail naming every URL that was not for 127.0.0.1/localhost."""
    away = offsite(urls)
    assert not away, f"{len(away)} request(s) tried to leave 127.0.0.1/localhost: {away}"


@dataclass
class RequestLog:
    """Every URL the browser context requested, in order (including ones that failed)."""

    urls: list[str] = field(default_factory=list)

    def offsite(self) -> list[str]:
        return offsite(self.urls)

    def assert_local(self) -> None:
        assert_local(self.urls)


def artifact_name(nodeid: str) -> str:
    """``tests/browser/test_x.py::test_y[/a b]`` -> ``test_x__test_y-_a_b``: a safe file stem."""
    path, _, name = nodeid.partition("::")
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    name = name.replace("::", "__").replace("[", "-").rstrip("]")
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{stem}__{name}").strip("_")[:150]


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A Playwright page in the system headless Chromium; requests recorded, screenshot on teardown."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (run .ci/install-system-deps: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"playwright is not importable ({exc}); install the test extras: pip install -e '.[test]'")
    log = RequestLog()
    request.node.stash[_REQUESTS] = log
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
            context.on("request", lambda req: log.urls.append(req.url))
            page = context.new_page()
            try:
                yield page
            finally:
                _screenshot(page, request.node.nodeid)
                context.close()
        finally:
            browser.close()


@pytest.fixture
def browser_requests(browser_page: Any, request: pytest.FixtureRequest) -> RequestLog:
    """The URLs ``browser_page`` (and any popup of its context) requested; ``.assert_local()`` checks them."""
    return request.node.stash[_REQUESTS]


def _screenshot(page: Any, nodeid: str) -> None:
    """Best effort: a closed or crashed page must not turn a teardown into an error."""
    if page.is_closed():
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{artifact_name(nodeid)}.png"
    try:
        page.screenshot(path=str(target), full_page=True, timeout=10_000)
    except Exception as exc:  # the test's own outcome matters more than its picture
        target.with_suffix(".txt").write_text(f"no screenshot: {exc}\n", encoding="utf-8")


WIDTHS = (1366, 400)
"""A laptop and a narrow phone-sized window: every page is photographed at both."""


def overflow_x(page: Any) -> int:
    """How many pixels the document is wider than the window (0: no sideways scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def screenshots(page: Any, name: str) -> dict[int, int]:
    """Full-page screenshots at :data:`WIDTHS` into ``tests/artifacts/<name>-<width>.png``; sideways overflow per width.

    The page is re-measured at each width (the height follows the content), and
    the caller asserts on the overflow, so a narrow-window regression fails a test
    rather than only showing in a picture.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    overflow = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # let layout settle after the resize: scripts (the network canvas) re-fit on a debounced
        # resize event, later on a loaded machine; an overflow that lasts 5 s is a real one
        deadline = time.monotonic() + 5
        page.wait_for_timeout(400)  # the network canvas re-fits 150 ms after the last resize (api/static/network.js)
        while (found := overflow_x(page)) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        overflow[width] = found
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        if width == WIDTHS[0]:  # the first screen, as a README picture
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-top.png"))
    page.set_viewport_size(VIEWPORT)
    return overflow
