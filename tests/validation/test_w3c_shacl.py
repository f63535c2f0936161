"""The W3C SHACL test suite (core, and SHACL-SPARQL where pyshacl supports it) through the one entry point.

Each case is validated with :func:`graph.validation.validate_files` (what
``dtkg validate FILE --shapes SHAPES`` runs) and compared with the expected
report on ``conforms`` and the set of (focus node, path, constraint component,
severity). The compiled engine alone either gives the expected answer too or
says which shapes it does not compile (they go to pyshacl). No case may give a
wrong answer without a word. Skipped when ``../shared`` (the suite) is absent.
"""

from __future__ import annotations

import pytest

from graph.errors import BadShapes
from graph.rdf.parse import from_rdflib
from graph.validation import plan, read_shapes, validate_files
from graph.validation.compiled import load_store, run_shapes
from graph.validation.report import Report
from tests.validation.conftest import W3C_COUNTS
from tests.validation.w3c import Case, cases, results

CORE = cases("core")
SPARQL = cases("sparql")
NO_SUITE = pytest.mark.skipif(not CORE, reason="the W3C SHACL test suite (../shared/w3c-tests) is not here")

KNOWN: dict[str, str] = {
    "core/property/uniqueLang-002": (
        'rdflib normalises "1"^^xsd:boolean to "true" when it parses the shapes, so neither engine can tell '
        "it from true and both apply sh:uniqueLang (pyshacl fails this case the same way)"
    ),
    "sparql/pre-binding/shapesGraph-001": (
        "pyshacl does not support $shapesGraph/$currentShape; the entry point reports that as a "
        "BadShapes error naming the shape, not a wrong answer"
    ),
}
"""Cases the entry point does not pass, each with its cause. Listed, never silent."""


def _ids(found: list[Case]) -> list[str]:
    return [c.name for c in found]


def _check(case: Case) -> None:
    if case.failure:
        with pytest.raises(BadShapes):
            validate_files([case.data], shapes=case.shapes)
        return
    report = validate_files([case.data], shapes=case.shapes)
    assert (report.conforms, results(report)) == (case.conforms, case.results), report.to_text()


@NO_SUITE
@pytest.mark.parametrize("case", CORE + SPARQL, ids=_ids(CORE + SPARQL))
def test_case_through_the_entry_point(case: Case) -> None:
    if case.name in KNOWN:
        W3C_COUNTS["entry point"]["known failures"] += 1
        pytest.xfail(KNOWN[case.name])
    _check(case)
    W3C_COUNTS["entry point"][case.name.split("/", 1)[0] + " passed"] += 1


@NO_SUITE
@pytest.mark.parametrize("case", CORE + SPARQL, ids=_ids(CORE + SPARQL))
def test_compiled_engine_alone_passes_or_says_not_compiled(case: Case) -> None:
    counts = W3C_COUNTS["compiled engine alone"]
    if case.name == "core/property/uniqueLang-002":
        counts["known failures"] += 1
        pytest.xfail(KNOWN[case.name])
    try:
        shapes = read_shapes(case.shapes)
        the_plan = plan(shapes, "compiled")
    except BadShapes as refused:
        assert case.failure or "refused" in str(refused)
        counts["refused"] += 1
        return
    if the_plan.delegated:
        assert all(why for _, why in the_plan.delegated)  # each named with its reason
        counts["not compiled (delegated)"] += 1
        return
    if case.failure:
        counts["ill-formed shapes compiled anyway"] += 1
        pytest.fail("the shapes are ill-formed, yet every shape compiled")
    data = read_shapes(case.data)
    store, originals = load_store(from_rdflib(data))
    report = Report.of(run_shapes(store, shapes, the_plan.compiled, originals))
    assert (report.conforms, results(report)) == (case.conforms, case.results), report.to_text()
    counts["compiled and passed"] += 1
