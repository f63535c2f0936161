"""``dtkg validate FILE --shapes S --engine E --format json``, run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import assert_one_line_error, dtkg

DATA = """@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing ; ex:n "abc"^^xsd:integer .
ex:b a ex:Thing ; ex:n 3 .
"""
SHAPES = """@prefix ex: <https://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:N .
ex:N sh:path ex:n ; sh:datatype xsd:integer .
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    data, shapes = tmp_path / "data.ttl", tmp_path / "shapes.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes.write_text(SHAPES, encoding="utf-8")
    return data, shapes


@pytest.mark.parametrize("engine", ["compiled", "pyshacl"])
def test_ill_typed_literal_is_a_violation_in_json(files: tuple[Path, Path], engine: str) -> None:
    data, shapes = files
    result = dtkg("validate", str(data), "--shapes", str(shapes), "--engine", engine, "--format", "json", "--quiet")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    (violation,) = report["violations"]
    assert {k: violation[k] for k in ("focus", "path", "constraint", "severity", "source_shape", "shape_id")} == {
        "focus": "https://example.org/a", "path": "https://example.org/n", "constraint": "DatatypeConstraintComponent",
        "severity": "Violation", "source_shape": "https://example.org/N", "shape_id": "https://example.org/S",
    }
    assert violation["message"]


def test_progress_goes_to_stderr_with_phases_and_times(files: tuple[Path, Path]) -> None:
    data, shapes = files
    result = dtkg("validate", str(data), "--shapes", str(shapes))
    assert result.returncode == 1
    assert "shapes: 1 shape(s) compiled, 0 delegated to pyshacl, 0 Python rule(s)" in result.stderr
    assert "validate (compiled): done in" in result.stderr
    assert "parse: done in" in result.stderr


def test_a_shapes_file_that_does_not_parse_is_one_line_naming_it(files: tuple[Path, Path], tmp_path: Path) -> None:
    data, _ = files
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <https://example.org/> .\nex:S a ex:T ;\n", encoding="utf-8")
    result = dtkg("validate", str(data), "--shapes", str(broken), "--quiet")
    assert result.returncode == 2
    assert_one_line_error(result, str(broken), "does not parse")


def test_a_shape_with_service_is_refused_not_run(files: tuple[Path, Path], tmp_path: Path) -> None:
    data, _ = files
    remote = tmp_path / "remote.ttl"
    remote.write_text(SHAPES + 'ex:S sh:sparql [ sh:select """SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { $this ?p ?o } }""" ] .\n',
                      encoding="utf-8")
    result = dtkg("validate", str(data), "--shapes", str(remote), "--quiet")
    assert result.returncode == 2
    assert_one_line_error(result, str(remote), "https://example.org/S", "SERVICE")
