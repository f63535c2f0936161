"""Shared fixtures.

Fixture policy: use the smallest data that shows the point. Unit tests build
tiny graphs inline; tests about the curated graph share one store built once per
session (``built_store_path``); tests about HTTP start a real uvicorn process on
127.0.0.1 (``live_server``) and stop it afterwards. Nothing here mocks a store.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from graph.build import build
from graph.store import OxigraphStore, Store, VirtuosoStore
from tests.support.servers import LiveServer, dtkg_server, free_port, oxigraph_binary, oxigraph_server
from tests.support.virtuoso import PASSWORD, USER, VirtuosoServer, virtuoso_server

__all__ = ["ROOT", "LiveServer", "ServerFactory", "free_port"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@contextmanager
def oxigraph_server_at(location: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` over ``location``; yields its query URL (skips where the binary is absent)."""
    if oxigraph_binary() is None:
        pytest.skip("the 'oxigraph' server binary (PyPI package oxigraph) is not installed")
    with oxigraph_server(location) as server:
        yield server.url + "/query"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One real Virtuoso for the whole session (starting one takes seconds); tests clear what they use."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def virtuoso_store(server: VirtuosoServer, **kwargs: float) -> VirtuosoStore:
    """A dtkg store on ``server`` with the README's settings (updates via /sparql-auth, Digest)."""
    return VirtuosoStore(server.query_url, update_url=server.update_url, user=USER, password=PASSWORD, **kwargs)  # type: ignore[arg-type]  # timeouts only


def load_built(store: Store, built: OxigraphStore) -> bool:
    """Give a session's remote store the curated graph again if another test left other content there.

    Says whether it had to (the same count and named graphs are taken as the same content).
    """
    if store.count() == built.count() and set(store.named_graphs()) == set(built.named_graphs()):
        return False
    store.replace_all(built.quads())
    return True


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the shipped ontology and curated data, closed so servers can open it."""
    path = tmp_path_factory.mktemp("built") / "store"
    store = OxigraphStore(path)
    build(store)
    store.close()
    return path


@pytest.fixture(scope="session")
def built_store(built_store_path: Path) -> Iterator[OxigraphStore]:
    """The built store opened read-only (many readers may share it)."""
    store = OxigraphStore(built_store_path, read_only=True)
    yield store
    store.close()


ServerFactory = Callable[..., LiveServer]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start ``dtkg serve`` (uvicorn) on a free loopback port with the given DTKG_* settings."""
    numbers = itertools.count(1)
    with ExitStack() as running:

        def start(env: Mapping[str, str]) -> LiveServer:
            return running.enter_context(dtkg_server(env, log=tmp_path / f"server-{next(numbers)}.log"))

        yield start


@pytest.fixture(scope="session")
def live_server(built_store_path: Path) -> Iterator[LiveServer]:
    """One read-only server over the built curated graph, shared by the whole session."""
    with dtkg_server({"DTKG_STORE": str(built_store_path)}, log=built_store_path.parent / "live-server.log") as server:
        yield server


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (W3C test suites); tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a user's clone): the W3C suites live there")
    return SHARED
