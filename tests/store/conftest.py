"""Store fixtures: every store test runs on each backend, the remote one a real ``oxigraph serve``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import OxigraphStore, RemoteStore, Store
from tests.conftest import free_port, stop, wait_for_http


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port; yields its query URL."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the 'oxigraph' server binary (PyPI package oxigraph) is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", proc)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(proc)


@pytest.fixture(params=["embedded", "memory", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    kind = request.param
    if kind == "embedded":
        s: Store = OxigraphStore(tmp_path / "store")
    elif kind == "memory":
        s = OxigraphStore(None)
    else:
        s = RemoteStore(request.getfixturevalue("oxigraph_server"))
    yield s
    s.close()
