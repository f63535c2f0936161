"""Each concept has one home: a second table of media types, a namespace spelt out, or a date reader fails here.

These concepts each existed two or three times and the copies disagreed (issue 11).
``graph/validation/`` is left out while issue 13 restructures it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = sorted(
    p for folder in ("graph", "api") for p in (ROOT / folder).rglob("*.py") if "validation" not in p.parts
)

HOMES = {
    "RDF media types": (
        r'"(text/turtle|application/n-quads|application/trig|application/ld\+json|application/n-triples|'
        r'application/rdf\+xml)"',
        {"graph/rdf/formats.py", "api/models.py"},  # models: OpenAPI examples only
    ),
    "namespace IRIs": (
        r'"https?://(www\.w3\.org/(1999/02|2000/01|2001/XMLSchema|2002/07|2004/02|2006/time)|www\.w3\.org/ns/'
        r'(prov|org|oa|sparql-service)|schema\.org/|xmlns\.com/foaf|w3id\.org/dtkg)',
        {"graph/vocab.py", "api/models.py"},
    ),
    "prefix tables": (r"^\s*(PREFIXES|[A-Z_]*_PREFIXES)\s*[:=]", {"graph/vocab.py"}),
    "compact()": (r"^def compact\(", {"graph/vocab.py"}),
    "Accept parsing": (r"def (negotiate|_accept_items)\(", {"graph/sparql/protocol.py"}),
    "request body reading": (r"request\.stream\(\)", {"api/bodies.py"}),
    "calendar arithmetic": (r"^import calendar|monthrange\(", {"graph/model/dates.py"}),
    "sorted N-Quads hashing": (r'str\(q\) \+ " \.\\n"', {"graph/rdf/canonical.py"}),
}


@pytest.mark.parametrize("concept", sorted(HOMES))
def test_one_home(concept: str) -> None:
    pattern, homes = HOMES[concept]
    found = {
        str(path.relative_to(ROOT))
        for path in SOURCES
        if re.search(pattern, path.read_text(encoding="utf-8"), re.M)
    }
    assert found <= homes, f"{concept} outside {sorted(homes)}: {sorted(found - homes)}"
    assert found, f"{concept}: the home itself no longer matches; update the pattern"


def test_the_scan_sees_the_code() -> None:
    assert Path(ROOT / "graph" / "rdf" / "formats.py") in SOURCES
