"""A real OpenLink Virtuoso (``virtuoso-t`` from Debian's virtuoso-opensource) for tests.

:func:`virtuoso_server` writes an ini into a throw-away directory (free loopback
ports, its own database files), starts ``virtuoso-t +foreground``, waits until
the SPARQL endpoint answers, applies the settings dtkg needs (README, "Beyond one
machine") through ``isql-vt``, and stops the server and deletes the directory at
the end. Tests skip with the reason where ``virtuoso-t`` is not installed
(``.ci/install-system-deps`` installs it).

The server can be killed with SIGKILL and restarted on the same database
(:meth:`VirtuosoServer.kill`, :meth:`VirtuosoServer.start`) to test recovery.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.support.servers import free_port, kill, stop

USER = "dtkg"
PASSWORD = "dtkg-test-password"

SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
"""Graphs a fresh Virtuoso database holds; made private so the union default graph is dtkg's data only."""

PRIVATE_GROUP = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 60
DirsAllowed = ., {db}{dirs}
ThreadsPerQuery = 1
DefaultIsolation = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {www}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
"""

SETUP_SQL = [
    f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{PRIVATE_GROUP}', 1)",
    *(f"DB.DBA.RDF_GRAPH_GROUP_INS ('{PRIVATE_GROUP}', '{g}')" for g in SYSTEM_GRAPHS),
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1)",
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1)",
    f"DB.DBA.USER_CREATE ('{USER}', '{PASSWORD}')",
    f'GRANT SPARQL_UPDATE TO "{USER}"',
    f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{USER}', 3)",
]
"""The README's settings: system graphs private, anonymous read-only, a ``dtkg`` user that may update."""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


@dataclass
class VirtuosoServer:
    """One ``virtuoso-t`` process on its own database directory."""

    root: Path
    http_port: int
    sql_port: int
    process: subprocess.Popen[bytes] | None = None
    starts: int = field(default=0)
    dirs_allowed: tuple[Path, ...] = ()
    buffers: int = 20_000  # 8 KiB pages of cache: 160 MiB

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return self.base + "/sparql"

    @property
    def update_url(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def env(self) -> dict[str, str]:
        """The ``DTKG_*`` settings of a dtkg process that uses this server."""
        return {
            "DTKG_ENDPOINT": self.query_url,
            "DTKG_UPDATE_ENDPOINT": self.update_url,
            "DTKG_ENDPOINT_ENGINE": "virtuoso",
            "DTKG_ENDPOINT_USER": USER,
            "DTKG_ENDPOINT_PASSWORD": PASSWORD,
        }

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 120.0) -> None:
        """Start (or restart, after :meth:`kill`) on the same database and wait until SPARQL answers."""
        db, www = self.root / "db", self.root / "www"
        db.mkdir(parents=True, exist_ok=True)
        www.mkdir(exist_ok=True)
        ini = self.root / "virtuoso.ini"
        ini.write_text(INI.format(db=db, www=www, sql_port=self.sql_port, http_port=self.http_port,
                                  dirs="".join(f", {d}" for d in self.dirs_allowed),
                                  buffers=self.buffers, dirty=self.buffers * 3 // 4))
        log = (self.root / "console.log").open("ab")
        self.process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(ini)],
            cwd=self.root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                response = httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=2.0)
                if response.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"virtuoso-t did not answer in {timeout:g}s:\n{self.log_tail()}")
            time.sleep(0.2)
        if self.starts == 0:
            for statement in SETUP_SQL:
                self.sql(statement)
        self.starts += 1

    def sql(self, statement: str, timeout: float = 60.0) -> str:
        """Run one SQL statement as dba through ``isql-vt``; RuntimeError with its output if it fails."""
        result = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement};"],
            capture_output=True, text=True, timeout=timeout,
        )
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
            raise RuntimeError(f"isql-vt failed on {statement!r}:\n{result.stdout}{result.stderr}")
        return result.stdout

    def rolled_back(self, statement: str, timeout: float = 60.0) -> str:
        """Run one statement as dba in a transaction that is then rolled back (as a deadlock victim's would be)."""
        script = f"set autocommit manual;\n{statement};\nrollback work;\n"
        result = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba"], input=script,
            capture_output=True, text=True, timeout=timeout,
        )
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
            raise RuntimeError(f"isql-vt failed on {statement!r}:\n{result.stdout}{result.stderr}")
        return result.stdout

    def cpu_seconds(self) -> float:
        """User+system CPU time the server process has used so far (from /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL, as a crash would: no checkpoint, recovery from the transaction log on restart."""
        if self.process is not None:
            kill(self.process)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, timeout=30.0)

    def log_tail(self, lines: int = 30) -> str:
        log = self.root / "console.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


@contextmanager
def virtuoso_server(root: Path, *, dirs_allowed: tuple[Path, ...] = (), buffers: int = 20_000) -> Iterator[VirtuosoServer]:
    """A started Virtuoso on free loopback ports under ``root``; stopped and removed afterwards.

    ``dirs_allowed`` are folders its bulk loader may read (the benchmark's dumps).
    """
    if virtuoso_binary() is None or shutil.which("isql-vt") is None:
        pytest.skip("virtuoso-t/isql-vt not installed (Debian package virtuoso-opensource-7-bin; run .ci/install-system-deps)")
    server = VirtuosoServer(root, http_port=free_port(), sql_port=free_port(), dirs_allowed=dirs_allowed, buffers=buffers)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
