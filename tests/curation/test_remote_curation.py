"""`dtkg build`, `dtkg add`, `dtkg revert` and the write API on the remote backends (Oxigraph server, Virtuoso).

The same validate-then-commit guarantees as on the embedded store: a refused
change writes nothing (the store's fingerprint is unchanged), a committed
change is whole, and its revert gives the data back exactly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import curation
from graph.store import OxigraphStore, RemoteStore, Store
from tests.conftest import ROOT, ServerFactory, virtuoso_store
from tests.curation.test_curation_api import AUTH, SAMPLE, TOKEN, TRIG, bad_span_sample
from tests.support.servers import oxigraph_server
from tests.support.virtuoso import VirtuosoServer


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    """An empty remote store and the DTKG_* settings that reach it (the lock file in a private folder)."""
    settings = {"DTKG_STORE": str(tmp_path / "var" / "store")}
    if request.param == "oxigraph":
        with oxigraph_server(tmp_path / "oxigraph") as server:
            store: Store = RemoteStore(server.url + "/query")
            yield store, {**settings, "DTKG_ENDPOINT": server.url + "/query"}
            store.close()
    else:
        v_server: VirtuosoServer = request.getfixturevalue("virtuoso")
        store = virtuoso_store(v_server)
        store.replace_all([])
        yield store, {**settings, **v_server.env}
        store.close()


def dtkg(settings: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DTKG_")}, **settings}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_build_add_refuse_and_revert_through_the_cli(
    remote: tuple[Store, dict[str, str]], built_store: OxigraphStore, tmp_path: Path
) -> None:
    store, settings = remote
    assert dtkg(settings, "build").returncode == 0
    assert store.count() == built_store.count()
    before = curation.data_fingerprint(store)

    bad = tmp_path / "bad.trig"
    bad.write_text(bad_span_sample(), encoding="utf-8")
    refused = dtkg(settings, "add", str(bad), "-m", "bad span")
    assert refused.returncode == 1 and "S16" in refused.stdout + refused.stderr
    assert curation.data_fingerprint(store) == before and curation.list_changes(store)[1] == 0  # nothing written

    added = dtkg(settings, "add", str(SAMPLE), "-m", "Add the sample", "--author", "alice")
    assert added.returncode == 0, added.stderr
    change_id = added.stdout.split()[0]
    change = curation.get_change(store, change_id)
    quads, _ = curation.change_quads(store, change_id)
    assert change.added == len(quads) > 0 and set(quads) <= set(store.quads())  # whole

    reverted = dtkg(settings, "revert", change_id)
    assert reverted.returncode == 0, reverted.stderr
    assert curation.data_fingerprint(store) == before


def test_write_api_commits_whole_and_refuses_without_writing(
    remote: tuple[Store, dict[str, str]], built_store: OxigraphStore, start_server: ServerFactory
) -> None:
    store, settings = remote
    store.replace_all(built_store.quads())
    server = start_server({**settings, "DTKG_WRITE_TOKEN": f"alice:{TOKEN}"})
    before = store.fingerprint()
    with server.client() as client:
        refused = client.post("/api/changes", content=bad_span_sample().encode(), headers={**AUTH, **TRIG})
        assert refused.status_code == 422
        assert store.fingerprint() == before
        created = client.post("/api/changes", content=SAMPLE.read_bytes(), headers={**AUTH, **TRIG})
        assert created.status_code == 201, created.text
        change_id = created.json()["id"]
        quads, _ = curation.change_quads(store, change_id)
        assert set(quads) <= set(store.quads())
        undone = client.delete(f"/api/changes/{change_id}", headers=AUTH)
        assert undone.status_code in (200, 201), undone.text
        assert client.get("/api/changes").json()["total"] == 2
