"""``dtkg network`` run as a user runs it, over the curated graph built once per session."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tests.conftest import ROOT


def dtkg(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTKG_")}
    env["DTKG_STORE"] = str(store)
    return subprocess.run([sys.executable, "-m", "api.cli", "network", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)


def test_help_has_an_example(built_store_path: Path) -> None:
    result = dtkg(built_store_path, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout


def test_metrics_table_ranks_rosoboronexport_first(built_store_path: Path) -> None:
    result = dtkg(built_store_path, "--metrics", "--top", "1")
    assert result.returncode == 0, result.stderr
    firsts = [line.split()[2] for line in result.stdout.splitlines() if line.strip().startswith("1.")]
    assert firsts == ["rosoboronexport"] * 4


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_to_a_file_reads_back(built_store_path: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"net.{fmt}"
    result = dtkg(built_store_path, "--focus", "rosoboronexport", "--relation", "partnerRegion", "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert set(graph) == {"rosoboronexport", "region-middle-east", "region-asia-pacific", "region-africa",
                          "region-latin-america", "region-central-asia", "region-europe"}


def test_csv_and_json_to_stdout(built_store_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(dtkg(built_store_path, "--format", "csv").stdout)))
    body = json.loads(dtkg(built_store_path, "--format", "cytoscape").stdout)
    assert {r["id"] for r in rows} == {n["data"]["id"] for n in body["elements"]["nodes"]}


@pytest.mark.parametrize(("args", "needle"), [(["--as-of", "2026-13"], "as_of"), (["--focus", "nobody"], "nobody"), (["--relation", "sellsTo"], "sellsTo")])
def test_errors_are_one_line(built_store_path: Path, args: list[str], needle: str) -> None:
    result = dtkg(built_store_path, *args)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("dtkg: error:")]
    assert len(errors) == 1 and needle in errors[0], result.stderr


def test_an_entity_in_no_relation_is_exported_alone(built_store_path: Path) -> None:
    result = dtkg(built_store_path, "--focus", "mikheev", "--format", "cytoscape")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert [n["data"]["id"] for n in body["elements"]["nodes"]] == ["mikheev"]
    assert body["elements"]["edges"] == [] and body["meta"]["alone"] is True
