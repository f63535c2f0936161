"""REST API latency under load, and the memory of ``dtkg serve``, on a synthetic store.

Run: ``.venv/bin/python -m bench.api --write`` (also the ``api`` phase of ``make
bench``; its own block of BENCHMARKS.md, so it can be re-measured alone).
Reuses the server start-up and load generators of :mod:`bench.api_latency`
(wrk when installed, else a bounded async httpx loop). The same-run baseline
is ``/openapi.json`` under the same load: the floor of one request through
uvicorn and FastAPI without touching the graph (``/health`` is no floor: it
counts the store's triples on every request). Peak RSS is VmHWM of the server
process, and summed over it and the worker processes it starts: after
start-up (idle, before any request) and after the load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import httpx

from bench import api_latency, data
from bench.machine import tree_memory_mb
from bench.report import publish
from graph.config import load_settings
from graph.model import fulltext
from graph.store import OxigraphStore
from tests.support.servers import dtkg_server

P99_MS = 50.0
"""Target p99 of every graph route at the throughput the machine sustains (issue 18, point 2)."""
RSS_MB = 1024.0
"""Target peak RSS of the server with its workers under that load (issue 18, point 5)."""


def routes(probes: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    word = labels["organisation"].split()[0].lower()
    return {
        "openapi.json (floor)": "/openapi.json",
        "entity search": "/api/entities?" + urllib.parse.urlencode({"q": word}),
        "entity": f"/api/entities/{probes['organisation']}",
        "claims by speaker": "/api/claims?" + urllib.parse.urlencode({"speaker": probes["speaker"]}),
        "claims by text": "/api/claims?" + urllib.parse.urlencode({"q": probes["text"]}),
    }


def run(store_path: Path, probes: dict[str, str], labels: dict[str, str], duration: int, connections: int,
        log_dir: Path) -> dict[str, Any]:
    with dtkg_server({"DTKG_STORE": str(store_path)}, log=log_dir / "api-server.log", timeout=300) as server:
        url, pid = server.url, server.process.pid
        out: dict[str, Any] = {"startup_s": server.startup_s, "routes": [], "missing": [], "connections": connections,
                               "duration_s": duration, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "load_average": list(os.getloadavg())}
        time.sleep(1)
        out["idle"] = tree_memory_mb(pid)
        tool = "wrk" if shutil.which("wrk") else "httpx"
        out["tool"] = tool
        runner = api_latency.run_wrk if tool == "wrk" else api_latency.run_httpx
        for name, path in routes(probes, labels).items():
            t0 = time.perf_counter()
            response = httpx.get(url + path, timeout=600)
            warm = time.perf_counter() - t0
            if response.status_code == 404 and path.startswith("/api/"):
                out["missing"].append(path)
                continue
            response.raise_for_status()
            requests, rps, p50, p99 = runner(url + path, duration, connections)
            out["routes"].append({"route": name, "path": path, "first_request_s": warm, "requests": requests,
                                  "rps": rps, "p50_ms": p50, "p99_ms": p99})
            print(f"[bench.api] {path}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, {rps:.0f} req/s", file=sys.stderr, flush=True)
        out["loaded"] = tree_memory_mb(pid)
    return out


def measure(workdir: Path, triples: int, duration: int, connections: int) -> dict[str, Any]:
    file = data.graph_file(workdir, triples)
    probes = data.probes(file)
    labels = {"organisation": label_of(file, probes["organisation"])}
    store_path = data.store_dir(workdir, triples)
    prepare_index(store_path)
    out = run(store_path, probes, labels, duration, connections, workdir)
    out["size"] = data.size_label(triples)
    return out


def prepare_index(store_path: Path) -> None:
    """The full-text index beside the store, as ``dtkg build`` leaves it (the bench loads stores without it),
    so the server's start-up and memory are those of a deployment, not of a one-off index repair."""
    settings = load_settings({"DTKG_STORE": str(store_path)})
    store = OxigraphStore(store_path, read_only=True)
    try:
        fulltext.index_for(store, settings)
    finally:
        store.close()


def label_of(file: Path, slug: str) -> str:
    """An entity's English preferred label, read from the synthetic N-Quads file."""
    needle = f"<https://w3id.org/dtkg/id/{slug}> <http://www.w3.org/2004/02/skos/core#prefLabel> \""
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(needle):
                return line[len(needle):].split('"', 1)[0]
    return slug


def render(api: dict[str, Any]) -> str:
    """The BENCHMARKS.md block: each route's p99 against the target at the measured throughput, and the memory."""
    size = api["size"]
    floor = next((row for row in api["routes"] if row["path"] == "/openapi.json"), None)
    lines = [
        f"## REST API under load and memory of `dtkg serve` ({size})",
        "",
        f"Written by `python -m bench.api --write` (also the `api` phase of `make bench`) on {api.get('date', '?')}, load "
        f"average at start {', '.join(f'{x:.1f}' for x in api.get('load_average', []))} (shared 2-CPU machine, other work "
        f"running). `dtkg serve` (one uvicorn worker, its query workers beside it) on 127.0.0.1 over the {size} store; "
        f"load from `{api.get('tool')}` with {api.get('connections', '?')} connections for {api.get('duration_s', '?')} s "
        "per route — as many requests as the server answers, so Req/s is the throughput the machine sustained — after "
        f"one warm-up request per route. Server start-up: {api['startup_s']:.1f} s. `/openapi.json` is the same-run "
        "floor: a request through uvicorn and FastAPI that does not touch the graph. Probes: the best-connected "
        "organisation of the synthetic graph, the speaker with the most claims, and q5's words for the text search.",
        "",
        "| Route | Path | First request ms | Requests | Req/s | p50 ms | p99 ms | p99 / floor p99 | Target | Met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in api["routes"]:
        ratio = row["p99_ms"] / floor["p99_ms"] if floor and floor["p99_ms"] else None
        graph_route = row is not floor
        met = ("**yes**" if row["p99_ms"] < P99_MS else "**no**") if graph_route else "–"
        lines.append(f"| {row['route']} | `{row['path']}` | {row['first_request_s'] * 1000:.0f} | {row['requests']} | "
                     f"{row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
                     f"{f'{ratio:.2f}×' if ratio is not None else '–'} | {'p99 < 50 ms' if graph_route else 'floor'} | {met} |")
    lines += [f"| `{path}` | answered 404 | – | – | – | – | – | – | p99 < 50 ms | not measured |" for path in api.get("missing", [])]
    lines += [
        "",
        "| Memory of `dtkg serve` | RSS MB | Peak RSS (VmHWM) MB | Processes | RSS with workers MB | Peak RSS with workers MB | Target | Met |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, key in (("idle, after start-up", "idle"), ("after the load above", "loaded")):
        mem = api[key]
        peak = mem.get("tree_peak_rss_mb", mem["peak_rss_mb"])
        target, met = ("≤ 1 GB under load", "**yes**" if peak <= RSS_MB else "**no**") if key == "loaded" else ("reported", "–")
        lines.append(f"| {name} | {mem['rss_mb']:.0f} | {mem['peak_rss_mb']:.0f} | {mem.get('processes', 1)} | "
                     f"{mem.get('tree_rss_mb', mem['rss_mb']):.0f} | {peak:.0f} | {target} | {met} |")
    lines += ["", "The peak with workers is the sum of each process's own peak: an upper bound of the peak of the sum.", ""]
    return "\n".join(lines)


MARKERS = ("<!-- bench:api -->", "<!-- /bench:api -->")
"""Where its block of BENCHMARKS.md begins and ends."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per route")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dtkg-bench"))
    parser.add_argument("--write", action="store_true", help="write the section of BENCHMARKS.md")
    args = parser.parse_args(argv)
    return publish(render(measure(args.workdir, args.triples, args.duration, args.connections)), MARKERS, write=args.write)


if __name__ == "__main__":
    sys.exit(main())
