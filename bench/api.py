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
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import httpx

from bench import api_latency, data
from bench.machine import tree_memory_mb
from bench.report import publish
from bench.timing import wait_until_idle
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


ROTATE = Path(__file__).with_name("rotate.lua")
"""The wrk script that asks the paths of a file in turn (the distinct-pages load)."""
PAGE = 50
"""The API's default page size: the distinct loads page through the claims by it."""


def distinct_routes(store_path: Path, seed: int = 42) -> dict[str, list[str]]:
    """The distinct-pages load (issue 18 point 2, the cold path): per route, many different paths, shuffled.

    Every speaker's pages (each offset of its claims), the pages of the claims about each entity
    (``about=``, the claims lists of entity pages), a search for each word of the claim texts
    (and its later pages), every entity a claim names, and a search for each word of the labels:
    so requests hit pages, filters and entities that no earlier request asked, as a crawl or many
    readers would, instead of the one URL wrk repeats in the rows above.
    """
    store = OxigraphStore(store_path, read_only=True)
    try:
        speakers = [(r["speaker"].value, int(r["n"].value)) for r in store.query(SPEAKERS)]  # type: ignore[union-attr]  # a SELECT: solutions
        subjects = [(r["about"].value, int(r["n"].value)) for r in store.query(SUBJECTS)]  # type: ignore[union-attr]  # a SELECT: solutions
        entities = [r["entity"].value for r in store.query(NAMED_ENTITIES)]  # type: ignore[union-attr]  # a SELECT: solutions
        texts = [r["text"].value for r in store.query(CLAIM_TEXTS)]  # type: ignore[union-attr]  # a SELECT: solutions
        labels = [r["label"].value for r in store.query(LABELS)]  # type: ignore[union-attr]  # a SELECT: solutions
    finally:
        store.close()
    words = collections.Counter(w.lower() for t in texts for w in re.findall(r"[^\W\d_]{4,}", t))
    name_words = sorted({w.lower() for label in labels for w in re.findall(r"[^\W\d_]{4,}", label)})
    slug = lambda iri: iri.rsplit("/", 1)[-1]  # noqa: E731
    out = {
        "entity search, distinct words": [f"/api/entities?{urllib.parse.urlencode({'q': w})}" for w in name_words],
        "entity, distinct ids": [f"/api/entities/{slug(e)}" for e in entities],
        "claims by speaker, distinct pages": [
            "/api/claims?" + urllib.parse.urlencode({"speaker": slug(s), **({"offset": k} if k else {})})
            for s, n in speakers for k in range(0, n, PAGE)
        ],
        "claims about an entity, distinct pages": [
            "/api/claims?" + urllib.parse.urlencode({"about": slug(e), **({"offset": k} if k else {})})
            for e, n in subjects for k in range(0, n, PAGE)
        ],
        "claims by text, distinct pages": [
            "/api/claims?" + urllib.parse.urlencode({"q": w, **({"offset": k} if k else {})})
            for w, n in words.items() for k in range(0, min(n, 10 * PAGE), PAGE)
        ],
    }
    rng = random.Random(seed)
    for paths in out.values():
        rng.shuffle(paths)
    return out


SPEAKERS = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dtkg: <https://w3id.org/dtkg/ontology#>
SELECT ?speaker (COUNT(?claim) AS ?n) WHERE { ?claim a dtkg:Claim ; prov:wasAttributedTo ?speaker } GROUP BY ?speaker"""
SUBJECTS = """PREFIX dtkg: <https://w3id.org/dtkg/ontology#>
SELECT ?about (COUNT(?claim) AS ?n) WHERE { ?claim a dtkg:Claim ; dtkg:about ?about } GROUP BY ?about"""
NAMED_ENTITIES = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dtkg: <https://w3id.org/dtkg/ontology#>
SELECT DISTINCT ?entity WHERE { ?claim a dtkg:Claim { ?claim prov:wasAttributedTo ?entity } UNION { ?claim dtkg:about ?entity } }"""
CLAIM_TEXTS = "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?text WHERE { ?quote oa:exact ?text }"
LABELS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT DISTINCT ?label WHERE { ?e skos:prefLabel ?label }"


def run_wrk_paths(url: str, paths: list[str], duration: int, connections: int, workdir: Path) -> tuple[int, float, float, float]:
    """wrk with :data:`ROTATE` over ``paths`` (a file in ``workdir``): p50/p99 over distinct URLs."""
    listing = workdir / "api-distinct-paths.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(ROTATE), url,
                          "--", str(listing)], capture_output=True, text=True, check=True).stdout
    return api_latency.read_wrk(out, url)


def wait_for_claim_table(url: str, speaker: str, limit_s: float = 120.0) -> float:
    """Seconds until claims pages answer from the table built at start-up (three pages never asked before
    under 10 ms in a row; read from the store they take ~30 ms at 1M), or ``limit_s``."""
    t0 = time.monotonic()
    fast = 0
    offset = 1
    with httpx.Client(base_url=url, timeout=600) as client:
        while fast < 3 and time.monotonic() - t0 < limit_s:
            started = time.perf_counter()
            client.get("/api/claims", params={"speaker": speaker, "sort": "-document", "offset": offset}).raise_for_status()
            fast = fast + 1 if time.perf_counter() - started < 0.010 else 0
            offset += 1
            time.sleep(0.2)
    return time.monotonic() - t0


def run(store_path: Path, probes: dict[str, str], labels: dict[str, str], duration: int, connections: int,
        log_dir: Path) -> dict[str, Any]:
    distinct = distinct_routes(store_path)
    # Access log off, as in the other benchmarks (DTKG_ACCESS_LOG is on by default since 11dc265); the runs in
    # BENCHMARKS.md were taken while it was off by default.
    with dtkg_server({"DTKG_STORE": str(store_path), "DTKG_ACCESS_LOG": "false"}, log=log_dir / "api-server.log",
                     timeout=300) as server:
        url, pid = server.url, server.process.pid
        out: dict[str, Any] = {"startup_s": server.startup_s, "routes": [], "distinct": [], "missing": [], "connections": connections,
                               "duration_s": duration, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "load_average": list(os.getloadavg())}
        time.sleep(1)
        # Background start-up work (the lookup snapshot, then the claim table and the collection that freezes it)
        # done first, so it is not what the first route's load measures; idle memory is then the steady state.
        out["table_wait_s"] = wait_for_claim_table(url, probes["speaker"]) + wait_until_idle(pid)
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
        if tool == "wrk":  # the distinct-pages load needs wrk's Lua scripting
            for name, paths in distinct.items():
                requests, rps, p50, p99 = run_wrk_paths(url, paths, duration, connections, log_dir)
                out["distinct"].append({"route": name, "path": paths[0], "paths": len(paths), "requests": requests,
                                        "rps": rps, "p50_ms": p50, "p99_ms": p99})
                print(f"[bench.api] {name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, {rps:.0f} req/s", file=sys.stderr, flush=True)
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
        f"one warm-up request per route. Server start-up: {api['startup_s']:.1f} s; then "
        f"{api.get('table_wait_s', 0):.0f} s until claims pages answered from the claim table built in the background "
        "at start-up and the server was idle (every table built), before any load and the idle memory. `/openapi.json` is the same-run "
        "floor: a request through uvicorn and FastAPI that does not touch the graph. Probes: the best-connected "
        "organisation of the synthetic graph, the speaker with the most claims, and q5's words for the text search.",
        "",
        "| Route | Path | First request ms | Requests | Req/s | p50 ms | p99 ms | p99 / floor p99 | Target | Met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in api["routes"]:
        lines.append(f"| {row['route']} | `{row['path']}` | {row['first_request_s'] * 1000:.0f} | {load_cells(row, floor)}")
    lines += [f"| `{path}` | answered 404 | – | – | – | – | – | – | p99 < 50 ms | not measured |" for path in api.get("missing", [])]
    if api.get("distinct"):
        lines += [
            "",
            "**Distinct pages** (the cold path): the same server right after, `wrk` with `bench/rotate.lua` asking a "
            "different path each request from a shuffled list per route (every speaker's every page, every page of "
            "the claims about each entity, a search for each word of the claim texts and its next pages, every entity a "
            "claim names, a search for each word of the labels), so no page is asked twice unless the load outlasts the list (Requests > Distinct paths).",
            "",
            "| Route | First path | Distinct paths | Requests | Req/s | p50 ms | p99 ms | p99 / floor p99 | Target | Met |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        lines += [f"| {row['route']} | `{row['path']}` | {row['paths']} | {load_cells(row, floor)}" for row in api["distinct"]]
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


def load_cells(row: dict[str, Any], floor: dict[str, Any] | None) -> str:
    """A load row's last cells: requests, throughput, p50, p99, its ratio to the floor's p99, target and verdict."""
    ratio = row["p99_ms"] / floor["p99_ms"] if floor and floor["p99_ms"] else None
    graph_route = row is not floor
    met = ("**yes**" if row["p99_ms"] < P99_MS else "**no**") if graph_route else "–"
    return (f"{row['requests']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{f'{ratio:.2f}×' if ratio is not None else '–'} | {'p99 < 50 ms' if graph_route else 'floor'} | {met} |")


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
