"""The synthetic graph generator (graph/synth.py, ``dtkg synth``).

Small graphs only (5k-20k triples): speed is measured in bench/, never here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import synth
from graph.validation import validate
from tests.conftest import ROOT

OA = "http://www.w3.org/ns/oa#"
DTKG = "https://w3id.org/dtkg/ontology#"


def generate(triples: int, seed: int = 42, defect_rate: float = 0.0, fmt: str = "nquads") -> tuple[str, synth.SynthReport]:
    buffer = io.StringIO()
    report = synth.generate(buffer, triples, seed=seed, defect_rate=defect_rate, fmt=fmt)
    return buffer.getvalue(), report


def parse(text: str, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> list[ox.Quad]:
    return list(ox.parse(text.encode("utf-8"), fmt))


@pytest.fixture(scope="module")
def clean() -> tuple[list[ox.Quad], synth.SynthReport]:
    text, report = generate(8000, seed=5)
    return parse(text), report


@pytest.fixture(scope="module")
def defective() -> tuple[list[ox.Quad], synth.SynthReport]:
    text, report = generate(8000, seed=9, defect_rate=0.12)
    return parse(text), report


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_same_seed_same_bytes(fmt: str) -> None:
    assert generate(5000, seed=7, fmt=fmt)[0] == generate(5000, seed=7, fmt=fmt)[0]


def test_other_seed_other_graph() -> None:
    assert generate(5000, seed=7)[0] != generate(5000, seed=8)[0]


def test_trig_and_nquads_hold_the_same_quads() -> None:
    nquads, _ = generate(5000, seed=3)
    trig, _ = generate(5000, seed=3, fmt="trig")
    assert set(parse(nquads)) == set(parse(trig, ox.RdfFormat.TRIG))


@pytest.mark.parametrize("triples", [5000, 20000, 60000])
def test_size_within_five_percent(triples: int) -> None:
    text, report = generate(triples)
    quads = set(parse(text))
    assert abs(len(quads) - triples) <= 0.05 * triples
    assert report.triples == len(text.splitlines())


def test_one_named_graph_per_document(clean: tuple[list[ox.Quad], synth.SynthReport]) -> None:
    quads, report = clean
    graphs = {q.graph_name.value for q in quads}
    assert len(graphs) == report.documents + 1
    documents = {q.graph_name.value for q in quads if q.object == ox.NamedNode(DTKG + "SourceDocument")}
    assert documents == graphs - {"https://w3id.org/dtkg/graph/entities"}


def test_spans_match_their_source_text(clean: tuple[list[ox.Quad], synth.SynthReport]) -> None:
    quads, report = clean
    store = ox.Store()
    store.extend(quads)
    rows = list(store.query(
        f"""SELECT ?text ?exact ?prefix ?suffix ?start ?end WHERE {{
            ?ev <{OA}hasSource>/<{DTKG}text> ?text ;
                <{OA}hasSelector> ?q , ?p .
            ?q <{OA}exact> ?exact . OPTIONAL {{ ?q <{OA}prefix> ?prefix }} OPTIONAL {{ ?q <{OA}suffix> ?suffix }}
            ?p <{OA}start> ?start ; <{OA}end> ?end .
        }}""",
        use_default_graph_as_union=True,
    ))
    assert len(rows) == report.claims > 100
    mismatches = []
    for row in rows:
        text, start, end = row["text"].value, int(row["start"].value), int(row["end"].value)
        ok = text[start:end] == row["exact"].value
        ok &= row["prefix"] is None or text[:start].endswith(row["prefix"].value)
        ok &= row["suffix"] is None or text[end:].startswith(row["suffix"].value)
        if not ok:
            mismatches.append((row["exact"].value, start, end))
    assert mismatches == []
    # offsets count code points, and the texts contain non-ASCII characters before spans
    assert any(len(r["text"].value.encode()) != len(r["text"].value) for r in rows)


def test_conforms_to_the_shapes_at_defect_rate_zero(clean: tuple[list[ox.Quad], synth.SynthReport]) -> None:
    quads, report = clean
    assert all(not nodes for nodes in report.defects.values())
    result = validate(quads)
    assert result.violations == ()
    assert result.conforms


def test_validation_finds_exactly_the_seeded_defects(defective: tuple[list[ox.Quad], synth.SynthReport]) -> None:
    quads, report = defective
    assert all(report.defects[kind] for kind in synth.DEFECT_KINDS), report.defects
    result = validate(quads)
    found: dict[str, set[str]] = defaultdict(set)
    for violation in result.violations:
        found[violation.shape_id].add(violation.focus)
    expected = {synth.DEFECT_KINDS[kind]: set(nodes) for kind, nodes in report.defects.items()}
    assert dict(found) == expected


def dtkg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTKG_")}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_cli_writes_graph_and_defect_sidecar(tmp_path: Path) -> None:
    out = tmp_path / "g.nq"
    result = dtkg("synth", "--triples", "5000", "--seed", "2", "--defect-rate", "0.2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    sidecar = json.loads((tmp_path / "g.nq.defects.json").read_text())
    text, report = generate(5000, seed=2, defect_rate=0.2)
    assert out.read_text(encoding="utf-8") == text
    assert sidecar["defect_counts"] == {kind: len(nodes) for kind, nodes in report.defects.items()}
    assert sum(sidecar["defect_counts"].values()) > 0
    assert sidecar["defects"] == report.defects


def test_cli_rejects_an_unknown_extension(tmp_path: Path) -> None:
    result = dtkg("synth", "--triples", "5000", "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if line.startswith("dtkg: error:")] == [
        f"dtkg: error: {tmp_path / 'g.ttl'}: the output must end in .nq or .trig"
    ]
