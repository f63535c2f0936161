"""Fixtures for curation: a private, writable copy of the built store per test.

Writes change the store, so no test writes to the shared session store; each
gets a copy of it (``writable_store_path``), which is cheap at this size.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import OxigraphStore
from graph.store.writelock import lock_path
from tests.conftest import ServerFactory
from tests.sparql.conftest import canary  # noqa: F401  (the loopback canary, for the escape tests)
from tests.support.servers import LiveServer, dtkg_server

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-change.trig"
TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def writable_store_path(built_store_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path, ignore=shutil.ignore_patterns("LOCK"))
    return path


@pytest.fixture
def store(writable_store_path: Path) -> Iterator[OxigraphStore]:
    opened = OxigraphStore(writable_store_path)
    yield opened
    opened.close()


@pytest.fixture
def lock(writable_store_path: Path) -> Path:
    return lock_path(writable_store_path)


@pytest.fixture
def writer(start_server: ServerFactory, writable_store_path: Path) -> LiveServer:
    """A real server over a private store copy, with one write token (author ``alice``)."""
    return start_server({"DTKG_STORE": str(writable_store_path), "DTKG_WRITE_TOKEN": f"alice:{TOKEN}",
                         "DTKG_MAX_UPLOAD": "20000"})


@pytest.fixture(scope="module")
def module_writer(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Like ``writer``, shared by one module's tests: for tests whose cases do not depend on each other's writes."""
    base = tmp_path_factory.mktemp("module-writer")
    path = base / "store"
    shutil.copytree(built_store_path, path, ignore=shutil.ignore_patterns("LOCK"))
    settings = {"DTKG_STORE": str(path), "DTKG_WRITE_TOKEN": f"alice:{TOKEN}", "DTKG_MAX_UPLOAD": "20000"}
    with dtkg_server(settings, log=base / "server.log") as server:
        yield server
