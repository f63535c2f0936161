"""SHACL validation at scale: a ~100-triple change, the full graph, and ``dtkg build`` with validation.

The change is one more synthetic source document (``graph.synth.extra_document``,
3 claims, about 100 triples) citing the graph's own entities. dtkg validates it
with :func:`graph.validation.incremental.validate_change` (the neighbourhood of
the change, fetched from the store with bound one-node queries, then the one
entry point on that). The baseline is one pyshacl run over the whole graph
(``graph.validation.validate(engine="pyshacl")``), in its own process
(``python -m bench.probe validate-full``) because it takes minutes; its
result is cached in the work folder as ``validate-full-SIZE.json`` and
reused (the report says when it was measured). dtkg's full validation is the
entry point with the compiled engine, timed in fresh processes and compared
with pyshacl's results as sets of (focus, path, shape, constraint), on the
clean graph and on a 100k graph with seeded defects. :func:`build` times
``dtkg build`` with validation against its parts (raw build, compiled
validation alone) and against a build validated by pyshacl within a budget.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.timing import interleaved
from graph import synth
from graph.store import OxigraphStore

CHANGE_CLAIMS = 3


def change_quads(n: int, defect_rate: float = 0.0) -> tuple[list[ox.Quad], synth.SynthReport]:
    text, report = synth.extra_document(n, seed=42, claims=CHANGE_CLAIMS, defect_rate=defect_rate)
    return list(ox.parse(text.encode(), ox.RdfFormat.N_QUADS)), report


def incremental(store_path: Path, n: int, rounds: int) -> dict[str, Any]:
    from graph.validation import incremental as change

    store = OxigraphStore(store_path, read_only=True)
    good, _ = change_quads(n)
    bad, bad_report = change_quads(n, defect_rate=1.0)
    timings = interleaved({
        "good": lambda: change.validate_change(store, [], good),
        "bad": lambda: change.validate_change(store, [], bad),
    }, rounds)
    good_report, found = timings["good"]["value"], timings["bad"]["value"]
    nb = change.Neighbourhood(store, [], good)
    focus, candidate = change.focus_and_candidate(nb)
    by_shape: dict[str, set[str]] = defaultdict(set)
    for v in found.violations:
        by_shape[v.shape_id].add(v.focus)
    expected = {synth.DEFECT_KINDS[k]: set(v) for k, v in bad_report.defects.items() if v}
    store.close()
    return {
        "change_triples": len(good), "focus_nodes": len(focus), "candidate_triples": len(candidate),
        "lookups": nb.queries,
        "good_s": timings["good"]["median"], "good_first_s": timings["good"]["first"],
        "good_conforms": good_report.conforms,
        "bad_s": timings["bad"]["median"], "bad_defects": sum(len(v) for v in expected.values()),
        "bad_found_exactly": dict(by_shape) == expected, "runs": rounds,
    }


def full(workdir: Path, graph_file: Path, label: str, *, refresh: bool = False, timeout: float = 3600,
         wait: bool = True) -> dict[str, Any] | None:
    """One full pyshacl validation (cached in the work folder); None when it failed or timed out.

    With ``wait=False`` a validation still running into the cache is not waited
    for and none is started: the answer is None (the report says it did not finish).
    """
    cache = workdir / f"validate-full-{label}.json"
    if not wait:
        try:
            return json.loads(cache.read_text()) if cache.exists() else None
        except json.JSONDecodeError:
            return None
    _wait_for_running(workdir / f"validate-full-{label}.pid", timeout)
    if cache.exists() and not refresh:
        try:
            result = json.loads(cache.read_text())
            result.setdefault("measured", time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(cache.stat().st_mtime)))
            return result
        except json.JSONDecodeError:
            pass
    try:
        out = subprocess.run([sys.executable, "-m", "bench.probe", "validate-full", str(graph_file)],
                             capture_output=True, text=True, timeout=timeout, check=True).stdout
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return None
    cache.write_text(out)
    result = json.loads(out)
    result["measured"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return result


def fast(graph_file: Path, runs: int) -> dict[str, Any]:
    """The entry point (compiled engine) over the whole file, ``runs`` fresh processes; median seconds and peak RSS."""
    outs = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-m", "bench.probe", "validate-fast", str(graph_file)],
                             capture_output=True, text=True, timeout=3600, check=True).stdout
        outs.append(json.loads(out))
    outs.sort(key=lambda o: o["seconds"])
    median = outs[len(outs) // 2]
    return {"seconds": median["seconds"], "peak_rss_mb": max(o["peak_rss_mb"] for o in outs),
            "violations": median["violations"], "runs": runs}


def build(graph_file: Path, workdir: Path, runs: int, pyshacl_budget: float) -> dict[str, Any]:
    """``dtkg build`` of the graph: with compiled validation, without (raw), compiled validation alone, and
    with pyshacl (one run, stopped after ``pyshacl_budget`` seconds); runs interleaved, medians."""
    samples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _ in range(runs):
        for kind in ("build-raw", "validate-fast", "build-compiled"):
            samples[kind].append(_probe(kind, graph_file, workdir / "probe-store", timeout=3600))
    out: dict[str, Any] = {"runs": runs}
    for kind, found in samples.items():
        seconds = sorted(o["seconds"] for o in found)
        out[kind] = {"seconds": seconds[len(seconds) // 2], "all_seconds": seconds,
                     "peak_rss_mb": max(o["peak_rss_mb"] for o in found)}
    out["ratio_to_parts"] = out["build-compiled"]["seconds"] / (out["build-raw"]["seconds"] + out["validate-fast"]["seconds"])
    try:
        pyshacl = _probe("build-pyshacl", graph_file, workdir / "probe-store", timeout=pyshacl_budget)
        out["build-pyshacl"] = {"seconds": pyshacl["seconds"], "peak_rss_mb": pyshacl["peak_rss_mb"]}
    except subprocess.TimeoutExpired:
        out["build-pyshacl"] = {"unfinished_after_s": pyshacl_budget}
    return out


def _probe(kind: str, graph_file: Path, target: Path, timeout: float) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.probe", kind, str(graph_file), str(target)],
                         capture_output=True, text=True, timeout=timeout, check=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool | None:
    if a is None or b is None:
        return None
    return {tuple(v) for v in a["violations"]} == {tuple(v) for v in b["violations"]}


def defects_file(workdir: Path, n: int, rate: float = 0.01) -> Path:
    path = workdir / f"synth-{n // 1000}k-defects.nq"
    if not path.exists() or not synth.sidecar(path).exists():
        synth.write(path, n, seed=7, defect_rate=rate)
    return path


def running_minutes(workdir: Path, label: str) -> float | None:
    """Minutes a full validation started into the cache has been running, or None."""
    pid_file = workdir / f"validate-full-{label}.pid"
    try:
        pid = int(pid_file.read_text().strip())
        ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    import os

    return (uptime - ticks / os.sysconf("SC_CLK_TCK")) / 60


def _wait_for_running(pid_file: Path, timeout: float) -> None:
    """A full validation started by hand into the cache (``PID > FILE.pid``) is waited for, not repeated."""
    if not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text().strip())
    except ValueError:
        return
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(5)
