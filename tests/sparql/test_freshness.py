"""The query workers hold read-only snapshots of the store; a committed curation change shows at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ServerFactory


@pytest.mark.server
def test_sparql_sees_a_curation_write_at_once(start_server: ServerFactory, built_store_path: Path, tmp_path: Path) -> None:
    from tests.conftest import ROOT

    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy, ignore=shutil.ignore_patterns("LOCK"))
    token = "curator:sparql-test-token"
    server = start_server({"DTKG_STORE": str(copy), "DTKG_ENDPOINT": "", "DTKG_WRITE_TOKEN": token})
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    with server.client() as client:
        before = int(client.get("/sparql", params=count).json()["results"]["bindings"][0]["n"]["value"])
        change = client.post(
            "/api/changes",
            content=(ROOT / "examples" / "sample-change.trig").read_bytes(),
            headers={"Authorization": "Bearer sparql-test-token", "Content-Type": "application/trig"},
        )
        assert change.status_code == 201, change.text
        after = int(client.get("/sparql", params=count).json()["results"]["bindings"][0]["n"]["value"])
        graph = change.json()["graph"]
        in_graph = client.get("/sparql", params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}).json()["boolean"]
        assert after == client.get("/health").json()["triples"]
    assert after > before
    assert in_graph is True
