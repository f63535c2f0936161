"""The compiled engine gives the same verdict as pyshacl, the oracle, on dtkg's shapes.

Compared as sets of (focus node, path, shape id, constraint component) on every
shape example file, the curated data and synthetic graphs with seeded defects,
through the one entry point with ``engine="compiled"`` and ``engine="pyshacl"``.
Every dtkg shape is compiled (none delegated), so this compares the engines.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import paths, synth
from graph.rdf import parse
from graph.validation import Report, load_ontology, load_shapes, plan, validate

EXAMPLES = sorted((paths.ONTOLOGY_DIR / "examples").glob("*.ttl"))


def results(report: Report) -> set[tuple[str, str | None, str, str]]:
    return {(v.focus, v.path, v.shape_id, v.constraint) for v in report.violations}


def assert_same(quads: list[ox.Quad]) -> set[tuple[str, str | None, str, str]]:
    expected = results(validate(quads, engine="pyshacl"))
    assert results(validate(quads, engine="compiled")) == expected
    return expected


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_same_results_as_pyshacl_on_the_shape_examples(example: Path) -> None:
    found = assert_same(list(ox.parse(path=str(example))))
    assert bool(found) == ("-invalid-" in example.name)


def test_same_results_as_pyshacl_on_the_curated_data() -> None:
    _, data = parse.read_all()
    assert assert_same(parse.all_quads(data)) == set()


@pytest.mark.parametrize(("seed", "rate"), [(11, 0.0), (12, 0.1), (13, 0.3)])
def test_same_results_as_pyshacl_on_seeded_defects(seed: int, rate: float) -> None:
    buffer = io.StringIO()
    report = synth.generate(buffer, 6000, seed=seed, defect_rate=rate)
    found = assert_same(list(ox.parse(buffer.getvalue().encode(), ox.RdfFormat.N_QUADS)))
    assert {focus for focus, *_ in found} == {node for nodes in report.defects.values() for node in nodes}


def test_original_literal_datatypes_are_checked_not_oxigraphs_canonical_ones() -> None:
    # Oxigraph stores "28"^^xsd:int as "28"^^xsd:integer, which S15 would accept; xsd:int itself it must not.
    example = paths.ONTOLOGY_DIR / "examples" / "S15-valid.ttl"
    start = ox.NamedNode("http://www.w3.org/ns/oa#start")
    xsd_int = ox.NamedNode("http://www.w3.org/2001/XMLSchema#int")
    quads = [
        ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value, datatype=xsd_int), q.graph_name)  # type: ignore[union-attr]
        if q.predicate == start else q
        for q in ox.parse(path=str(example))
    ]
    found = assert_same(quads)
    assert {(path, constraint) for _, path, _, constraint in found} == {(start.value, "OrConstraintComponent")}


def test_every_dtkg_shape_is_compiled() -> None:
    the_plan = plan(load_shapes())
    assert the_plan.delegated == ()
    assert len(the_plan.compiled) == len(the_plan.targeted) > 20
    assert set(the_plan.rules) == {"S01-subject-has-type", "S11-date-format", "S20-truthy-triple-has-relation"}


def test_a_shape_feature_it_does_not_compile_is_delegated_and_still_checked() -> None:
    import rdflib
    from rdflib.namespace import SH

    shapes = rdflib.Graph()
    shapes.parse(data=(paths.ONTOLOGY_DIR / "shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    shape = rdflib.URIRef("https://w3id.org/dtkg/shapes#S27-meeting")
    shapes.add((shape, SH.closed, rdflib.Literal(True)))
    (delegated, why), = plan(shapes).delegated
    assert delegated.shape_id == "S27-meeting" and "closed" in why
    example = [q for q in ox.parse(path=str(paths.ONTOLOGY_DIR / "examples" / "S27-valid.ttl"))]
    found = results(validate(example, shapes=shapes, ontology=load_ontology()))
    assert "ClosedConstraintComponent" in {c for *_, c in found}
    assert found == results(validate(example, shapes=shapes, ontology=load_ontology(), engine="pyshacl"))


DISCOVERY_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dsh: <https://w3id.org/dtkg/shapes#> .
@prefix ex: <https://example.org/> .
dsh:X1-node a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
dsh:X2-property a sh:PropertyShape ; sh:targetSubjectsOf ex:q ; sh:path ex:p ; sh:minCount 1 .
ex:Thing a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
[] a sh:NodeShape ; sh:targetObjectsOf ex:q ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
dsh:X3-untargeted a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
"""
DISCOVERY_DATA = """@prefix ex: <https://example.org/> .
ex:a ex:r 1 . ex:b ex:q ex:c . ex:d a ex:Thing .
"""


@pytest.mark.parametrize("engine", ["compiled", "pyshacl"])
def test_every_kind_of_target_is_found_and_checked(engine: str) -> None:
    """Regression: shapes with only sh:targetNode, top-level property shapes, implicit class targets and
    sh:targetObjectsOf were neither checked nor refused by the old compiled validator."""
    import rdflib

    shapes = rdflib.Graph().parse(data=DISCOVERY_SHAPES, format="turtle")
    the_plan = plan(shapes, engine)  # type: ignore[arg-type]
    assert len(the_plan.targeted) == 4
    assert len(the_plan.compiled) == (4 if engine == "compiled" else 0)
    data = rdflib.Graph().parse(data=DISCOVERY_DATA, format="turtle")
    found = {(v.focus, v.constraint) for v in validate(data, shapes=shapes, engine=engine).violations}  # type: ignore[arg-type]
    assert found == {(f"https://example.org/{x}", "MinCountConstraintComponent") for x in "abcd"}
