"""Fixtures for the named-query catalogue.

Fixture policy: use the smallest data that shows the point. The catalogue's
answers are checked on the curated graph (``built_store`` from the top-level
conftest) and, copied once per session, on a real ``oxigraph serve`` process,
so a query that only works on the embedded store fails here. The
``-violation.rq`` checks are shown to fire on the tiny files in
``tests/queries/violations/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.store import OxigraphStore, RemoteStore, Store
from tests.conftest import load_built, oxigraph_server_at, virtuoso_store
from tests.support.virtuoso import VirtuosoServer


@pytest.fixture(scope="session")
def remote_built_store(built_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    """The curated graph copied into a real Oxigraph server (one per session: loading it is the slow part)."""
    with oxigraph_server_at(tmp_path_factory.mktemp("remote-catalogue")) as url:
        remote = RemoteStore(url)
        remote.replace_all(built_store.quads())
        yield remote
        remote.close()


@pytest.fixture
def virtuoso_built_store(built_store: OxigraphStore, virtuoso: VirtuosoServer) -> Iterator[Store]:
    """The curated graph in the session's Virtuoso, loaded again when another test left other content."""
    store = virtuoso_store(virtuoso)
    load_built(store, built_store)
    yield store
    store.close()


@pytest.fixture(params=["embedded", "remote", "virtuoso"])
def any_built_store(request: pytest.FixtureRequest) -> Store:
    """The curated graph on each backend: the embedded store, a real Oxigraph server and a real Virtuoso."""
    name = {"embedded": "built_store", "remote": "remote_built_store", "virtuoso": "virtuoso_built_store"}[request.param]
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
