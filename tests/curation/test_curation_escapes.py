r"""Escape smuggling over HTTP (issue 12, fault 1): ``\u`` escapes hide no LOAD, SERVICE, WITH or USING.

Each case is sent to ``POST /api/changes``, ``POST /sparql`` (update as the
body) and ``POST /sparql`` (``update=`` form) with a valid write token; a
loopback canary must see no connection, and whatever was committed is what
the gate read (strings, not operations). Queries with the same tricks go to
the public ``/sparql`` without a token.
"""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import LiveServer
from tests.curation.conftest import AUTH
from tests.sparql.conftest import Canary

pytestmark = pytest.mark.server

ENTITIES = "https://w3id.org/dtkg/graph/entities"
SUBJECT = "<https://w3id.org/dtkg/id/rosoboronexport>"
NOTE = "<http://www.w3.org/2004/02/skos/core#note>"


def insert(literal_open: str, literal_close: str, code: str) -> str:
    """One INSERT DATA of three notes to a §19.2 reader; ``code`` between two INSERTs to a token-level reader."""
    return (
        f'INSERT DATA {{ GRAPH <{ENTITIES}> {{ {SUBJECT} {NOTE} "a{literal_open} , " }} }} ; {code} ; '
        f'INSERT DATA {{ GRAPH <{ENTITIES}> {{ {SUBJECT} {NOTE} " , {literal_close}" }} }}'
    )


UPDATES = {
    "load-u0022": lambda url: insert(r"\u0022", r"\u0022", f"LOAD <{url}x> INTO GRAPH <{ENTITIES}>"),
    "load-U00000022": lambda url: insert(r"\U00000022", r"\U00000022", f"LOAD <{url}x> INTO GRAPH <{ENTITIES}>"),
    "service-u0022": lambda url: insert(
        r"\u0022", r"\u0022", f"INSERT {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    ),
    "load-keyword": lambda url: rf"\u004COAD <{url}x> INTO GRAPH <{ENTITIES}>",
    "load-iri": lambda url: rf"LOAD <http\u003A//127.0.0.1:{url.rsplit(':', 1)[1]}x> INTO GRAPH <{ENTITIES}>",
    "load-after-comment": lambda url: f"INSERT DATA {{ GRAPH <{ENTITIES}> {{ {SUBJECT} {NOTE} 'x' }} }} "
    + f"# \\u000A ; LOAD <{url}x> INTO GRAPH <{ENTITIES}>\n",
    "with": lambda url: rf"\u0057ITH <{url}g> INSERT {{ {SUBJECT} {NOTE} 'w' }} WHERE {{ }}",
    "using": lambda url: rf"INSERT {{ GRAPH <{ENTITIES}> {{ {SUBJECT} {NOTE} ?o }} }} \u0055SING <{url}g> WHERE {{ ?s ?p ?o }}",
    "using-named": lambda url: (
        rf"INSERT {{ GRAPH <{ENTITIES}> {{ {SUBJECT} {NOTE} ?o }} }} USING \u004EAMED <{url}g> "
        "WHERE { GRAPH ?g { ?s ?p ?o } }"
    ),
}


def send(client: httpx.Client, route: str, text: str) -> httpx.Response:
    if route == "changes":
        return client.post("/api/changes", content=text.encode(), headers={**AUTH, "Content-Type": "application/sparql-update"})
    if route == "sparql-body":
        return client.post("/sparql", content=text.encode(), headers={**AUTH, "Content-Type": "application/sparql-update"})
    return client.post("/sparql", data={"update": text}, headers=AUTH)


def notes(client: httpx.Client) -> set[str]:
    query = f"SELECT ?n WHERE {{ {SUBJECT} {NOTE} ?n }}"
    return {r["n"]["value"] for r in client.post("/sparql", data={"query": query}).json()["results"]["bindings"]}


@pytest.mark.parametrize("route", ["changes", "sparql-body", "sparql-form"])
@pytest.mark.parametrize("case", sorted(UPDATES))
def test_smuggled_update_operations_never_run(module_writer: LiveServer, canary: Canary, route: str, case: str) -> None:
    text = UPDATES[case](canary.url)
    with module_writer.client() as client:
        response = send(client, route, text)
        assert response.status_code < 500, response.text
        if response.status_code == 201:
            # Committed: then exactly what the gate read, three strings, one of them the would-be operation.
            assert any("LOAD" in n or "SERVICE" in n for n in notes(client)) or case == "load-after-comment"
            graphs = {q.split()[-2] for q in client.get(f"/api/changes/{response.json()['id']}").json()["added_quads"]}
            assert not any(str(canary.port) in g for g in graphs)
    time.sleep(0.2)
    assert canary.connections == []


QUERIES = {
    "service-in-values": r'SELECT * WHERE {{ VALUES ?x {{ "a\u0022 "}} SERVICE <{url}> {{ ?s ?p ?o }} VALUES ?y {{ " \u0022" }} }}',
    "service-keyword": r"SELECT * WHERE {{ \u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "from": r"SELECT * \u0046ROM <{url}x> WHERE {{ ?s ?p ?o }}",
    "from-named": r"SELECT * FROM \u004EAMED <{url}x> WHERE {{ ?s ?p ?o }}",
    "from-iri": r"SELECT * FROM <http\u003A{rest}x> WHERE {{ ?s ?p ?o }}",
}


@pytest.mark.parametrize("case", sorted(QUERIES))
def test_smuggled_query_parts_never_run(live_server: LiveServer, canary: Canary, case: str) -> None:
    query = QUERIES[case].format(url=canary.url, rest=canary.url[len("http:"):])
    with live_server.client() as client:
        response = client.post("/sparql", data={"query": query})
    assert response.status_code in (200, 400), response.text
    time.sleep(0.2)
    assert canary.connections == []
