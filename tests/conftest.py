"""Shared fixtures.

Fixture policy: use the smallest data that shows the point. Unit tests build
tiny graphs inline; tests about the curated graph share one store built once per
session (``built_store_path``); tests about HTTP start a real uvicorn process on
127.0.0.1 (``live_server``) and stop it afterwards. Nothing here mocks a store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph.build import build
from graph.store import OxigraphStore, Store, VirtuosoStore
from tests.support.net import free_port
from tests.support.oxigraph import oxigraph_server
from tests.support.process import stop
from tests.support.virtuoso import PASSWORD, USER, VirtuosoServer, virtuoso_server

__all__ = ["free_port", "stop"]  # re-exported: tests import them from here

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def wait_for_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = log.read_text(errors="replace") if log is not None and log.exists() else ""
            raise RuntimeError(f"server exited with {proc.returncode}:\n{out}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout}s")


@contextmanager
def oxigraph_server_at(location: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` (union default graph) on a free loopback port; yields its query URL."""
    with oxigraph_server(location) as server:
        yield server.query_url


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One real Virtuoso for the whole session (starting one takes seconds); tests clear what they use."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def virtuoso_store(server: VirtuosoServer, **kwargs: float) -> VirtuosoStore:
    """A dtkg store on ``server`` with the README's settings (updates via /sparql-auth, Digest)."""
    return VirtuosoStore(server.query_url, update_url=server.update_url, user=USER, password=PASSWORD, **kwargs)  # type: ignore[arg-type]


def load_built(store: Store, built: OxigraphStore) -> None:
    """Give a session's remote store the curated graph again if another test left other content there."""
    if store.count() != built.count():
        store.replace_all(built.quads())


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


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0, **kwargs)  # type: ignore[arg-type]


ServerFactory = Callable[..., LiveServer]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start ``dtkg serve`` (uvicorn) on a free loopback port with the given DTKG_* settings."""
    started: list[LiveServer] = []

    def start(env: Mapping[str, str]) -> LiveServer:
        port = free_port()
        full_env = {**os.environ, "DTKG_HOST": "127.0.0.1", "DTKG_PORT": str(port), **env}
        log = tmp_path / f"server-{port}.log"
        # The server's log goes to a file: an unread pipe would fill and block it.
        with log.open("wb") as sink:
            proc = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "serve"], cwd=ROOT, env=full_env, stdout=sink, stderr=subprocess.STDOUT
            )
        server = LiveServer(f"http://127.0.0.1:{port}", proc)
        started.append(server)
        wait_for_http(server.url + "/health", proc, log=log)
        return server

    yield start
    for server in started:
        stop(server.process)


@pytest.fixture(scope="session")
def live_server(built_store_path: Path) -> Iterator[LiveServer]:
    """One read-only server over the built curated graph, shared by the whole session."""
    with read_only_server({"DTKG_STORE": str(built_store_path)}, built_store_path.parent / "live-server.log") as server:
        yield server


@contextmanager
def read_only_server(settings: Mapping[str, str], log: Path) -> Iterator[LiveServer]:
    """``dtkg serve`` without write tokens on the store ``settings`` name; its log goes to ``log``."""
    port = free_port()
    env = {**os.environ, "DTKG_HOST": "127.0.0.1", "DTKG_PORT": str(port)}
    for name in ("DTKG_WRITE_TOKEN", "DTKG_ENDPOINT"):
        env.pop(name, None)
    env.update(settings)
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve"], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", proc)
    try:
        wait_for_http(server.url + "/health", proc, log=log)
        yield server
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (W3C test suites); tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a user's clone): the W3C suites live there")
    return SHARED
