"""Faults of a remote store: the server killed during commits, then restarted, on both remote backends.

A write is one SPARQL Update, one transaction in the engine. Killing the
server (SIGKILL, no shutdown) while a writer commits in a loop must leave, after
a restart, every acknowledged change present and every recorded change whole,
with the data and the change log in agreement. The writer itself must stop with
a one-line error naming the URL, not hang; so must a CLI command while the
server is down.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest

from graph import curation
from graph.store import RemoteStore, Store
from tests.conftest import ROOT, virtuoso_store
from tests.curation.test_curation_crash import WRITER, assert_log_and_data_agree
from tests.support.oxigraph import restartable_oxigraph_server
from tests.support.virtuoso import VirtuosoServer

CYCLES = 2
CONNECT_TIMEOUT = 2


class Server(Protocol):
    @property
    def query_url(self) -> str: ...
    @property
    def env(self) -> dict[str, str]: ...
    def start(self) -> None: ...
    def kill(self) -> None: ...


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, built_store: Store, tmp_path: Path) -> Iterator[tuple[Server, Store]]:
    if request.param == "oxigraph":
        with restartable_oxigraph_server(tmp_path / "oxigraph") as ox_server:
            store: Store = RemoteStore(ox_server.query_url)
            store.replace_all(built_store.quads())
            yield ox_server, store
            store.close()
    else:
        v_server: VirtuosoServer = request.getfixturevalue("virtuoso")
        store = virtuoso_store(v_server)
        store.replace_all(built_store.quads())
        try:
            yield v_server, store
        finally:
            store.close()
            if v_server.process is None or v_server.process.poll() is not None:
                v_server.start()  # the session's server stays up for the tests after this one


def test_killing_the_server_during_commits_keeps_log_and_data_in_agreement(
    server: tuple[Server, Store], tmp_path: Path
) -> None:
    remote, store = server
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DTKG_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT), **remote.env}
    acknowledged: list[str] = []
    number = 0
    for _ in range(CYCLES):
        writer = subprocess.Popen([sys.executable, str(WRITER), "remote", str(number), str(tmp_path / "w.lock")],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        acked = [writer.stdout.readline().split() for _ in range(2)]  # two commits, then kill mid-stream
        remote.kill()
        killed_at = time.monotonic()
        out, err = writer.communicate(timeout=120)
        stopped_after = time.monotonic() - killed_at
        acked += [line.split() for line in out.splitlines()]
        acknowledged += [cid for _, cid in acked]
        number = int(acked[-1][0]) + 2
        assert writer.returncode == 1
        assert err.strip().count("\n") == 0 and remote.query_url.split("/")[2] in err  # one line, naming the URL
        assert stopped_after < CONNECT_TIMEOUT + 30  # no hang

        down = subprocess.run([sys.executable, "-m", "api.cli", "changes"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=CONNECT_TIMEOUT + 60)
        assert down.returncode != 0 and down.stderr.strip().count("\n") == 0
        assert remote.query_url.split("/")[2] in down.stderr
        remote.start()

    changes, total = curation.list_changes(store, limit=10_000)
    crash = [c for c in changes if c.author == "crash"]
    assert total == len(crash)
    assert_log_and_data_agree(store, crash, set(acknowledged))
