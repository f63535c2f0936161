"""``python -m bench.matching``: how well the entity matcher finds what researchers type, and how fast.

Accuracy (default): every variant in ``bench/data/matching-variants.tsv`` is
matched against the curated graph (built into a temporary store, or ``--store
DIR``) and the scorer prints top-1 accuracy, recall@5 and wrong auto-matches
(an auto-match on the wrong entity, or on a name the graph does not hold),
then the misses. Targets: top-1 ≥ 95 %, recall@5 ≥ 99 %, 0 wrong auto-matches.

Speed (``--speed``): on the synthetic graph of ``--triples`` (default 1M,
cached in ``--workdir`` like the other benchmarks) it times the matcher's index
build with its memory (tracemalloc peak), the single-search latency (p50/p99
over names drawn from the graph, misspelt and transliterated) and a 100-query
reconciliation batch, and the same on the curated graph for a same-run ratio.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import data
from graph.build import build
from graph.matching import Matcher
from graph.model import reconcile, snapshot
from graph.store import OxigraphStore, Store

VARIANTS = Path(__file__).resolve().parent / "data" / "matching-variants.tsv"


@dataclass(frozen=True)
class Variant:
    name: str
    expected: str | None
    case: str
    type: str | None


@dataclass
class Report:
    variants: int = 0
    positives: int = 0
    top1: int = 0
    recall5: int = 0
    wrong_auto: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.positives if self.positives else 0.0

    @property
    def recall5_rate(self) -> float:
        return self.recall5 / self.positives if self.positives else 0.0


def read_variants(path: Path = VARIANTS) -> list[Variant]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t"):
        expected = row["expected"].strip()
        out.append(Variant(row["variant"], None if expected == "-" else expected, row["case"], (row.get("type") or "").strip() or None))
    return out


def evaluate(matcher: Matcher, variants: Iterable[Variant]) -> Report:
    report = Report()
    for v in variants:
        report.variants += 1
        found = matcher.match(v.name, types=[v.type] if v.type else None, limit=5)
        ids = [m.id for m in found]
        auto = Matcher.auto_match(found)
        if auto and (v.expected is None or ids[0] != v.expected):
            report.wrong_auto.append(f"{v.name!r} auto-matched {ids[0]} (expected {v.expected or 'nothing'})")
        if v.expected is None:
            continue
        report.positives += 1
        report.top1 += bool(ids) and ids[0] == v.expected
        report.recall5 += v.expected in ids
        if not ids or ids[0] != v.expected:
            shown = ", ".join(f"{m.id} {m.score:g} {m.reason}" for m in found[:3]) or "nothing"
            report.misses.append(f"{v.name!r} [{v.case}] expected {v.expected}, got {shown}")
    return report


def curated_snapshot(store_dir: Path | None) -> snapshot.Snapshot:
    if store_dir is not None:
        return snapshot.build(OxigraphStore(store_dir, read_only=True))
    tmp = Path(tempfile.mkdtemp(prefix="dtkg-matching-"))
    store = OxigraphStore(tmp / "store")
    build(store)
    return snapshot.build(store)


def accuracy(args: argparse.Namespace) -> int:
    snap = curated_snapshot(args.store)
    report = evaluate(snap.matcher, read_variants(args.variants))
    print(f"variants: {report.variants} ({report.positives} with an entity, {report.variants - report.positives} without)")
    print(f"top-1 accuracy: {report.top1_rate:.1%} ({report.top1}/{report.positives})")
    print(f"recall@5: {report.recall5_rate:.1%} ({report.recall5}/{report.positives})")
    print(f"wrong auto-matches: {len(report.wrong_auto)}")
    for line in report.wrong_auto:
        print("  WRONG AUTO-MATCH", line)
    for line in report.misses:
        print("  miss", line)
    return 0 if not report.wrong_auto and report.top1_rate >= 0.95 and report.recall5_rate >= 0.99 else 1


# ---- speed ----

_TYPO = str.maketrans({"e": "a", "o": "u", "i": "y"})


def queries_from(snap: snapshot.Snapshot, n: int, seed: int = 42) -> list[str]:
    """Names as people type them, drawn from the graph: exact, lower-cased, misspelt, truncated, Cyrillic."""
    rng = random.Random(seed)
    labels = [label.text for labels in snap.names.values() for label in labels]
    out = []
    for i in range(n):
        text = rng.choice(labels)
        kind = i % 5
        if kind == 1:
            text = text.lower()
        elif kind == 2 and len(text) > 4:
            cut = rng.randrange(1, len(text) - 1)
            text = text[:cut] + text[cut + 1 :]  # a dropped letter
        elif kind == 3:
            text = text.translate(_TYPO)
        elif kind == 4:
            text = text[: max(3, len(text) // 2)]
        out.append(text)
    return out


def timings(snap: snapshot.Snapshot, queries: list[str]) -> dict[str, float]:
    matcher = snap.matcher
    for q in queries[:20]:
        matcher.match(q)  # warm the transliteration caches
    each = []
    for q in queries:
        start = time.perf_counter()
        matcher.match(q, limit=5)
        each.append(time.perf_counter() - start)
    each.sort()
    return {"p50_ms": statistics.median(each) * 1000, "p99_ms": each[int(len(each) * 0.99) - 1] * 1000}


def batch_seconds(store: Store, snap: snapshot.Snapshot, names: list[str]) -> float:
    """One reconciliation batch through the same code as ``POST /reconcile``, minus HTTP."""
    queries = [reconcile.Query(f"q{i}", name, (), "any", 5, ()) for i, name in enumerate(names)]
    start = time.perf_counter()
    for query in queries:
        reconcile.answer(store, snap, query)
    return time.perf_counter() - start


def matcher_cost(snap: snapshot.Snapshot) -> tuple[float, float]:
    """Seconds to build the matcher from the snapshot's names, and the peak MiB it allocated (tracemalloc)."""
    labels = [label for names in snap.names.values() for label in names]
    tracemalloc.start()
    start = time.perf_counter()
    Matcher.build(labels, snap.types, snap.superclasses, display=snap.label, resolve_type=snap.class_for)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def speed(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="dtkg-matching-") as tmp:
        curated = OxigraphStore(Path(tmp) / "store")
        build(curated)
        args.workdir.mkdir(parents=True, exist_ok=True)
        synthetic = OxigraphStore(data.store_dir(args.workdir, args.triples), read_only=True)
        for name, store in (("curated", curated), (data.size_label(args.triples), synthetic)):
            start = time.perf_counter()
            snap = snapshot.build(store)
            snapshot_s = time.perf_counter() - start
            build_s, peak = matcher_cost(snap)
            queries = queries_from(snap, 1000)
            lat = timings(snap, queries)
            batch = statistics.median(batch_seconds(store, snap, queries[i * 100 : (i + 1) * 100]) for i in range(3))
            row = {"graph": name, "labels": len(snap.matcher), "snapshot_s": snapshot_s, "build_s": build_s,
                   "peak_mib": peak, **lat, "batch100_s": batch}  # fmt: skip
            rows.append(row)
            print(f"{name}: {row['labels']} labels; matcher build {build_s:.2f} s, peak {peak:.0f} MiB traced "
                  f"(whole snapshot {snapshot_s:.2f} s); search p50 {lat['p50_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms; "
                  f"100-query batch {batch:.3f} s", flush=True)
    small, big = rows
    print(f"ratios {big['graph']}/curated: labels {big['labels'] / small['labels']:.0f}x, "
          f"build {big['build_s'] / small['build_s']:.0f}x, p99 {big['p99_ms'] / small['p99_ms']:.1f}x, "
          f"batch {big['batch100_s'] / small['batch100_s']:.1f}x")
    ok = big["build_s"] < 10 and big["p99_ms"] < 20 and big["batch100_s"] < 1
    print("targets (1M: build < 10 s, p99 < 20 ms, 100-query batch < 1 s):", "met" if ok else "NOT met")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=Path, default=VARIANTS)
    parser.add_argument("--store", type=Path, default=None, help="an already built store (default: build the curated graph)")
    parser.add_argument("--speed", action="store_true", help="time the index build, single searches and a 100-query batch")
    parser.add_argument("--triples", type=int, default=1_000_000, help="synthetic graph size for --speed")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dtkg-bench"))
    args = parser.parse_args(argv)
    return speed(args) if args.speed else accuracy(args)


if __name__ == "__main__":
    sys.exit(main())
