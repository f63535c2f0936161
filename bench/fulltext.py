"""Full-text search at scale: the index beside the store against q5's ``CONTAINS`` scan, with the same hits.

Run: ``.venv/bin/python -m bench.fulltext --write`` (also the ``fulltext`` phase of
``make bench``). On the synthetic graph (``dtkg synth``, seed 42, default 1M
triples) it builds the index (:mod:`graph.model.fulltext`) into a scratch file,
then times in interleaved rounds: q5 as dtkg runs it (the needle bound as a
term), q5 in raw pyoxigraph (the needle written into the text), the index's
substring lookup (what ``/api/claims?q=`` uses) and its phrase query (what
``/api/search?kind=claim`` uses) for the same words, and compares the claim sets.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench import data, queries
from bench.report import publish
from bench.timing import interleaved, timed
from graph.matching.fold import fold
from graph.model.fulltext import FullTextIndex
from graph.store import OxigraphStore

TARGET = 20.0
"""The index must be at least this many times faster than the raw q5 scan (issue 18, point 3)."""


def _claims(result: Any) -> set[str]:
    return {row["claim"].value for row in result}


def measure(workdir: Path, triples: int, runs: int) -> dict[str, Any]:
    store_path = data.store_dir(workdir, triples)
    probes = data.probes(data.graph_file(workdir, triples))
    needle = probes["text"]
    text, bindings = queries.bench_queries(probes)["q5-text-search"]
    constant = queries.inline(text, bindings)
    store = OxigraphStore(store_path, read_only=True)
    raw = ox.Store.read_only(str(store_path))
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        index = FullTextIndex(Path(tmp) / "index.sqlite")
        build_s, _ = timed(lambda: index.rebuild(store, "bench"))
        size_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        cases = {
            "q5 dtkg": lambda: _claims(store.query(text, bindings)),
            "q5 pyoxigraph": lambda: _claims(raw.query(constant, use_default_graph_as_union=True)),
            "index substring": lambda: index.containing(fold(needle)),
            "index phrase": lambda: index.matching_iris(f'"{needle}"', "claim"),
        }
        timings = interleaved(cases, runs)
        index.close()
    store.close()
    hits = {name: t["value"] for name, t in timings.items()}
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": list(os.getloadavg()),
        "size": data.size_label(triples),
        "needle": needle,
        "runs": runs,
        "build_s": build_s,
        "index_mb": size_mb,
        "seconds": {name: t["median"] for name, t in timings.items()},
        "hits": {name: len(found) for name, found in hits.items()},
        "same_as_q5": {name: found == hits["q5 pyoxigraph"] for name, found in hits.items()},
    }


def render(result: dict[str, Any]) -> str:
    sec, hits, same = result["seconds"], result["hits"], result["same_as_q5"]
    base = sec["q5 pyoxigraph"]

    def row(name: str, what: str, target: bool) -> str:
        speedup = base / sec[name] if sec[name] else float("inf")
        ok = speedup >= TARGET and same[name]
        met = ("**yes**" if ok else "**no**") if target else "–"
        return (f"| {what} | {sec[name] * 1000:.1f} ms | {base * 1000:.1f} ms | {speedup:.0f}× faster | {hits[name]} | "
                f"{'yes' if same[name] else '**no**'} | {'≥ 20× faster, same hits' if target else '–'} | {met} |")

    return "\n".join([
        "## Full-text search",
        "",
        f"Written by `python -m bench.fulltext --write` (also the `fulltext` phase of `make bench`) on {result['date']}, "
        f"load average at start {', '.join(f'{x:.1f}' for x in result['load_average'])} (shared 2-CPU machine, other "
        f"work running). The {result['size']} synthetic graph; needle `{result['needle']}` (the probe of q5); medians of "
        f"{result['runs']} interleaved rounds after a warm-up. Baseline: q5 (`bench/queries/q5-text-search.rq`, "
        "`CONTAINS(LCASE(?text), …)` over every quote) in raw pyoxigraph with the needle as a constant. Index: "
        f"`graph/model/fulltext.py`, built in {result['build_s']:.1f} s, {result['index_mb']:.0f} MB on disk.",
        "",
        "| Measure | dtkg | q5 in pyoxigraph (same run) | Ratio | Claims | Same claims as q5 | Target | Met |",
        "|---|---:|---:|---:|---:|---|---|---|",
        row("index substring", "`/api/claims?q=` lookup: trigram substring of the folded texts", True),
        row("index phrase", "`/api/search?kind=claim` lookup: FTS5 phrase query (words)", False),
        row("q5 dtkg", "q5 through dtkg's store API (needle bound as a term)", False),
        "",
    ]) + "\n"


MARKERS = ("<!-- bench:fulltext -->", "<!-- /bench:fulltext -->")
"""Where its block of BENCHMARKS.md begins and ends."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fulltext", description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dtkg-bench"))
    parser.add_argument("--write", action="store_true", help="write the section of BENCHMARKS.md")
    args = parser.parse_args(argv)
    return publish(render(measure(args.workdir, args.triples, args.runs)), MARKERS, write=args.write)


if __name__ == "__main__":
    sys.exit(main())
