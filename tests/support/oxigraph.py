"""``oxigraph serve`` that can be killed and restarted on the same data (the fault tests); otherwise use
:func:`tests.support.servers.oxigraph_server`."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.servers import free_port, kill, oxigraph_binary, stop


@dataclass
class OxigraphServer:
    """``oxigraph serve --union-default-graph`` on ``location`` and a fixed loopback port."""

    binary: str
    location: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def env(self) -> dict[str, str]:
        return {"DTKG_ENDPOINT": self.query_url}

    def start(self, timeout: float = 30.0) -> None:
        self.process = subprocess.Popen(
            [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}")
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=1.0)
                return
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not answer in {timeout:g}s") from None
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None:
            kill(self.process)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, timeout=10.0)


@contextmanager
def restartable_oxigraph_server(location: Path) -> Iterator[OxigraphServer]:
    """A started server on a free loopback port, stopped afterwards."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the 'oxigraph' server binary (PyPI package oxigraph) is not installed")
    server = OxigraphServer(binary, location, free_port())
    try:
        server.start()
        yield server
    finally:
        server.stop()
