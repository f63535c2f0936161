"""Benchmark data: synthetic graphs (graph.synth) and dtkg stores built from them, cached in a work folder."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from graph import synth
from graph.rdf import parse
from graph.store import OxigraphStore

SEED = 42


def size_label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k"


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def graph_file(workdir: Path, n: int) -> Path:
    """The synthetic graph of ``n`` triples (generated once per work folder)."""
    path = workdir / f"synth-{size_label(n)}.nq"
    if not path.exists() or not synth.sidecar(path).exists():
        synth.write(path, n, seed=SEED)
    return path


def probes(path: Path) -> dict[str, str]:
    return json.loads(synth.sidecar(path).read_text())["probes"]


def ontology_quads() -> list[ox.Quad]:
    ontology, _ = parse.read_all()
    return parse.all_quads(ontology)


def store_dir(workdir: Path, n: int) -> Path:
    """A dtkg store (ontology + shapes graph, then the synthetic graph) as ``dtkg serve`` reads it."""
    path = workdir / f"store-{size_label(n)}"
    done = workdir / f"store-{size_label(n)}.complete"
    if (path / "CURRENT").exists() and done.exists():
        return path
    source = graph_file(workdir, n)

    def quads():
        yield from ontology_quads()
        yield from ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)

    store = OxigraphStore(path)
    store.replace_all(quads())
    store.close()
    done.write_text("")
    return path
