"""Latency of the REST API lookups under load: p50 / p99 per route, against real uvicorn.

Run: ``.venv/bin/python -m bench.api_latency`` (options: ``--synthetic-triples N``
for a ``dtkg synth`` graph of about N triples besides the curated one, default 1M,
``--duration S``, ``--connections C``, ``--no-write`` to skip BENCHMARKS.md).
Not part of the test suite.

For each store (the curated graph, and the synthetic one when asked) it starts
``dtkg serve`` on 127.0.0.1, makes one warm-up request per route (the first
request builds the label index of that graph version), then drives each route
with ``wrk`` (Debian package ``wrk``) for ``--duration`` seconds, or with an
async httpx loop when wrk is not installed, and reads p50/p99 latency and
throughput. Results are appended to BENCHMARKS.md with the machine and date.

The synthetic graph comes from ``dtkg synth`` (graph/synth.py), loaded with the
ontology into an embedded store.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from graph import vocab
from graph.build import build
from graph.rdf import parse
from graph.store import OxigraphStore
from tests.support.servers import dtkg_server

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Result:
    store: str
    triples: int
    route: str
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    tool: str


def synthetic_store(path: Path, triples: int, workdir: Path) -> tuple[int, dict[str, str]]:
    """A store of ``dtkg synth``'s graph (about ``triples`` triples) plus the ontology, and what to probe.

    The probes are the worst case for a per-speaker lookup: the speaker with
    the most claims, that entity's page, and a search for its first name.
    """
    from graph import synth

    nquads = workdir / "synthetic.nq"
    synth.write(nquads, triples, seed=42)
    ontology, _ = parse.read_all()
    quads = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)) + parse.all_quads(ontology)
    store = OxigraphStore(path)
    store.replace_all(quads)
    top = store.select(TOP_SPEAKER)[0]
    store.close()
    speaker = vocab.entity_id(top["speaker"].value)
    return len(quads), {"q": top["label"].value.split()[0].lower(), "entity": speaker, "speaker": speaker}


TOP_SPEAKER = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?speaker ?label WHERE {
  { SELECT ?speaker (COUNT(?claim) AS ?n) WHERE { ?claim prov:wasAttributedTo ?speaker } GROUP BY ?speaker ORDER BY DESC(?n) LIMIT 1 }
  ?speaker skos:prefLabel ?label FILTER LANGMATCHES(LANG(?label), "en")
}
"""


def run_wrk(url: str, duration: int, connections: int) -> tuple[int, float, float, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    return read_wrk(out, url)


def read_wrk(out: str, url: str) -> tuple[int, float, float, float]:
    """Requests, requests per second, p50 and p99 (ms) from wrk's ``--latency`` report; a failed response raises."""

    def ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([0-9.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            raise RuntimeError(f"cannot read the {label}th percentile from wrk:\n{out}")
        value, unit = float(match[1]), match[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"([0-9]+) requests in", out)[1])  # type: ignore[index]  # wrk always prints this line
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out)[1])  # type: ignore[index]  # wrk always prints this line
    errors = re.search(r"Non-2xx or 3xx responses: ([0-9]+)", out)
    if errors:
        raise RuntimeError(f"{errors[1]} failed responses from {url}")
    return requests, rps, ms("50"), ms("99")


def run_httpx(url: str, duration: int, connections: int) -> tuple[int, float, float, float]:
    latencies: list[float] = []

    async def worker(client: httpx.AsyncClient, stop_at: float) -> None:
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            response = await client.get(url)
            latencies.append((time.perf_counter() - t0) * 1000)
            response.raise_for_status()

    async def main() -> float:
        async with httpx.AsyncClient(timeout=30) as client:
            t0 = time.monotonic()
            await asyncio.gather(*(worker(client, t0 + duration) for _ in range(connections)))
            return time.monotonic() - t0

    elapsed = asyncio.run(main())
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies), len(latencies) / elapsed, cuts[49], cuts[98]


def measure(label: str, store: Path, routes: dict[str, str], duration: int, connections: int, workdir: Path) -> list[Result]:
    results = []
    with dtkg_server({"DTKG_STORE": str(store), "DTKG_ACCESS_LOG": "false"}, log=workdir / f"{label}.log", timeout=120) as server:
        url = server.url
        triples = httpx.get(url + "/health", timeout=60).json()["triples"]
        for path in routes.values():
            t0 = time.perf_counter()
            httpx.get(url + path, timeout=600).raise_for_status()
            print(f"  warm-up {path}: {(time.perf_counter() - t0) * 1000:.0f} ms", flush=True)
        tool = "wrk" if shutil.which("wrk") else "httpx"
        for name, path in routes.items():
            runner = run_wrk if tool == "wrk" else run_httpx
            requests, rps, p50, p99 = runner(url + path, duration, connections)
            results.append(Result(label, triples, f"{name} `{path}`", requests, rps, p50, p99, tool))
            print(f"  {path}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, {rps:.0f} req/s", flush=True)
    return results


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def report(results: list[Result], args: argparse.Namespace, notes: list[str]) -> str:
    lines = [
        f"## REST API latency ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"`python -m bench.api_latency --synthetic-triples {args.synthetic_triples} --duration {args.duration} "
        f"--connections {args.connections}` on {machine()}. One uvicorn worker on 127.0.0.1, load from "
        f"{results[0].tool if results else 'wrk'} with {args.connections} connections for {args.duration} s per route, "
        "after one warm-up request (which builds the label index).",
        "",
        "| Store | Triples | Route | Requests | Req/s | p50 ms | p99 ms |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.store} | {r.triples} | {r.route} | {r.requests} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} |")
    lines += ["", *notes, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic-triples", type=int, default=1_000_000, help="size of the dtkg synth graph (0: skip it)")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to BENCHMARKS.md")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dtkg-bench-api-"))
    notes: list[str] = []
    try:
        curated = workdir / "curated"
        store = OxigraphStore(curated)
        build(store)
        store.close()
        print("curated graph", flush=True)
        results = measure(
            "curated",
            curated,
            {
                "search": "/api/entities?q=rosoboronexport",
                "entity": "/api/entities/rosoboronexport",
                "claims by speaker": "/api/claims?speaker=mikheev",
            },
            args.duration,
            args.connections,
            workdir,
        )
        if args.synthetic_triples:
            synthetic = workdir / "synthetic"
            t0 = time.perf_counter()
            count, probe = synthetic_store(synthetic, args.synthetic_triples, workdir)
            notes.append(
                f"Synthetic graph: `dtkg synth --triples {args.synthetic_triples} --seed 42` plus the ontology, "
                f"{count} quads, generated and loaded in {time.perf_counter() - t0:.0f} s. The probes are the worst "
                f"case for a speaker lookup: the speaker with the most claims (`{probe['speaker']}`), its entity page, "
                f"and a search for its first name (`{probe['q']}`)."
            )
            print(f"synthetic graph: {count} quads", flush=True)
            results += measure(
                "synthetic",
                synthetic,
                {
                    "search": f"/api/entities?q={probe['q']}",
                    "entity": f"/api/entities/{probe['entity']}",
                    "claims by speaker": f"/api/claims?speaker={probe['speaker']}",
                },
                args.duration,
                args.connections,
                workdir,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(results, args, notes)
    print(text)
    if not args.no_write:
        target = ROOT / "BENCHMARKS.md"
        existing = target.read_text() if target.exists() else "# Benchmarks\n"
        target.write_text(existing.rstrip("\n") + "\n\n" + text)


if __name__ == "__main__":
    main()
