"""Query latency through the SPARQL endpoint versus the same query run directly on the store.

Run: ``.venv/bin/python -m bench.sparql_http`` (options: ``--runs N`` per query,
default 9; ``--store PATH`` to use an existing built store instead of building
the curated graph into a temporary one). Not part of the test suite.

For each query it measures, N times after one warm-up run each:

* **direct**: ``pyoxigraph.Store.read_only(path).query(...)`` in this process,
  results fully consumed and written as SPARQL JSON by pyoxigraph;
* **HTTP**: ``POST /sparql`` (``application/sparql-query``, Accept SPARQL JSON)
  to ``dtkg serve`` on 127.0.0.1, i.e. request parsing, the query gate (rdflib
  parse), the hand-off to a worker process, the query, the capped JSON writer
  and the response.

It prints a Markdown table with the median of each and their ratio, plus the
machine and date (bench/machine.py).

:func:`breakdown` (run by ``make bench`` in its ``http`` phase) splits one
``/sparql`` request of each benchmark query into its stages, every request a
text not seen before (a numbered comment appended), so no cache answers it.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from bench import machine
from bench.timing import interleaved, wait_until_idle
from graph.build import build
from graph.sparql import catalogue, gate, worker
from graph.store import OxigraphStore
from tests.support import servers
from tests.support.servers import dtkg_server

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "ask": "ASK { ?s ?p ?o }",
    "count per graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "100 triples": "SELECT * WHERE { ?s ?p ?o } LIMIT 100",
    "entities per class (catalogue)": catalogue.get("class-counts").text,
    "who said what (catalogue)": catalogue.get("who-said-what").text.replace("?entity", "<https://w3id.org/dtkg/id/rosoboronexport>"),
    "all triples (3k rows)": "SELECT * WHERE { ?s ?p ?o }",
}


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_direct(store: ox.Store, query: str, runs: int) -> list[float]:
    def once() -> None:
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            result.serialize(format=ox.QueryResultsFormat.JSON)
        else:
            result.serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[arg-type]  # SELECT here, never triples

    once()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        once()
        out.append(time.perf_counter() - start)
    return out


def time_http(client: httpx.Client, query: str, runs: int) -> tuple[float, list[float]]:
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}

    def once() -> None:
        response = client.post("/sparql", content=query, headers=headers)
        response.raise_for_status()

    start = time.perf_counter()
    once()  # the first time: the worker's gate has not seen this text yet (rdflib parse)
    first = time.perf_counter() - start
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        once()
        out.append(time.perf_counter() - start)
    return first, out


STAGES = ("engine", "gate", "execute", "pool", "http", "oxigraph")
"""What :func:`breakdown` times, each on its own and each including the ones before it where it says so:

* ``engine``: raw ``pyoxigraph.Store.query`` in this process, every row materialised;
* ``gate``: :func:`graph.sparql.gate.check` alone;
* ``execute``: :func:`graph.sparql.worker.execute` in this process — gate, engine and dtkg's capped
  SPARQL JSON writer (so writing = execute − gate − engine);
* ``pool``: :class:`graph.sparql.worker.ProcessPool` ``run`` — execute in a worker process, plus the
  pipe both ways (so pipe = pool − execute);
* ``http``: ``POST /sparql`` to ``dtkg serve`` — pool (the route waits on a free worker's pipe from the
  event loop: ``ProcessPool.run_if_idle``), plus uvicorn, FastAPI and the middleware (so HTTP = http − pool);
* ``oxigraph``: ``POST /query`` to ``oxigraph serve-read-only`` on the same store, for comparison.
"""

ACCEPT = "application/sparql-results+json"


def breakdown(store_path: Path, texts: dict[str, str], rounds: int) -> dict[str, dict[str, float]]:
    """query name -> stage -> median seconds, for each query text (constants written in)."""
    raw = ox.Store.read_only(str(store_path))
    backend = worker._EmbeddedBackend(store_path)
    pool = worker.ProcessPool(store_path, timeout=600, size=1)
    sent = [0]

    def fresh(text: str) -> str:
        sent[0] += 1
        return f"{text}\n# request {sent[0]}"

    out: dict[str, dict[str, float]] = {}
    try:
        with (
            servers.dtkg_server({"DTKG_STORE": str(store_path), "DTKG_ACCESS_LOG": "false"}, timeout=600) as dtkg,
            servers.oxigraph_server(store_path, read_only=True, timeout=600) as oxigraph,
            httpx.Client(timeout=600) as client,
        ):
            pool.run(worker.Job("ASK {}"))
            wait_until_idle(dtkg.process.pid)  # its start-up tables are built in the background: not in the timings

            def post(url: str, text: str) -> int:
                response = client.post(url, data={"query": fresh(text)}, headers={"Accept": ACCEPT})
                response.raise_for_status()
                return len(response.content)

            def engine(text: str) -> int:
                return len(list(raw.query(fresh(text), use_default_graph_as_union=True)))  # type: ignore[arg-type]  # SELECT: iterable

            def gated(text: str) -> str:
                return gate.check(fresh(text), local_graphs=backend.graph_names(), max_chars=1 << 20).form

            def execute(text: str) -> int | None:
                return worker.execute(backend, worker.Job(fresh(text), accept=ACCEPT)).count

            def pooled(text: str) -> int | None:
                return pool.run(worker.Job(fresh(text), accept=ACCEPT)).count

            for name, text in texts.items():
                cases: dict[str, Callable[[], Any]] = {
                    "engine": functools.partial(engine, text),
                    "gate": functools.partial(gated, text),
                    "execute": functools.partial(execute, text),
                    "pool": functools.partial(pooled, text),
                    "http": functools.partial(post, dtkg.url + "/sparql", text),
                    "oxigraph": functools.partial(post, oxigraph.url + "/query", text),
                }
                timings = interleaved(cases, rounds)
                out[name] = {stage: timings[stage]["median"] for stage in STAGES}
    finally:
        pool.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--store", type=Path, help="a built store (default: build the curated graph into a temp dir)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "store"
            built = OxigraphStore(path)
            build(built)
            built.close()
        direct_store = ox.Store.read_only(str(path))
        triples = len(direct_store)
        rows = []
        with dtkg_server({"DTKG_STORE": str(path), "DTKG_ACCESS_LOG": "false"}) as server, httpx.Client(base_url=server.url, timeout=60) as client:
            client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"})  # wake a worker
            for name, query in CASES.items():
                direct = median_ms(time_direct(direct_store, query, args.runs))
                first, samples = time_http(client, query, args.runs)
                http = median_ms(samples)
                rows.append((name, direct, first * 1000, http, http / direct if direct else float("inf")))
    info = machine.describe()
    print(f"## SPARQL over HTTP vs direct ({info['date']})\n")
    print(
        f"`python -m bench.sparql_http --runs {args.runs}` on {info['cpu']}, {info['nproc']} CPUs, "
        f"Python {info['versions']['python']}, pyoxigraph {info['versions']['pyoxigraph']}; {triples} quads; "
        "median of the runs after one warm-up each.\n"
    )
    print("| Query | direct ms | HTTP first ms | HTTP ms | HTTP / direct |")
    print("|---|---:|---:|---:|---:|")
    for name, direct, first, http, ratio in rows:
        print(f"| {name} | {direct:.2f} | {first:.2f} | {http:.2f} | {ratio:.1f}× |")
    print(
        "\nHTTP first = the first request with that text (the gate parses it with rdflib); later requests "
        "reuse the worker's cached gate result. The HTTP cost is request handling, the gate, the pipe to the "
        "worker process and writing capped results in Python."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
