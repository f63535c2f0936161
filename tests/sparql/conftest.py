"""Fixtures for the SPARQL endpoint: the shared live server, a server with tight limits, a loopback canary.

Servers are real uvicorn processes on 127.0.0.1 (``start_server``); the tight
server shares the built store (read-only opens do not lock it) with
``DTKG_RESULT_LIMIT=5``, ``DTKG_QUERY_TIMEOUT=2`` and ``DTKG_MAX_QUERY_BYTES=4096``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer, ServerFactory

LIMITS = {"DTKG_RESULT_LIMIT": "5", "DTKG_QUERY_TIMEOUT": "2", "DTKG_MAX_QUERY_BYTES": "4096"}


@pytest.fixture(scope="session")
def sparql(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as client:
        yield client


@pytest.fixture
def tight_server(start_server: ServerFactory, built_store_path: Path) -> LiveServer:
    return start_server({"DTKG_STORE": str(built_store_path), "DTKG_ENDPOINT": "", "DTKG_WRITE_TOKEN": "", **LIMITS})


@dataclass
class Canary:
    """A TCP listener on 127.0.0.1 that counts the connections it receives."""

    port: int
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@pytest.fixture
def canary() -> Iterator[Canary]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    found = Canary(sock.getsockname()[1])
    running = True

    def accept() -> None:
        while running:
            try:
                conn, peer = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            found.connections.append(peer)
            conn.close()

    thread = threading.Thread(target=accept, name="canary", daemon=True)
    thread.start()
    yield found
    running = False
    thread.join(timeout=5)
    sock.close()
