"""Fixtures for the REST API tests: an HTTP client on a read-only server, once per backend.

The hostile-input tests start their own writable server (``writable_server``)
on a copy of the built store, so that "the store did not change" is checked on
a store the server could have written to.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from graph.model import snapshot
from graph.store import OxigraphStore, RemoteStore
from tests.conftest import load_built, virtuoso_store
from tests.support.servers import LiveServer, dtkg_server, oxigraph_server
from tests.support.virtuoso import VirtuosoServer


@pytest.fixture(scope="session")
def oxigraph_api_server(built_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A read-only dtkg server on a real ``oxigraph serve`` holding the curated graph."""
    with oxigraph_server(tmp_path_factory.mktemp("api-oxigraph") / "store") as remote:
        store = RemoteStore(remote.url + "/query")
        store.replace_all(built_store.quads())
        store.close()
        with _dtkg_server({"DTKG_ENDPOINT": remote.url + "/query"}, tmp_path_factory) as server:
            yield server


@pytest.fixture(scope="session")
def virtuoso_api_server(virtuoso: VirtuosoServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A read-only dtkg server on the session's Virtuoso (the curated graph is put back before each test)."""
    with _dtkg_server(virtuoso.env, tmp_path_factory) as server:
        yield server


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def api(request: pytest.FixtureRequest, built_store: OxigraphStore) -> Iterator[httpx.Client]:
    """An HTTP client on a read-only dtkg server, once per backend: embedded, Oxigraph server, Virtuoso."""
    if request.param == "embedded":
        server: LiveServer = request.getfixturevalue("live_server")
    elif request.param == "oxigraph":
        server = request.getfixturevalue("oxigraph_api_server")
    else:
        server = request.getfixturevalue("virtuoso_api_server")
        store = virtuoso_store(request.getfixturevalue("virtuoso"))
        if load_built(store, built_store):
            # the server trusts the store version it read for VERSION_TTL seconds, so a change
            # made behind its back (by this fixture, as by another machine) shows after that
            time.sleep(snapshot.VERSION_TTL + 0.2)
        store.close()
    with server.client() as client:
        yield client


def _dtkg_server(settings: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> AbstractContextManager[LiveServer]:
    return dtkg_server(settings, log=tmp_path_factory.mktemp("api-logs") / "server.log")


@pytest.fixture(scope="module")
def writable_store(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("writable") / "store"
    shutil.copytree(built_store_path, target)
    return target


@pytest.fixture(scope="module")
def writable_server(writable_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server that opens its store for writing (a write token is set); its log goes to a file."""
    settings = {"DTKG_STORE": str(writable_store), "DTKG_WRITE_TOKEN": "tester:not-a-real-secret"}
    with dtkg_server(settings, log=tmp_path_factory.mktemp("logs") / "server.log") as server:
        yield server
