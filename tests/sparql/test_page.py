"""The query page without the vendor files still renders, says how to install them, and offers a plain form."""

from __future__ import annotations

from api.templating import TEMPLATES
from graph.vocab import PREFIXES


def test_page_without_yasgui_explains_make_setup() -> None:
    html = TEMPLATES.get_template("sparql.html").render(
        examples=[{"name": "graph-sizes", "title": "Triples per named graph", "summary": "s", "query": "SELECT * WHERE { ?s ?p ?o }"}],
        scripts=["/static/vendor/yasgui/yasgui.min.js"],
        styles=["/static/vendor/yasgui/yasgui.min.css"],
        missing=["yasgui/yasgui.min.js"],
        prefixes=PREFIXES,
        timeout=10.0,
        result_limit=10000,
    )
    assert "make setup" in html
    assert '<form class="sq-plain" method="get" action="/sparql">' in html
    assert "<script src=" not in html
