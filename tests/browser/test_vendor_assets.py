"""The vendor files that ``python -m api.assets`` copied load and work in headless Chromium.

Self-contained: no dtkg app. A tiny static server on 127.0.0.1 (random port,
started and stopped here) serves ``api/static/vendor`` at ``/static/vendor/``,
two throwaway HTML pages, and a fake ``POST /sparql`` with fixed SPARQL JSON
results. Skips when the vendor files are not installed (``make setup``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from api import assets

pytestmark = pytest.mark.browser

N_NODES = 12

# The offline YASGUI configuration the /sparql page uses (see api/assets.py's caller).
YASGUI_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>yasgui</title>
<link rel="stylesheet" href="/static/vendor/yasgui/yasgui.min.css"></head>
<body><div id="yasgui"></div>
<script src="/static/vendor/yasgui/yasgui.min.js"></script>
<script>
  var endpoint = new URL("/sparql", window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  window.yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { prefixCcApi: null, value: "SELECT ?s ?label WHERE { ?s ?p ?label } LIMIT 10" },
    yasr: { prefixes: { dtkg: "https://example.org/id/" } }
  });
</script></body></html>"""

CYTOSCAPE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>cytoscape</title>
<style>#cy { width: 900px; height: 600px; }</style></head>
<body><div id="cy"></div>
<script src="/static/vendor/cytoscape/cytoscape.min.js"></script>
<script src="/static/vendor/layout-base/layout-base.js"></script>
<script src="/static/vendor/cose-base/cose-base.js"></script>
<script src="/static/vendor/cytoscape-fcose/cytoscape-fcose.js"></script>
<script>
  var n = N_NODES, elements = [];
  for (var i = 0; i < n; i++) { elements.push({ data: { id: "n" + i, label: "node " + i } }); }
  for (var j = 1; j < n; j++) { elements.push({ data: { id: "e" + j, source: "n" + Math.floor((j - 1) / 3), target: "n" + j } }); }
  window.cy = cytoscape({ container: document.getElementById("cy"), elements: elements,
    style: [{ selector: "node", style: { label: "data(label)", "background-color": "#36c" } }] });
  var layout = window.cy.layout({ name: "fcose", animate: false, randomize: true });
  layout.one("layoutstop", function () { document.body.dataset.state = "ready"; });
  layout.run();
</script></body></html>""".replace("N_NODES", str(N_NODES))

PAGES = {"/yasgui.html": YASGUI_PAGE, "/cytoscape.html": CYTOSCAPE_PAGE}
RESULTS = {
    "head": {"vars": ["s", "label"]},
    "results": {
        "bindings": [
            {"s": {"type": "uri", "value": "https://example.org/id/a"}, "label": {"type": "literal", "value": "Alpha"}},
            {"s": {"type": "uri", "value": "https://example.org/id/b"}, "label": {"type": "literal", "value": "Beta"}},
        ]
    },
}


class Handler(SimpleHTTPRequestHandler):
    """``/static/vendor/*`` from the vendor dir, the pages above, and a fake SPARQL endpoint."""

    queries: list[str]

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in PAGES:
            self._send(PAGES[path].encode(), "text/html; charset=utf-8")
        elif path.startswith(assets.URL_PREFIX):
            self.path = "/" + self.path[len(assets.URL_PREFIX) :]
            super().do_GET()
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.queries.append(self.rfile.read(length).decode())
        if self.path.split("?", 1)[0] != "/sparql":
            self.send_error(404)
            return
        self._send(json.dumps(RESULTS).encode(), "application/sparql-results+json")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def vendor_server() -> Iterator[tuple[str, list[str]]]:
    """``(base URL, SPARQL queries received)`` of a static server on 127.0.0.1, stopped afterwards."""
    missing = assets.missing()
    if missing:
        pytest.skip(
            f"vendor files not installed in {assets.vendor_dir()} ({', '.join(missing)}): run `npm ci && python -m api.assets` (make setup)"
        )
    queries: list[str] = []
    handler = partial(type("H", (Handler,), {"queries": queries}), directory=str(assets.vendor_dir()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="vendor-static", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", queries
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_cytoscape_and_fcose_draw_nodes(
    vendor_server: tuple[str, list[str]], browser_page: Any, browser_requests: Any
) -> None:
    base, _ = vendor_server
    errors: list[str] = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_page.goto(base + "/cytoscape.html")
    # a selector, not wait_for_function: Playwright evaluates string predicates with eval, which the page's CSP refuses
    browser_page.wait_for_selector("body[data-state='ready']", state="attached", timeout=30_000)

    assert browser_page.evaluate("!!cytoscape('layout', 'fcose')")
    assert browser_page.evaluate("cy.nodes().length") == N_NODES
    positions = browser_page.evaluate("cy.nodes().map(n => [Math.round(n.position('x')), Math.round(n.position('y'))])")
    assert len({tuple(p) for p in positions}) == N_NODES, "fcose left nodes on top of each other"
    # Something was painted on the canvas (not a blank container).
    assert browser_page.evaluate("document.querySelectorAll('#cy canvas').length") > 0
    assert errors == []
    browser_requests.assert_local()
    assert any(url.endswith("/static/vendor/cytoscape-fcose/cytoscape-fcose.js") for url in browser_requests.urls)


def test_yasgui_editor_query_and_prefix_completion(
    vendor_server: tuple[str, list[str]], browser_page: Any, browser_requests: Any
) -> None:
    base, queries = vendor_server
    errors: list[str] = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_page.goto(base + "/yasgui.html")
    browser_page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)

    tab = "window.yasgui.getTab()"
    assert browser_page.evaluate(f"{tab}.getEndpoint()") == base + "/sparql"
    assert browser_page.evaluate(f"Object.keys({tab}.getYasqe().autocompleters).sort()") == ["prefixes", "variables"]
    assert browser_page.locator(".CodeMirror .cm-keyword").count() > 0  # syntax highlighting

    # Prefix autocompletion from YASQE's bundled prefix list (no prefix.cc, no LOV).
    browser_page.evaluate(f"(() => {{ const y = {tab}.getYasqe(); y.getDoc().setValue(''); y.focus(); }})()")
    browser_page.keyboard.type("PREFIX foa")
    browser_page.keyboard.press("Control+Space")
    browser_page.wait_for_selector(".CodeMirror-hints li", timeout=10_000)
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate(f"{tab}.getYasqe().getDoc().getLine(0)") == "PREFIX foaf: <http://xmlns.com/foaf/0.1/>"

    # Run a query against the local endpoint and get the result table.
    browser_page.evaluate(f"{tab}.getYasqe().getDoc().setValue('SELECT ?s ?label WHERE {{ ?s ?p ?label }} LIMIT 10')")
    browser_page.click(".yasqe_queryButton")
    browser_page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    assert browser_page.locator(".yasr table tbody tr").count() == 2
    assert len(queries) == 1 and "LIMIT+10" in queries[0]
    assert errors == []
    browser_requests.assert_local()
