"""``python -m bench``: run the whole benchmark suite and write BENCHMARKS.md.

Options: ``--sizes 100k`` for a quick run (default ``100k,1M``), ``--runs N``
(median of N, default 3), ``--only load,query,...`` to run some phases,
``--workdir DIR`` (default /tmp/dtkg-bench; synthetic graphs, stores and the
one-off full pyshacl validation are cached there), ``--out FILE``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from bench import data, machine, report

PHASES = ["synth", "load", "query", "http", "validation", "api", "fulltext", "network", "matching", "remote"]
ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def probe(kind: str, file: Path, target: Path | None = None) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.probe", kind, str(file)] + ([str(target)] if target else [])
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True, timeout=3600).stdout
    return json.loads(out)


def phase_synth(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from graph import synth

    rows = []
    for n in sorted(set(args.sizes) | set(args.synth_sizes)):
        times = []
        with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
            for _ in range(args.runs if n <= 1_000_000 else 1):
                start = time.perf_counter()
                rep = synth.write(Path(tmp) / "g.nq", n, seed=data.SEED)
                times.append(time.perf_counter() - start)
            size_mb = (Path(tmp) / "g.nq").stat().st_size / 1e6
        rows.append({"size": data.size_label(n), "triples": rep.triples, "graphs": rep.graphs, "claims": rep.claims,
                     "seconds": statistics.median(times), "runs": len(times), "mb": size_mb})
        log(f"synth {data.size_label(n)}: {statistics.median(times):.1f} s")
    results["synth"] = rows


def phase_load(args: argparse.Namespace, results: dict[str, Any]) -> None:
    rows = []
    for n in args.sizes:
        file = data.graph_file(args.workdir, n)
        target = args.workdir / "probe-store"
        runs: dict[str, list[dict[str, Any]]] = {"load-dtkg": [], "load-pyox": [], "load-rdflib": []}
        for round_ in range(args.runs):
            for kind in runs:
                runs[kind].append(probe(kind, file, target if kind != "load-rdflib" else None))
            log(f"load {data.size_label(n)} round {round_ + 1}: " + ", ".join(f"{k} {v[-1]['seconds']:.1f} s" for k, v in runs.items()))
        rows.append({"size": data.size_label(n), "runs": args.runs, "quads": runs["load-pyox"][0]["quads"], **{
            kind: {"seconds": statistics.median(r["seconds"] for r in v),
                   "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in v),
                   "quads": v[0]["quads"]} for kind, v in runs.items()}})
    results["load"] = rows


def phase_query(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import queries

    out = {}
    for n in args.sizes:
        store = data.store_dir(args.workdir, n)
        out[data.size_label(n)] = queries.in_process(store, data.probes(data.graph_file(args.workdir, n)), args.runs)
        log(f"query {data.size_label(n)} done")
    results["query"] = out


def phase_http(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import queries

    out: dict[str, Any] = {}
    for n in args.sizes:
        label = data.size_label(n)
        file = data.graph_file(args.workdir, n)
        store = data.store_dir(args.workdir, n)
        servers, notes = [], []
        try:
            servers.append(queries.oxigraph_server(store))
            dtkg = queries.dtkg_server(store)
            if dtkg is None:
                notes.append("dtkg /sparql: not measured (api/routes/sparql.py is not in the app yet)")
            else:
                servers.append(dtkg)
            if n in args.peer_sizes:
                try:
                    peer = queries.rdflib_endpoint_server(file)
                except RuntimeError as exc:
                    peer = None
                    notes.append(f"rdflib-endpoint did not start: {exc}")
                if peer is None:
                    notes.append(f"rdflib-endpoint: not measured (no {queries.PEER_VENV}/bin/rdflib-endpoint)")
                else:
                    servers.append(peer)
                    notes.append(f"rdflib-endpoint start-up (parse into rdflib's memory store): {peer.startup_s:.0f} s")
            else:
                notes.append(f"rdflib-endpoint: not run at {label} (--peer-sizes)")
            out[label] = {"queries": queries.over_http(servers, data.probes(file), args.runs), "notes": notes,
                          "servers": [s.name for s in servers]}
        finally:
            for server in servers:
                server.close()
        from bench import sparql_http

        texts = {name: queries.inline(text, bindings) for name, (text, bindings) in
                 queries.bench_queries(data.probes(file)).items()}
        out[label]["breakdown"] = sparql_http.breakdown(store, texts, args.runs)
        log(f"http {label} done")
    results["http"] = out


def phase_validation(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import validation

    out: dict[str, Any] = {}
    for n in args.sizes:
        label = data.size_label(n)
        entry: dict[str, Any] = {}
        if (ROOT / "graph" / "curation.py").exists():
            entry["incremental"] = validation.incremental(data.store_dir(args.workdir, n), n, args.runs)
            log(f"incremental validation {label}: {entry['incremental']['good_s']:.2f} s")
        if n in args.full_validation_sizes:
            log(f"full pyshacl validation {label} (cached in {args.workdir} after the first run; takes minutes)")
            entry["full"] = validation.full(args.workdir, data.graph_file(args.workdir, n), label,
                                           refresh=args.refresh_full_validation, wait=args.full_validation_wait)
            if entry["full"] is None:
                entry["full_running_min"] = validation.running_minutes(args.workdir, label)
            entry["fast"] = validation.fast(data.graph_file(args.workdir, n), args.runs)
            entry["same_results"] = validation.same(entry["full"], entry["fast"])
            log(f"fast full validation {label}: {entry['fast']['seconds']:.1f} s")
            log(f"dtkg build {label}: with compiled validation, raw, compiled alone; pyshacl within {args.pyshacl_budget:.0f} s")
            entry["build"] = validation.build(data.graph_file(args.workdir, n), args.workdir, args.runs, args.pyshacl_budget)
        out[label] = entry
    n = min(args.sizes)
    if args.defect_check:
        label = data.size_label(n) + " with defects"
        defects = validation.defects_file(args.workdir, n)
        log(f"full validation of {label}: pyshacl (cached) and fast")
        full = validation.full(args.workdir, defects, data.size_label(n) + "-defects", refresh=args.refresh_full_validation)
        fast = validation.fast(defects, 1)
        out[label] = {"full": full, "fast": fast, "same_results": validation.same(full, fast),
                      "seeded": json.loads(synth_sidecar(defects).read_text())["defect_counts"]}
    results["validation"] = out


def synth_sidecar(path: Path) -> Path:
    from graph import synth

    return synth.sidecar(path)


def phase_api(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import api

    results["api"] = api.measure(args.workdir, max(args.sizes), args.api_duration, args.api_connections)
    log("api done")


def phase_fulltext(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import fulltext

    results["fulltext"] = fulltext.measure(args.workdir, max(args.sizes), args.runs)
    log("fulltext done")


def phase_network(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import graphs

    results["network"] = graphs.run(args.network_edges, args.metrics_edges, args.runs)
    log("network done")


def phase_remote(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import remote

    n = max(args.sizes)
    results["remote"] = remote.run(args.workdir, n, args.runs)
    log(f"remote {data.size_label(n)} done")


def phase_matching(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from bench import matching

    results["matching"] = matching.measure(args.workdir, max(args.sizes))
    log("matching done")


BEGIN, END = "<!-- bench:suite -->", "<!-- /bench:suite -->"
REMOTE = ("<!-- bench:remote -->", "<!-- /bench:remote -->")


def write_report(path: Path, text: str, markers: tuple[str, str] = (BEGIN, END)) -> None:
    """Replace one block of BENCHMARKS.md (the suite's, or the remote phase's) and keep whatever is around it."""
    begin, end = markers
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if markers == (BEGIN, END) and BEGIN not in old and old.strip():  # older notes go after the suite's block
        others = old.removeprefix("# Benchmarks").strip()
        path.write_text(f"{BEGIN}\n{END}\n\n# Other benchmark notes\n\n{others}\n", encoding="utf-8")
    report.write_block(path, begin, end, text)



def write_blocks(out: Path, results: dict[str, Any]) -> None:
    """The phases with their own block of BENCHMARKS.md (each also written by its own ``python -m bench.<phase>``)."""
    from bench import api, fulltext

    if results.get("api"):
        report.write_block(out, *api.MARKERS, api.render(results["api"]))
    if results.get("fulltext"):
        report.write_block(out, *fulltext.MARKERS, fulltext.render(results["fulltext"]))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M", help="graph sizes (default 100k,1M)")
    parser.add_argument("--synth-sizes", default="5M", help="extra sizes only timed for the generator (default 5M; '' for none)")
    parser.add_argument("--peer-sizes", default="100k,1M", help="sizes at which rdflib-endpoint is measured")
    parser.add_argument("--full-validation-sizes", default="1M", help="sizes at which one full pyshacl validation runs (cached)")
    parser.add_argument("--refresh-full-validation", action="store_true", help="re-run the cached full validation")
    parser.add_argument("--pyshacl-budget", type=float, default=600.0,
                        help="seconds a 'dtkg build --engine pyshacl' may run before it is reported unfinished (default 600)")
    parser.add_argument("--no-full-validation-wait", dest="full_validation_wait", action="store_false",
                        help="use a cached full pyshacl validation only; never wait for or start one")
    parser.add_argument("--no-defect-check", dest="defect_check", action="store_false",
                        help="skip comparing fast and pyshacl validation on the smallest size with seeded defects")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are reported (default 3)")
    parser.add_argument("--only", default=",".join(PHASES), help=f"phases to run (default all: {','.join(PHASES)})")
    parser.add_argument("--api-duration", type=int, default=10, help="seconds of load per API route")
    parser.add_argument("--api-connections", type=int, default=4, help="concurrent connections for the API load")
    parser.add_argument("--network-edges", type=int, default=50_000, help="edges of the projection benchmark")
    parser.add_argument("--metrics-edges", type=int, default=50_000, help="edges of the PageRank + Louvain benchmark")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dtkg-bench")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write the raw results here")
    parser.add_argument("--merge", action="store_true", help="keep the other phases' results of the last run (WORKDIR/results.json)")
    parser.add_argument("--render-only", action="store_true", help="rewrite the report from WORKDIR/results.json without measuring")
    args = parser.parse_args()

    def sizes(text: str) -> list[int]:
        return [data.parse_size(s) for s in text.split(",") if s.strip()]

    args.sizes = sorted(sizes(args.sizes))
    args.synth_sizes = sizes(args.synth_sizes)
    args.peer_sizes = sizes(args.peer_sizes)
    args.full_validation_sizes = sizes(args.full_validation_sizes)
    args.runs = max(1, args.runs)
    args.workdir.mkdir(parents=True, exist_ok=True)
    phases = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases {sorted(unknown)}; known: {PHASES}")

    saved = args.workdir / "results.json"
    if args.render_only:
        saved_results = json.loads(saved.read_text())
        write_report(args.out, report.render(saved_results))
        if saved_results.get("remote"):
            write_report(args.out, report.render_remote(saved_results), REMOTE)
        write_blocks(args.out, saved_results)
        log(f"wrote {args.out} from {saved}")
        return
    results: dict[str, Any] = {"machine": machine.describe(), "args": {
        "sizes": [data.size_label(n) for n in args.sizes], "runs": args.runs, "phases": phases}, "errors": {}}
    if args.merge and saved.exists():
        previous = json.loads(saved.read_text())
        kept = {k: val for k, val in previous.items() if k in PHASES and k not in phases}
        results.update(kept)
        results["errors"] = {k: val for k, val in previous.get("errors", {}).items() if k not in phases}
        results["total_s_previous"] = previous.get("total_s", 0) + previous.get("total_s_previous", 0)
    started = time.perf_counter()
    for name in PHASES:
        if name not in phases:
            continue
        log(f"phase {name}")
        try:
            globals()[f"phase_{name}"](args, results)
        except Exception as exc:  # one failing phase must not lose the others' results
            traceback.print_exc()
            results["errors"][name] = f"{type(exc).__name__}: {exc}"
    results["total_s"] = time.perf_counter() - started
    saved.write_text(json.dumps(results, indent=1, default=str))
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=1, default=str))
    if {"remote"} != set(phases):  # a run of only the remote phase leaves the suite's block alone
        write_report(args.out, report.render(results))
    if results.get("remote"):
        write_report(args.out, report.render_remote(results), REMOTE)
    write_blocks(args.out, results)
    if "matching" in results:  # its own block of BENCHMARKS.md, also written by python -m bench.matching
        from bench import matching

        matching.write(args.out, matching.render(results["matching"]))
    log(f"wrote {args.out} in {results['total_s'] / 60:.1f} min")
    shutil.rmtree(args.workdir / "probe-store", ignore_errors=True)


if __name__ == "__main__":
    main()
