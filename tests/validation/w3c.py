"""The W3C SHACL test suite's manifests read into cases: data file, shapes file, expected outcome.

Each case's expected report is compared on ``conforms`` and the set of
(focus node, path, constraint component, severity); blank nodes compare as
``_:`` (their labels differ between the parse of the data and of the manifest).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, BNode, Namespace
from rdflib.collection import Collection
from rdflib.namespace import SH

from graph.validation.report import Report, local_name, path_text, term_text

SUITE = Path(__file__).resolve().parents[2] / ".." / "shared" / "w3c-tests" / "shacl" / "data-shapes-test-suite" / "tests"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

Result = tuple[str, str | None, str, str]


@dataclass(frozen=True)
class Case:
    name: str  # e.g. core/property/uniqueLang-002
    data: Path
    shapes: Path
    failure: bool  # the shapes are ill-formed: an error is expected
    conforms: bool
    results: frozenset[Result]


def cases(section: str) -> list[Case]:
    """Every test of the suite's ``section`` (``core``, ``sparql``), in manifest order; [] without the suite."""
    manifest = SUITE / section / "manifest.ttl"
    if not manifest.is_file():
        return []
    return list(_read(manifest.resolve()))


def _parse(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle", publicID=path.as_uri())


def _read(manifest: Path) -> Iterator[Case]:
    graph = _parse(manifest)
    for include in graph.objects(None, MF.include):
        yield from _read(Path(include.removeprefix("file://")))
    for entries in graph.objects(None, MF.entries):
        for entry in Collection(graph, entries):
            action = graph.value(entry, MF.action)
            result = graph.value(entry, MF.result)
            data = Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://"))
            shapes = Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://"))
            name = str(entry).removeprefix((SUITE.resolve()).as_uri() + "/")
            if result == SHT.Failure:
                yield Case(name, data, shapes, True, False, frozenset())
                continue
            conforms = graph.value(result, SH.conforms)
            found = frozenset(
                _result(graph, graph.value(r, SH.focusNode), graph.value(r, SH.resultPath),
                        graph.value(r, SH.sourceConstraintComponent), graph.value(r, SH.resultSeverity))
                for r in graph.objects(result, SH.result)
            )
            yield Case(name, data, shapes, False, bool(conforms.value) if conforms is not None else not found, found)


def _result(graph: rdflib.Graph, focus: rdflib.term.Node | None, path: rdflib.term.Node | None,
            component: rdflib.term.Node | None, severity: rdflib.term.Node | None) -> Result:
    return (_blank(term_text(focus) or "", focus), None if path is None else path_text(graph, path),
            local_name(component), local_name(severity))


def _blank(text: str, term: rdflib.term.Node | None) -> str:
    return "_:" if isinstance(term, BNode) else text


def results(report: Report) -> frozenset[Result]:
    """A report's results in the form of :class:`Case` ``results``."""
    return frozenset(
        ("_:" if v.focus.startswith("_:") else v.focus, v.path, v.constraint, v.severity) for v in report.violations
    )


__all__ = ["Case", "RDF", "cases", "results"]
