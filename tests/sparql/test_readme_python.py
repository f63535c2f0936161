"""The README's Python snippet (SPARQLWrapper and rdflib's SPARQLStore) runs as written against a real server."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from tests.conftest import ROOT, LiveServer

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- sparql -->", 1)[1].split("\n## ", 1)[0]
SNIPPETS = re.findall(r"```python\n(.*?)```", SECTION, flags=re.S)


def test_the_section_has_a_python_snippet_for_both_clients() -> None:
    assert len(SNIPPETS) == 1
    assert "SPARQLWrapper" in SNIPPETS[0] and "SPARQLStore" in SNIPPETS[0] and "DESCRIBE" in SNIPPETS[0]


@pytest.mark.server
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser, about itself
def test_python_snippet_runs_as_written(live_server: LiveServer) -> None:
    code = SNIPPETS[0].replace("http://127.0.0.1:8000", live_server.url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example, on purpose
    lines = out.getvalue().splitlines()
    assert "Rosoboronexport" in lines[0]
    assert lines[1] == "True"
    count, _, rest = lines[2].partition(" ")
    assert int(count) > 0 and rest == "triples about Mikheev"
