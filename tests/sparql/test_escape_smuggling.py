r"""The gate reads exactly what the engine runs: ``\u`` / ``\U`` escapes cannot hide code (issue 12, fault 1).

SPARQL 1.1 §19.2 decodes ``\uXXXX`` and ``\UXXXXXXXX`` in the whole text before
parsing; rdflib (the gate's parser) does, pyoxigraph reads them only inside
tokens. ``"a\u0022 , " . SERVICE <…> {…} ?s ?p " , \u0022"`` was three harmless
strings to the gate and a SERVICE call to the engine. These tests run the
engine on what the gate hands on, with a loopback canary that must see no
connection; the HTTP tests for both write routes are in
``tests/curation/test_curation_escapes.py``.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from graph.errors import BadQuery
from graph.sparql import gate, worker
from graph.store import OxigraphStore
from tests.sparql.conftest import Canary

LOCAL = {"https://w3id.org/dtkg/graph/entities"}

# Every way to write a quote (or quotes) as an escape: each opens/closes a string for the gate but not for Oxigraph.
QUOTES = {
    "u0022": ('"', r"\u0022"),
    "U00000022": ('"', r"\U00000022"),
    "u0027": ("'", r"\u0027"),
    "U00000027": ("'", r"\U00000027"),
}


def breakout(quote: str, escape: str, code: str) -> str:
    """A query that hides ``code`` in strings for a §19.2 reader and shows it to a token-level reader."""
    return f"SELECT * WHERE {{ VALUES ?x {{ {quote}a{escape} {quote}}} {code} VALUES ?y {{ {quote} {escape}{quote} }} }}"


def long_breakout(code: str) -> str:
    return 'SELECT * WHERE { VALUES ?x { """a\\u0022\\u0022\\u0022 """} ' + code + ' VALUES ?y { """ \\u0022\\u0022\\u0022""" } }'


def run_in_engine(text: str) -> None:
    """Gate ``text`` and run what the gate returns in an in-memory Oxigraph (no sandbox, no namespace)."""
    backend = worker._StoreBackend(OxigraphStore(None))
    job = worker.Job(text)
    try:
        worker.execute(backend, job)
    except BadQuery:
        pass  # refused or rejected: fine, as long as nothing reached the network


def settle(canary: Canary) -> list[tuple[str, int]]:
    time.sleep(0.2)  # a connection attempt, had there been one, has landed by now
    return canary.connections


@pytest.mark.parametrize("form", sorted(QUOTES))
def test_service_smuggled_in_a_string_never_runs(canary: Canary, form: str) -> None:
    quote, escape = QUOTES[form]
    run_in_engine(breakout(quote, escape, f"SERVICE <{canary.url}> {{ ?s ?p ?o }}"))
    assert settle(canary) == []


def test_service_smuggled_in_a_long_string_never_runs(canary: Canary) -> None:
    run_in_engine(long_breakout(f"SERVICE <{canary.url}> {{ ?s ?p ?o }}"))
    assert settle(canary) == []


def test_the_engine_gets_the_decoded_text() -> None:
    text = breakout('"', r"\u0022", "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }")
    gated = gate.check(text, local_graphs=LOCAL, max_chars=10_000)
    assert "\\u" not in gated.text
    assert gated.text == text.replace(r"\u0022", '"')


@pytest.mark.parametrize(
    "text",
    [
        r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        r"SELECT * WHERE { SERVICE <http\u003A//127.0.0.1:9/> { ?s ?p ?o } }",
        r"SELECT * WHERE { SERVICE <http://127.0.0.1:9/\u003E { ?s ?p ?o } }",
        r"PREFIX c: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE c:\u0078 { ?s ?p ?o } }",
        "SELECT * WHERE { # a comment \\u000A SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } \n }",
        r"SELECT * WHERE { \U00000053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
    ids=["keyword", "iri-colon", "iri-close", "prefixed-name", "comment-newline", "long-escape-keyword"],
)
def test_escaped_service_is_seen_and_refused(text: str) -> None:
    with pytest.raises(BadQuery) as err:
        gate.check(text, local_graphs=LOCAL, max_chars=10_000)
    assert err.value.extra["refused"] == "SERVICE"


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        (r"SELECT * \u0046ROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", "FROM"),
        (r"SELECT * FROM <http\u003A//127.0.0.1:9/x> WHERE { ?s ?p ?o }", "FROM"),
        (r"SELECT * FROM \u004EAMED <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", "FROM NAMED"),
        ("SELECT * # \\u000A FROM <http://127.0.0.1:9/x>\n WHERE { ?s ?p ?o }", "FROM"),
    ],
    ids=["from-keyword", "from-iri", "from-named", "from-in-comment"],
)
def test_escaped_from_is_seen_and_refused(text: str, keyword: str) -> None:
    with pytest.raises(BadQuery) as err:
        gate.check(text, local_graphs=LOCAL, max_chars=10_000)
    assert err.value.extra["refused"] == keyword


@pytest.mark.parametrize(
    "text",
    [
        r'SELECT * WHERE { BIND("\u005Cu0022" AS ?x) }',  # decodes to an escape: a second pass would differ
        r'SELECT * WHERE { BIND("\U0022" AS ?x) }',  # not an escape by the spec, but rdflib reads it as one
        r'SELECT * WHERE { BIND("\u0000" AS ?x) }',
        r'SELECT * WHERE { BIND("\uD800" AS ?x) }',
        r'SELECT * WHERE { BIND("\U00110000" AS ?x) }',
    ],
    ids=["escape-of-escape", "short-U", "nul", "surrogate", "past-unicode"],
)
def test_escapes_that_read_differently_are_refused(text: str) -> None:
    with pytest.raises(BadQuery):
        gate.check(text, local_graphs=LOCAL, max_chars=10_000)


def test_ordinary_escapes_still_work() -> None:
    text = r'SELECT ?x WHERE { BIND("caf\u00E9 \U0001F600" AS ?x) }'
    gated = gate.check(text, local_graphs=LOCAL, max_chars=10_000)
    rows = list(ox.Store().query(gated.text))
    assert rows[0]["x"].value == "café \U0001f600"


@pytest.mark.parametrize(
    "code",
    ["LOAD <http://127.0.0.1:9/x> INTO GRAPH <https://w3id.org/dtkg/graph/entities>", "SERVICE"],
)
def test_update_gate_returns_the_text_it_read(code: str) -> None:
    text = f'INSERT DATA {{ <urn:a> <urn:b> "a\\u0022 , " }} ; {code} ; INSERT DATA {{ <urn:a> <urn:b> " , \\u0022" }}'
    decoded = gate.check_update(text)
    assert decoded == text.replace(r"\u0022", '"')
    memory = ox.Store()
    memory.update(decoded)  # what the gate read: one INSERT DATA of three strings, no LOAD
    assert len(memory) == 3


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        (r"\u004COAD <http://127.0.0.1:9/x>", "LOAD"),
        (r"LOAD <http\u003A//127.0.0.1:9/x>", "LOAD"),
        (r"INSERT { <urn:a> <urn:b> ?o } WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
        (r"\U00000043LEAR ALL", "CLEAR"),
        ("INSERT DATA { <urn:a> <urn:b> 1 } # \\u000A ; LOAD <http://127.0.0.1:9/x>\n", "LOAD"),
    ],
    ids=["load-keyword", "load-iri", "service", "clear", "load-in-comment"],
)
def test_escaped_update_operations_are_refused(text: str, refused: str) -> None:
    with pytest.raises(BadQuery) as err:
        gate.check_update(text)
    assert refused in err.value.extra["refused"]
