"""Store fixtures: every store test runs on each backend, the remote one a real ``oxigraph serve``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import OxigraphStore, RemoteStore, Store
from tests.conftest import oxigraph_server_at, virtuoso_store


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port; yields its query URL."""
    with oxigraph_server_at(tmp_path / "remote") as url:
        yield url


@pytest.fixture(params=["embedded", "memory", "remote", "virtuoso"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    kind = request.param
    if kind == "embedded":
        s: Store = OxigraphStore(tmp_path / "store")
    elif kind == "memory":
        s = OxigraphStore(None)
    elif kind == "remote":
        s = RemoteStore(request.getfixturevalue("oxigraph_server"))
    else:  # one server per session: start each test from an empty store
        s = virtuoso_store(request.getfixturevalue("virtuoso"))
        s.replace_all([])
    yield s
    s.close()
