"""One way to start a real server, shared by ``tests/`` and ``bench/``.

Tests and benchmarks talk to real processes — ``dtkg serve`` (uvicorn) and the
``oxigraph`` server binary — on a free loopback port. Each launcher here starts
one, waits until it answers HTTP, and stops it (SIGTERM, then SIGKILL) when the
``with`` block ends; a server that dies while starting raises with the tail of
its log. Six hand-rolled launchers before this one disagreed on timeouts, on
which ``DTKG_*`` variables leak in from the caller's environment, and on
whether a dead server was noticed at all.

``dtkg serve`` gets only the ``DTKG_*`` settings passed in (plus host and
port): a developer's ``DTKG_WRITE_TOKEN`` or ``DTKG_ENDPOINT`` never changes
what a test sees. The server's log goes to a file, since an unread pipe would
fill up and block it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"


@dataclass
class LiveServer:
    """A started server: its base URL, its process and the file its output goes to."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path | None = None
    startup_s: float = 0.0

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0, log: Path | None = None) -> None:
    """Return once ``url`` answers at all; raise when the process exits first or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = log.read_text(errors="replace")[-4000:] if log is not None and log.exists() else ""
            raise RuntimeError(f"server exited with {proc.returncode}:\n{out}")
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """SIGTERM, then SIGKILL if it has not exited within ``timeout`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def process_server(argv: list[str], base: str, health: str = "/", *, env: Mapping[str, str] | None = None,
                   log: Path | None = None, timeout: float = 60.0) -> Iterator[LiveServer]:
    """Any server process listening at ``base``: started, awaited at ``base + health``, stopped on exit.

    :func:`dtkg_server` and :func:`oxigraph_server` are this with their command
    lines; a benchmark's peer (rdflib-endpoint) uses it directly.
    """
    own_log = log is None  # a log nobody asked for is removed with the server
    log = log or Path(tempfile.mkstemp(prefix="dtkg-server-", suffix=".log")[1])
    started = time.perf_counter()
    with log.open("wb") as sink:
        proc = subprocess.Popen(argv, cwd=ROOT, env=dict(env) if env is not None else None, stdout=sink,
                                stderr=subprocess.STDOUT)
    try:
        wait_for_http(base + health, proc, timeout, log=log)
        yield LiveServer(base, proc, log, time.perf_counter() - started)
    finally:
        stop(proc)
        if own_log:
            log.unlink(missing_ok=True)


def dtkg_env(settings: Mapping[str, str], port: int) -> dict[str, str]:
    """The caller's environment without its ``DTKG_*`` variables, plus ``settings`` and the address."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTKG_")}
    return {**env, "DTKG_HOST": LOOPBACK, "DTKG_PORT": str(port), **settings}


@contextmanager
def dtkg_server(settings: Mapping[str, str], *, log: Path | None = None, timeout: float = 60.0) -> Iterator[LiveServer]:
    """``dtkg serve`` (uvicorn) with the given ``DTKG_*`` settings, up once ``/health`` answers."""
    port = free_port()
    argv = [sys.executable, "-m", "api.cli", "serve"]
    with process_server(argv, f"http://{LOOPBACK}:{port}", "/health", env=dtkg_env(settings, port), log=log,
                        timeout=timeout) as server:
        yield server


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary that the PyPI package ``oxigraph`` installs beside Python."""
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(location: Path, *, read_only: bool = False, log: Path | None = None,
                    timeout: float = 60.0) -> Iterator[LiveServer]:
    """``oxigraph serve`` (union default graph) over ``location``; its SPARQL endpoint is ``.url + "/query"``.

    Raises ``FileNotFoundError`` when the binary is not installed; tests skip on that.
    """
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("the 'oxigraph' server binary (PyPI package oxigraph) is not installed")
    port = free_port()
    argv = [binary, "serve-read-only" if read_only else "serve", "--location", str(location),
            "--bind", f"{LOOPBACK}:{port}", "--union-default-graph"]
    with process_server(argv, f"http://{LOOPBACK}:{port}", "/", log=log, timeout=timeout) as server:
        yield server
