"""Validate dtkg data against the shapes in ``ontology/shapes.ttl``.

Results are data (:class:`Report` of :class:`Violation`), each citing the stable
id of the shape it breaks (``S07-claim-has-source``), so the CLI, the API and the
curation layer render and test them the same way.

pyshacl runs SHACL Core and SHACL-SPARQL (``inference=None``, ``advanced=False``,
no JS, no owl:imports). A few rules need more than that; they are checked here in
Python and reported under the id of the shape that documents them in
``shapes.ttl``:

* ``S01-subject-has-type`` — SHACL Core has no target for "every subject";
* ``S11-date-format`` (calendar part) — a regex accepts ``--02-30``;
* ``S20-truthy-triple-has-relation`` — the predicates come from the ontology
  (instances of ``dtkg:RelationProperty``).

Validation never touches the caller's graph: it builds a private candidate graph
(the data's union plus the ontology) and lets pyshacl work on that.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyshacl
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import SH, TIME
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from graph import paths, vocab
from graph.model import dates
from graph.vocab import DTKG, SCHEMA

__all__ = [
    "DataParseError",
    "Report",
    "Violation",
    "load_ontology",
    "load_shapes",
    "validate_files",
    "validate_graph",
]

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
}
"""File suffixes validate_files understands, and their rdflib parser names."""

_DATE_PROPERTIES = (
    DTKG.statedOn,
    DTKG.validFrom,
    DTKG.validTo,
    DTKG.heldOn,
    DTKG.asOf,
    DTKG.referencePeriod,
    DTKG.inferredStatedOn,
    SCHEMA.datePublished,
    TIME.inXSDDate,
)


class DataParseError(ValueError):
    """A data file could not be parsed; ``line`` is 1-based, or None when unknown."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Violation:
    """One broken rule: which node, which property, which shape, and why."""

    focus: str
    path: str | None
    shape_id: str
    constraint: str
    severity: str
    message: str
    value: str | None = None
    source_file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Report:
    """The outcome of one validation; ``conforms`` is true exactly when there are no violations."""

    conforms: bool
    violations: tuple[Violation, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, for ``--format json`` and the API."""
        return {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}

    def to_text(self) -> str:
        """Human-readable form: one block per violation, with file:line where known."""
        if self.conforms:
            return "Conforms: no violations."
        blocks = [f"Does not conform: {len(self.violations)} violation(s)."]
        for v in self.violations:
            where = f"{v.source_file}:{v.line}: " if v.source_file and v.line else ""
            lines = [f"{where}[{v.shape_id}] {v.message}", f"  focus: {v.focus}"]
            if v.path:
                lines.append(f"  path: {v.path}")
            if v.value is not None:
                lines.append(f"  value: {v.value}")
            lines.append(f"  constraint: {v.constraint} ({v.severity})")
            blocks.append("\n".join(lines))
        return "\n".join(blocks)


@functools.cache
def load_shapes() -> rdflib.Graph:
    """The shapes graph (cached: treat it as read-only)."""
    return _parse_graph(paths.ONTOLOGY_DIR / "shapes.ttl")


@functools.cache
def load_ontology() -> rdflib.Graph:
    """The ontology graph (cached: treat it as read-only)."""
    return _parse_graph(paths.ONTOLOGY_DIR / "dtkg.ttl")


def validate_graph(
    data: rdflib.Graph | rdflib.Dataset,
    focus_nodes: Iterable[str] | None = None,
) -> Report:
    """Validate the union of ``data``'s graphs; with ``focus_nodes``, report only violations of those nodes.

    For the nodes given, the verdict equals that of full validation, which is
    what incremental validation of a candidate change relies on. That is why
    pyshacl's own ``focus_nodes`` option is not used: in pyshacl 0.40.1 it also
    filters the value nodes that nested shapes (sh:node, sh:qualifiedValueShape)
    check, so a bad date or a second selector can go unreported. To make focused
    validation cheaper, pass a smaller ``data`` graph, not a different option.
    """
    focus = None if focus_nodes is None else frozenset(URIRef(str(f)) for f in focus_nodes)
    if focus is not None and not focus:
        return Report(conforms=True, violations=())
    candidate = _candidate(data)
    violations = [*_python_checks(candidate)]
    # pyshacl works on our private candidate copy, so letting it add the ontology
    # axioms there (inplace=True) never touches the caller's graph.
    _, results, _ = pyshacl.validate(
        candidate,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference=None,
        advanced=False,
        inplace=True,
        allow_warnings=False,
    )
    violations.extend(_shacl_violations(results))
    if focus is not None:
        violations = [v for v in violations if URIRef(v.focus) in focus]
    ordered = tuple(sorted(set(violations), key=_sort_key))
    return Report(conforms=not ordered, violations=ordered)


def validate_files(paths_: Sequence[Path]) -> Report:
    """Parse the files (.ttl, .trig, .nt, .nq, .jsonld), validate their union, and locate violations.

    A violation's ``source_file``/``line`` is where its focus node first occurs
    as a subject (Turtle-family and N-Triples/N-Quads files; not JSON-LD).
    Raises :class:`DataParseError` with file and line when a file does not parse.
    """
    dataset = rdflib.Dataset()
    locations: dict[str, tuple[str, int]] = {}
    for path in paths_:
        path = Path(path)
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise DataParseError(str(path), None, f"unsupported file type {path.suffix!r}; use one of {sorted(FORMATS)}")
        text = path.read_text(encoding="utf-8")
        _parse_into(dataset, text, fmt, str(path))
        for iri, line in _subject_lines(text, fmt).items():
            locations.setdefault(iri, (str(path), line))
    report = validate_graph(dataset)
    located = tuple(
        _locate(v, locations.get(v.focus)) for v in report.violations
    )
    return Report(conforms=report.conforms, violations=located)


# --------------------------------------------------------------------------
# Candidate graph


class _CandidateGraph(rdflib.Graph):
    """A private graph whose SPARQL queries are parsed once.

    pyshacl runs each SHACL-SPARQL constraint once per focus node, passing the
    query as text; rdflib would parse it every time (about 25 ms each), which
    dominated validation time. Caching the parsed query makes it linear.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _candidate(data: rdflib.Graph | rdflib.Dataset) -> rdflib.Graph:
    candidate = _CandidateGraph()
    for triple in _union_triples(data):
        candidate.add(triple)
    for triple in load_ontology():
        candidate.add(triple)
    return candidate


def _union_triples(data: rdflib.Graph | rdflib.Dataset) -> Iterator[tuple[Any, Any, Any]]:
    if isinstance(data, rdflib.Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from data


# --------------------------------------------------------------------------
# SHACL results -> Violations


@functools.cache
def _shape_ids() -> dict[rdflib.term.Node, str]:
    """Map every shape node (including nested property shapes) to its top-level shape id."""
    shapes = load_shapes()
    ids: dict[rdflib.term.Node, str] = {}
    top = [s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef) and str(s).startswith(vocab.SHAPES)]
    for shape in top:
        shape_id = str(shape)[len(vocab.SHAPES):]
        stack: list[rdflib.term.Node] = [shape]
        while stack:
            node = stack.pop()
            if node in ids:
                continue
            ids[node] = shape_id
            for pred in (SH.property, SH.sparql):
                stack.extend(o for o in shapes.objects(node, pred) if isinstance(o, BNode))
    return ids


def _shacl_violations(results: rdflib.Graph) -> Iterator[Violation]:
    ids = _shape_ids()
    # Only the report's own results: nested sh:detail results (from sh:node) are
    # explanations of a top-level result, which already names the shape.
    for result in results.objects(None, SH.result):
        source = results.value(result, SH.sourceShape)
        shape_id = ids.get(source) if source is not None else None
        if shape_id is None:
            shape_id = str(source) if isinstance(source, URIRef) else "unknown-shape"
        path = results.value(result, SH.resultPath)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        if len(messages) > 1:  # pyshacl adds the node shape's general message: keep the specific one
            general = _shape_message(shape_id)
            messages = [m for m in messages if m != general] or messages
        yield Violation(
            focus=_term_text(results.value(result, SH.focusNode)) or "",
            path=_term_text(path) if path is not None else None,
            shape_id=shape_id,
            constraint=_local(results.value(result, SH.sourceConstraintComponent)),
            severity=_local(results.value(result, SH.resultSeverity)),
            message="; ".join(messages) or shape_id,
            value=_term_text(results.value(result, SH.value)),
        )


def _term_text(term: rdflib.term.Node | None) -> str | None:
    if term is None or isinstance(term, BNode):
        return None
    return str(term)


def _local(term: rdflib.term.Node | None) -> str:
    if term is None:
        return ""
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _sort_key(v: Violation) -> tuple[str, str, str, str, str]:
    return (v.shape_id, v.focus, v.path or "", v.value or "", v.message)


# --------------------------------------------------------------------------
# Rules checked in Python (documented as shapes S01, S11, S20)


def _python_checks(graph: rdflib.Graph) -> Iterator[Violation]:
    yield from _untyped_subjects(graph)
    yield from _impossible_dates(graph)
    yield from _truthy_without_relation(graph)


def _shape_message(shape_id: str) -> str:
    message = load_shapes().value(URIRef(vocab.SHAPES + shape_id), SH.message)
    return str(message) if message is not None else shape_id


def _untyped_subjects(graph: rdflib.Graph) -> Iterator[Violation]:
    shape_id = "S01-subject-has-type"
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and (subject, RDF.type, None) not in graph:
            yield Violation(
                focus=str(subject), path=str(RDF.type), shape_id=shape_id, constraint="python:SubjectHasType",
                severity="Violation", message=_shape_message(shape_id),
            )


def _impossible_dates(graph: rdflib.Graph) -> Iterator[Violation]:
    """Dates whose form passes the S11 patterns but that name no calendar day (``--02-30``)."""
    shape_id = "S11-date-format"
    for prop in _DATE_PROPERTIES:
        for subject, value in graph.subject_objects(prop):
            if isinstance(value, Literal) and not _calendar_valid(value):
                yield Violation(
                    focus=str(subject), path=str(prop), shape_id=shape_id, constraint="python:CalendarDate",
                    severity="Violation", message=f"{value} is not a day of the calendar.", value=str(value),
                )


def _calendar_valid(value: Literal) -> bool:
    return dates.calendar_valid(str(value), str(value.datatype) if value.datatype is not None else None)


def _truthy_without_relation(graph: rdflib.Graph) -> Iterator[Violation]:
    shape_id = "S20-truthy-triple-has-relation"
    relation_properties = set(load_ontology().subjects(RDF.type, DTKG.RelationProperty))
    qualified = {
        (graph.value(node, DTKG.subject), graph.value(node, DTKG.relationType), graph.value(node, DTKG.object))
        for node in graph.subjects(RDF.type, DTKG.Relation)
    }
    for prop in relation_properties:
        for subject, obj in graph.subject_objects(prop):
            if (subject, prop, obj) not in qualified:
                yield Violation(
                    focus=str(subject), path=str(prop), shape_id=shape_id, constraint="python:TruthyHasRelation",
                    severity="Violation", message=_shape_message(shape_id), value=_term_text(obj),
                )


# --------------------------------------------------------------------------
# Parsing and locating


def _parse_graph(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    try:
        graph.parse(data=path.read_text(encoding="utf-8"), format=FORMATS[path.suffix])
    except Exception as error:  # rdflib raises many types; all mean "does not parse"
        raise DataParseError(str(path), _error_line(error, path.read_text(encoding="utf-8"), "turtle"), _error_text(error)) from error
    return graph


def _parse_into(dataset: rdflib.Dataset, text: str, fmt: str, name: str) -> None:
    try:
        with warnings.catch_warnings():
            # rdflib 7.6's Dataset.parse and TriG parser use its own deprecated
            # ConjunctiveGraph/default_context internally; nothing we can change.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\..*)?$")
            dataset.parse(data=text, format=fmt)
    except Exception as error:  # rdflib raises many types; all mean "does not parse"
        raise DataParseError(name, _error_line(error, text, fmt), _error_text(error)) from error


def _error_text(error: Exception) -> str:
    why = getattr(error, "_why", None)
    if why:
        return f"bad syntax ({why})"
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _error_line(error: Exception, text: str, fmt: str) -> int | None:
    if isinstance(getattr(error, "lines", None), int):
        return int(error.lines) + 1  # type: ignore[attr-defined]  # rdflib's BadSyntax carries .lines
    if isinstance(error, json.JSONDecodeError):
        return error.lineno
    if fmt in ("nt", "nquads"):
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\..*)?$")
                    rdflib.Dataset().parse(data=line + "\n", format=fmt)
            except Exception:  # the first line that fails alone is the culprit
                return number
    return None


def _locate(violation: Violation, where: tuple[str, int] | None) -> Violation:
    if where is None:
        return violation
    return Violation(**{**asdict(violation), "source_file": where[0], "line": where[1]})


_TOKEN = re.compile(
    r'(?P<comment>#[^\n]*)'
    r'|(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\')'
    r'|(?P<string>"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<punct>[.;,{}\[\]()])'
    r'|(?P<word>[^\s.;,{}\[\]()<>"\'#]+(?:\.[^\s.;,{}\[\]()<>"\'#]+)*)',
    re.DOTALL,
)


def _subject_lines(text: str, fmt: str) -> dict[str, int]:
    """First line at which each IRI occurs as a statement subject (graph names excluded).

    A small tokenizer rather than the parser, because rdflib keeps no positions.
    It understands enough of Turtle/TriG/N-Triples/N-Quads for that purpose.
    """
    if fmt not in ("turtle", "trig", "nt", "nquads"):
        return {}
    newlines = [m.start() for m in re.finditer("\n", text)]
    prefixes: dict[str, str] = {}
    found: dict[str, int] = {}
    tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text) if m.lastgroup != "comment"]
    expect_subject = True
    i = 0
    while i < len(tokens):
        kind, value, start = tokens[i]
        lowered = value.lower()
        if kind == "word" and lowered in ("@prefix", "prefix") and i + 2 < len(tokens):
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
            i += 3 if lowered == "prefix" else 4
            expect_subject = True
            continue
        if kind == "word" and lowered in ("@base", "base", "graph"):
            i += 1 if lowered == "graph" else (2 if lowered == "base" else 3)
            continue
        if kind == "punct":
            if value in ".{}":
                expect_subject = True
            i += 1
            continue
        if expect_subject and kind in ("iri", "word"):
            next_value = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            iri = _expand(value, kind, prefixes)
            if iri is not None and next_value != "{":
                found.setdefault(iri, bisect.bisect_left(newlines, start) + 1)
            expect_subject = next_value == "{"
        else:
            expect_subject = False
        i += 1
    return found


def _expand(token: str, kind: str | None, prefixes: dict[str, str]) -> str | None:
    if kind == "iri":
        return token[1:-1]
    if ":" in token:
        prefix, local = token.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None
