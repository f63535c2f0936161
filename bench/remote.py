"""Beyond one machine: the synthetic dump in Virtuoso (its bulk loader) vs ``dtkg build`` embedded; q1–q5 on each backend.

Load: Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint``,
timed from the SQL client) against dtkg's embedded load of the same N-Quads
(``OxigraphStore(dir).replace_all``, what ``dtkg build`` does). Queries: the
five benchmark queries through dtkg's store API (``Store.query(text, bindings)``)
on the embedded store, on ``oxigraph serve`` over that store, and on Virtuoso,
the median of ``runs`` runs each (backend after backend, so machine noise is
not spread evenly: read ratios, not small differences). Every backend answers with the same number of rows,
or the row says it does not. The phase is bounded: one load each, and a query
slower than ``QUERY_LIMIT`` seconds on a backend is not repeated there.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench import data, queries
from graph.store import OxigraphStore, RemoteStore, Store, VirtuosoStore
from tests.support.servers import oxigraph_server
from tests.support.virtuoso import PASSWORD, USER, virtuoso_binary, virtuoso_server

QUERY_LIMIT = 60.0
"""Seconds: a query slower than this on a backend is measured once there, not ``runs`` times."""


def _count(store: Store, text: str, bindings: dict[str, Any]) -> int:
    return len(list(store.query(text, bindings)))  # type: ignore[arg-type]  # a SELECT: iterable


def _time(run: Any) -> tuple[float, int]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def run(workdir: Path, n: int, runs: int) -> dict[str, Any]:
    if virtuoso_binary() is None or shutil.which("isql-vt") is None:
        return {"skipped": "virtuoso-t/isql-vt not installed (run .ci/install-system-deps)"}
    file = data.graph_file(workdir, n)
    label = data.size_label(n)
    out: dict[str, Any] = {"size": label, "quads": None, "load": {}, "queries": []}

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        start = time.perf_counter()
        embedded = OxigraphStore(Path(tmp) / "store")
        embedded.replace_all(ox.parse(path=str(file), format=ox.RdfFormat.N_QUADS))
        out["load"]["dtkg_embedded_s"] = time.perf_counter() - start
        out["quads"] = embedded.count()
        embedded.close()

    store_path = data.store_dir(workdir, n)
    probes = data.probes(file)
    cases = queries.bench_queries(probes)
    with virtuoso_server(Path(tempfile.mkdtemp(dir=workdir, prefix="virtuoso-")), dirs_allowed=(file.parent,),
                         buffers=100_000) as virtuoso:
        start = time.perf_counter()
        virtuoso.sql(f"ld_dir ('{file.parent}', '{file.name}', 'https://w3id.org/dtkg/graph/bulk')")
        virtuoso.sql("rdf_loader_run ()", timeout=3600)
        virtuoso.sql("checkpoint", timeout=600)
        out["load"]["virtuoso_bulk_s"] = time.perf_counter() - start
        errors = virtuoso.sql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL")
        out["load"]["virtuoso_errors"] = "" if "0 Rows" in errors else errors.strip()[-500:]
        v_store = VirtuosoStore(virtuoso.query_url, update_url=virtuoso.update_url, user=USER, password=PASSWORD,
                                read_timeout=600.0)
        out["load"]["virtuoso_quads"] = v_store.count()
        with oxigraph_server(store_path) as ox_server:
            backends: dict[str, Store] = {
                "embedded": OxigraphStore(store_path, read_only=True),
                "oxigraph serve": RemoteStore(ox_server.url + "/query", read_timeout=600.0),
                "virtuoso": v_store,
            }
            for name, (text, bindings) in cases.items():
                row: dict[str, Any] = {"query": name}
                for backend, store in backends.items():
                    timings, value = [], None
                    for _ in range(runs):
                        seconds, value = _time(functools.partial(_count, store, text, bindings))
                        timings.append(seconds)
                        if seconds > QUERY_LIMIT:
                            break
                    row[backend] = {"s": statistics.median(timings), "rows": value, "runs": len(timings)}
                out["queries"].append(row)
            for store in backends.values():
                store.close()
    return out
