"""Fixtures for the REST API tests: an HTTP client on the shared live server.

The hostile-input tests start their own writable server (``writable_server``)
on a copy of the built store, so that "the store did not change" is checked on
a store the server could have written to.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.servers import LiveServer, dtkg_server


@pytest.fixture(scope="session")
def api(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as client:
        yield client


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
