"""Five representative queries: dtkg's Python API vs raw pyoxigraph, and over HTTP.

The queries are files in ``bench/queries/`` with ``#+ param:`` headers. dtkg
runs them as it runs every named query: ``Store.query(text, bindings)`` (the
parameters as RDF terms in a VALUES block). The raw pyoxigraph baseline runs
the same query with the parameter values written into the text as constants,
which is what a hand-written pyoxigraph program would do; the ratio therefore
includes any cost of binding by VALUES. HTTP backends get the constant form
too (a remote client cannot pass bindings).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from bench.timing import interleaved, wait_until_idle
from graph.sparql import catalogue
from graph.store import OxigraphStore
from tests.support import servers
from tests.support.servers import LiveServer

QUERY_DIR = Path(__file__).parent / "queries"
ROOT = Path(__file__).resolve().parent.parent
PEER_VENV = Path(os.environ.get("DTKG_BENCH_PEER_VENV", "/tmp/venv-bench-peer"))


def bench_queries(probes: dict[str, str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """name -> (query text, bound terms) for the probes of a synthetic graph."""
    values = {
        "q1-entity-lookup": {"entity": probes["organisation"]},
        "q2-who-said-what": {"speaker": probes["speaker"], "since": "2010-01-01"},
        "q3-two-hop-partners": {"exporter": probes["organisation"]},
        "q4-export-value-by-region-year": {},
        "q5-text-search": {"needle": probes["text"]},
    }
    out = {}
    for name, params in values.items():
        named = catalogue.parse_query_file(QUERY_DIR / f"{name}.rq")
        out[name] = (named.text, named.bind(params))
    return out


def inline(text: str, bindings: dict[str, Any]) -> str:
    """The query with each bound variable replaced by its constant (trusted bench values only)."""
    for name, term in bindings.items():
        text = re.sub(rf"[?$]{name}\b", str(term).replace("\\", "\\\\"), text)
    return text


def rows(result: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in result]


def _count(run: Callable[..., Any], text: str, bindings: dict[str, Any]) -> int:
    return len(rows(run(text, bindings)))


def _count_raw(raw: ox.Store, text: str) -> int:
    return len(rows(raw.query(text, use_default_graph_as_union=True)))  # type: ignore[arg-type]  # a SELECT: iterable


def in_process(store_path: Path, probes: dict[str, str], rounds: int) -> list[dict[str, Any]]:
    dtkg_store = OxigraphStore(store_path, read_only=True)
    raw = ox.Store.read_only(str(store_path))
    cases: dict[str, Callable[[], Any]] = {}
    for name, (text, bindings) in bench_queries(probes).items():
        constant = inline(text, bindings)
        cases[f"{name}|dtkg"] = functools.partial(_count, dtkg_store.query, text, bindings)
        cases[f"{name}|pyoxigraph"] = functools.partial(_count_raw, raw, constant)
    timings = interleaved(cases, rounds)
    dtkg_store.close()
    out = []
    for name in bench_queries(probes):
        d, r = timings[f"{name}|dtkg"], timings[f"{name}|pyoxigraph"]
        out.append({"query": name, "rows": d["value"], "rows_baseline": r["value"], "dtkg_s": d["median"],
                    "baseline_s": r["median"], "dtkg_first_s": d["first"], "runs": rounds})
    return out


# ---------------------------------------------------------------- HTTP


class Server:
    """A SPARQL endpoint process started for the benchmark (by :mod:`tests.support.servers`) and stopped afterwards."""

    def __init__(self, name: str, running: AbstractContextManager[LiveServer], query_path: str) -> None:
        self.name = name
        self._stack = ExitStack()
        live = self._stack.enter_context(running)
        wait_until_idle(live.process.pid)  # start-up work in the background (dtkg's lookup tables) is not timed
        self.query_url, self.startup_s = live.url + query_path, live.startup_s
        self.client = httpx.Client(timeout=600)
        self.sent = 0

    def run(self, text: str) -> int:
        """Send ``text`` with a comment naming the request appended: every request is a text the server has
        not seen, so no cache keyed by the query text (dtkg's gate keeps one) answers a repeat."""
        self.sent += 1
        response = self.client.post(
            self.query_url, data={"query": f"{text}\n# request {self.sent}"},
            headers={"Accept": "application/sparql-results+json"},
        )
        response.raise_for_status()
        return len(json.loads(response.content)["results"]["bindings"])

    def close(self) -> None:
        self.client.close()
        self._stack.close()


def _log(name: str) -> Path:
    return Path(f"/tmp/dtkg-bench-{name}.log")


def oxigraph_server(store_path: Path) -> Server:
    return Server("oxigraph", servers.oxigraph_server(store_path, read_only=True, log=_log("oxigraph"), timeout=600),
                  "/query")


def dtkg_server(store_path: Path) -> Server | None:
    """dtkg serve on the store, or None when the SPARQL endpoint is not part of the app yet."""
    if not (ROOT / "api" / "routes" / "sparql.py").exists():
        return None
    return Server("dtkg", servers.dtkg_server({"DTKG_STORE": str(store_path), "DTKG_ACCESS_LOG": "false"}, log=_log("dtkg"), timeout=600), "/sparql")


def rdflib_endpoint_server(graph_file: Path) -> Server | None:
    binary = PEER_VENV / "bin" / "rdflib-endpoint"
    if not binary.exists():
        return None
    port = servers.free_port()
    argv = [str(binary), "serve", "--host", servers.LOOPBACK, "--port", str(port), str(graph_file)]
    base = f"http://{servers.LOOPBACK}:{port}"
    return Server("rdflib-endpoint", servers.process_server(argv, base, log=_log("rdflib-endpoint"), timeout=900), "/")


PEER = "rdflib-endpoint"


def over_http(servers: list[Server], probes: dict[str, str], rounds: int) -> dict[str, dict[str, dict[str, Any]]]:
    """query -> server name -> {median, first, value (rows)}.

    dtkg and ``oxigraph serve`` are interleaved with each other; rdflib-endpoint gets an
    interleaved pass of its own after them. Its pure-Python queries take a core for
    100 ms-5 s, and the request that came next paid for it: a dtkg request right after
    an rdflib-endpoint Q5 took 4-9 ms instead of 3-4 ms (measured by hand on the 100k
    store), while the Rust server, one process, hardly noticed.
    """
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for group in ([s for s in servers if s.name != PEER], [s for s in servers if s.name == PEER]):
        cases: dict[str, Callable[[], Any]] = {}
        for name, (text, bindings) in bench_queries(probes).items():
            constant = inline(text, bindings)
            for server in group:
                cases[f"{name}|{server.name}"] = functools.partial(server.run, constant)
        for key, value in interleaved(cases, rounds).items():
            name, server_name = key.split("|")
            out.setdefault(name, {})[server_name] = value
    return out
