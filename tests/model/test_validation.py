"""graph.validation: the curated data conforms, every shape fails on its own example, errors are located."""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import SH

from graph import paths, vocab
from graph.validation import DataParseError, Report, load_ontology, load_shapes, validate, validate_files

EXAMPLES = paths.ONTOLOGY_DIR / "examples"
INVALID = sorted(EXAMPLES.glob("S*-invalid-*.ttl"))
VALID = sorted(EXAMPLES.glob("S*-valid.ttl"))


def _shape_ids() -> set[str]:
    shapes = load_shapes()
    return {str(s)[len(vocab.SHAPES):] for s in shapes.subjects(rdflib.RDF.type, SH.NodeShape)
            if str(s).startswith(vocab.SHAPES + "S")}


def test_curated_data_conforms(data_files: list[Path]) -> None:
    report = validate_files(data_files)
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_fails_on_its_shape(path: Path) -> None:
    report = validate_files([path])
    shape_prefix = path.name.split("-", 1)[0] + "-"
    assert not report.conforms
    assert {v.shape_id.split("-", 1)[0] + "-" for v in report.violations} == {shape_prefix}, report.to_text()


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_says_why_on_its_first_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# Invalid: ")


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_example_conforms(path: Path) -> None:
    report = validate_files([path])
    assert report.conforms, report.to_text()


def test_every_shape_has_a_message_and_examples() -> None:
    shapes = load_shapes()
    for shape_id in _shape_ids():
        assert shapes.value(URIRef(vocab.SHAPES + shape_id), SH.message) is not None
    number = {s.split("-", 1)[0] for s in _shape_ids()}
    assert number == {p.name.split("-", 1)[0] for p in VALID}
    assert number == {p.name.split("-", 1)[0] for p in INVALID}


def test_shapes_are_valid_shacl() -> None:
    conforms, _, text = pyshacl.validate(load_shapes(), shacl_graph=None, meta_shacl=True, inference=None)
    # meta_shacl validates the shapes graph against SHACL's own shapes before use; an empty data graph then conforms.
    assert conforms, text


def test_violation_carries_file_line_and_path() -> None:
    path = EXAMPLES / "S07-invalid-01.ttl"
    (violation,) = validate_files([path]).violations
    assert violation.shape_id == "S07-claim-has-source"
    assert violation.focus == "https://example.org/dtkg-example/claim"
    assert violation.path == "http://schema.org/appearance"
    assert violation.constraint == "MinCountConstraintComponent"
    assert violation.severity == "Violation"
    assert violation.source_file == str(path)
    line = path.read_text(encoding="utf-8").splitlines()[violation.line - 1]
    assert line.startswith("ex:claim a dtkg:Claim")


def test_report_to_dict_is_json() -> None:
    report = validate_files([EXAMPLES / "S16-invalid-01.ttl"])
    decoded = json.loads(json.dumps(report.to_dict()))
    assert decoded["conforms"] is False
    assert decoded["violations"][0]["shape_id"] == "S16-span-matches-text"
    assert "S16-span-matches-text" in report.to_text()


def test_focus_nodes_give_the_same_verdict_as_full_validation() -> None:
    graph = rdflib.Graph().parse(EXAMPLES / "S16-invalid-01.ttl", format="turtle")
    full = validate(graph)
    evidence = "https://example.org/dtkg-example/claim-evidence"
    assert [v for v in full.violations if v.focus == evidence] == list(validate(graph, focus_nodes=[evidence]).violations)
    assert validate(graph, focus_nodes=["https://example.org/dtkg-example/alpha"]).conforms


def test_focus_nodes_still_check_nested_shapes() -> None:
    """Regression: pyshacl's focus_nodes option skipped sh:node on literal values, hiding bad dates."""
    graph = rdflib.Graph().parse(EXAMPLES / "S11-invalid-01.ttl", format="turtle")
    report = validate(graph, focus_nodes=["https://example.org/dtkg-example/claim"])
    assert [v.shape_id for v in report.violations] == ["S11-date-format"]


def test_python_rule_respects_focus_nodes() -> None:
    graph = rdflib.Graph().parse(EXAMPLES / "S01-invalid-01.ttl", format="turtle")
    assert not validate(graph, focus_nodes=["https://example.org/dtkg-example/bravo"]).conforms
    assert validate(graph, focus_nodes=["https://example.org/dtkg-example/alpha"]).conforms


def test_validation_does_not_modify_the_data() -> None:
    graph = rdflib.Graph().parse(EXAMPLES / "S18-valid.ttl", format="turtle")
    before = len(graph)
    validate(graph)
    assert len(graph) == before


def test_dataset_is_validated_as_the_union(curated: rdflib.Dataset) -> None:
    assert validate(curated).conforms


def test_parse_error_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(DataParseError) as raised:
        validate_files([broken])
    assert raised.value.file == str(broken)
    assert raised.value.line == 3


def test_parse_error_in_ntriples_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
                      "<https://example.org/a> <https://example.org/b> c .\n", encoding="utf-8")
    with pytest.raises(DataParseError) as raised:
        validate_files([broken])
    assert raised.value.line == 2


def test_unsupported_suffix_is_a_parse_error(tmp_path: Path) -> None:
    other = tmp_path / "data.xml"
    other.write_text("<rdf/>", encoding="utf-8")
    with pytest.raises(DataParseError):
        validate_files([other])


def test_loaders_return_the_shapes_and_ontology() -> None:
    assert isinstance(load_shapes(), rdflib.Graph) and len(load_shapes()) > 0
    assert (URIRef(vocab.ONTOLOGY + "Claim"), rdflib.RDF.type, rdflib.OWL.Class) in load_ontology()
    assert isinstance(validate(rdflib.Graph()), Report)
