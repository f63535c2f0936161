"""The ``dtkg`` command line, run as a user runs it: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from api.cli import main
from tests.conftest import ROOT
from tests.support.servers import free_port

COMMANDS = sorted(main.commands)


def dtkg(*args: str, store: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DTKG_")}
    if store is not None:
        full_env["DTKG_STORE"] = str(store)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=240
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("dtkg: error:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = dtkg("build", "--quiet", store=store)
    assert result.returncode == 0, result.stderr
    return store


def test_help_lists_every_command() -> None:
    result = dtkg("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"  {command}" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = dtkg(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout


def test_build_prints_counts_per_graph_and_class(built: Path) -> None:
    result = dtkg("build", "--quiet", store=built)
    assert result.returncode == 0, result.stderr
    assert "triples per named graph:" in result.stdout
    assert "https://w3id.org/dtkg/graph/ontology" in result.stdout
    assert "entities per class:" in result.stdout


def test_build_is_idempotent(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = dtkg("build", "--quiet", store=store)
    second = dtkg("build", "--quiet", store=store)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    fingerprints = [line for r in (first, second) for line in r.stdout.splitlines() if line.startswith("fingerprint:")]
    assert len(fingerprints) == 2 and fingerprints[0] == fingerprints[1]
    totals = [line.split(":")[1].split()[0] for r in (first, second) for line in r.stdout.splitlines() if line.startswith("built ")]
    assert totals[0] == totals[1]


def test_build_with_empty_data_folder_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = dtkg("build", "--data", str(empty), store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert "no curated data files" in result.stderr


def test_build_with_a_broken_file_names_file_and_line_and_keeps_the_store(built: Path, tmp_path: Path) -> None:
    before = dtkg("export", "--format", "nq", store=built).stdout
    broken = tmp_path / "data"
    broken.mkdir()
    (broken / "bad.ttl").write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    result = dtkg("build", "--data", str(broken), store=built)
    assert_one_line_error(result, "bad.ttl:3")
    assert dtkg("export", "--format", "nq", store=built).stdout == before


def test_query_formats(built: Path) -> None:
    sparql = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    as_json = json.loads(dtkg("query", sparql, "--format", "json", store=built).stdout)
    graphs = {b["g"]["value"] for b in as_json["results"]["bindings"]}
    assert "https://w3id.org/dtkg/graph/ontology" in graphs
    csv_lines = [line for line in dtkg("query", sparql, "--format", "csv", store=built).stdout.splitlines() if line]
    assert csv_lines[0].strip() == "g,n" and len(csv_lines) == len(graphs) + 1
    table = dtkg("query", sparql, store=built).stdout
    assert f"({len(graphs)} row" in table


def test_query_construct_as_turtle(built: Path) -> None:
    result = dtkg("query", "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3", "--format", "turtle", store=built)
    assert result.returncode == 0, result.stderr
    assert len(list(ox.parse(result.stdout.encode(), ox.RdfFormat.TURTLE))) == 3


def test_query_from_file(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "ask.rq"
    rq.write_text("ASK { GRAPH <https://w3id.org/dtkg/graph/ontology> { ?s ?p ?o } }")
    result = dtkg("query", "--file", str(rq), store=built)
    assert result.returncode == 0 and result.stdout.strip() == "true"


def test_named_query_runs(built: Path) -> None:
    result = dtkg("query", "--name", "graph-sizes", "--format", "json", store=built)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["head"]["vars"] == ["graph", "triples"]


def test_unknown_named_query(built: Path) -> None:
    assert_one_line_error(dtkg("query", "--name", "no-such-query", store=built), "no-such-query")


def test_bad_param_syntax(built: Path) -> None:
    assert_one_line_error(dtkg("query", "--name", "graph-sizes", "--param", "oops", store=built), "name=value")


def test_unknown_param(built: Path) -> None:
    assert_one_line_error(dtkg("query", "--name", "graph-sizes", "--param", "x=1", store=built), "no parameter x")


def test_query_syntax_error_is_one_line(built: Path) -> None:
    assert_one_line_error(dtkg("query", "SELECT ?s WHERE { ?s ?p }", store=built), "syntax error")


def test_query_on_missing_store_says_build(tmp_path: Path) -> None:
    assert_one_line_error(dtkg("query", "ASK {}", store=tmp_path / "missing"), "dtkg build")


def test_unreachable_endpoint_is_one_line_with_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = dtkg("query", "ASK {}", env={"DTKG_ENDPOINT": url, "DTKG_CONNECT_TIMEOUT": "2"})
    assert_one_line_error(result, url)


def test_bad_setting_is_one_line() -> None:
    assert_one_line_error(dtkg("queries", env={"DTKG_QUERY_TIMEOUT": "soon"}), "DTKG_QUERY_TIMEOUT")


def test_bad_flag_setting_is_one_line() -> None:
    assert_one_line_error(dtkg("queries", env={"DTKG_ACCESS_LOG": "maybe"}), "DTKG_ACCESS_LOG")


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("trig", ox.RdfFormat.TRIG),
        ("nq", ox.RdfFormat.N_QUADS),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_export_round_trips(built: Path, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = dtkg("export", "--format", fmt, "--out", str(out), store=built)
    assert result.returncode == 0, result.stderr
    parsed = list(ox.parse(out.read_bytes(), rdf_format))
    reference = list(ox.parse(dtkg("export", "--format", "nq", store=built).stdout.encode(), ox.RdfFormat.N_QUADS))
    if rdf_format.supports_datasets:
        assert set(parsed) == set(reference)
        assert {q.graph_name for q in parsed} == {q.graph_name for q in reference}
    else:
        assert {(q.subject, q.predicate, q.object) for q in parsed} == {(q.subject, q.predicate, q.object) for q in reference}


def examples_in(doc: str) -> list[str]:
    """The example command lines a command's docstring gives (after ``Example:`` / ``Examples:``)."""
    lines, found, inside = doc.splitlines(), [], False
    for line in lines:
        text = line.strip()
        if text.startswith(("Example:", "Examples:")):
            inside = True
            text = text.split(":", 1)[1].strip()
        if inside and text.startswith("dtkg "):
            found.append(text)
    return found


@pytest.mark.parametrize("command", sorted(main.commands))
def test_help_keeps_each_example_on_its_own_line(command: str) -> None:
    """click rewraps help paragraphs; examples must come out whole, one per line, so they can be copied."""
    doc = main.commands[command].callback.__doc__ or ""  # type: ignore[union-attr]  # every command has a callback
    examples = examples_in(doc)
    assert examples, f"dtkg {command} --help gives no example"
    shown = [line.strip() for line in CliRunner().invoke(main, [command, "--help"]).output.splitlines()]
    for example in examples:
        assert example in shown or f"Example: {example}" in shown


def test_build_and_add_leave_the_full_text_index_at_the_store_version(tmp_path: Path) -> None:
    from graph.config import load_settings
    from graph.model.fulltext import FullTextIndex
    from graph.store import OxigraphStore, layout

    store_path = tmp_path / "store"
    settings = load_settings({"DTKG_STORE": str(store_path)})
    assert dtkg("build", "--quiet", store=store_path).returncode == 0
    added = dtkg("add", str(ROOT / "examples" / "sample-change.trig"), "-m", "sample", store=store_path)
    assert added.returncode == 0, added.stderr
    store = OxigraphStore(store_path, read_only=True)
    try:
        index = FullTextIndex(layout.fulltext_path(settings))
        assert index.version() == layout.version(store, settings)
        assert index.matching_iris("harbourline", "source"), "the added document is searchable with no rebuild"
    finally:
        store.close()
