"""How fast the /ingest page responds to an edit: median time of a stance change, re-render included.

A real ``dtkg serve`` on a store built from the curated data, the system
Chromium through Playwright (as the browser tests use it), the 1,000-word
article drafted once; then each edit is timed inside the page with
``performance.now()`` around the change event, whose handler re-renders the
claim card and the highlighted article synchronously.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
EDIT = """() => {
  const select = document.querySelector('.ig-claim .ig-stance');
  select.value = select.value === 'opinion' ? 'forecast' : 'opinion';
  const start = performance.now();
  select.dispatchEvent(new Event('change'));
  return performance.now() - start;
}"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def edit_latency(article: str, edits: int = 30) -> dict[str, Any] | None:
    """Median milliseconds per edit, or None when Chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        env = {**os.environ, "DTKG_STORE": str(store)}
        subprocess.run([sys.executable, "-m", "api.cli", "build", "--quiet"], cwd=ROOT, env=env, check=True, capture_output=True)
        port = _port()
        server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    httpx.get(url + "/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(url + "/ingest")
                page.fill("#ig-text", article)
                page.click("#ig-draft")
                page.wait_for_selector(".ig-claim", timeout=60_000)
                claims = page.locator(".ig-claim").count()
                page.evaluate(EDIT)  # warm-up
                times = [page.evaluate(EDIT) for _ in range(edits)]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return {"median_ms": statistics.median(times), "edits": edits, "claims": claims}
