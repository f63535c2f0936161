"""Validate RDF files: parse them (errors with file and line), validate their union, locate each violation.

A violation's ``source_file``/``line`` is where its focus node first occurs as
a subject (Turtle-family and N-Triples/N-Quads files; not JSON-LD).
"""

from __future__ import annotations

import bisect
import json
import re
import warnings
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import rdflib

from graph.errors import BadData, BadShapes
from graph.progress import Progress
from graph.validation.dispatch import Engine, validate
from graph.validation.report import Report, Violation
from graph.validation.shapes import read_shapes

__all__ = ["FORMATS", "DataParseError", "validate_files"]

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
}
"""File suffixes validate_files understands, and their rdflib parser names."""


class DataParseError(BadData, ValueError):
    """A data file could not be parsed; ``line`` is 1-based, or None when unknown."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}", extra={"file": file, "line": line})


def validate_files(
    paths_: Sequence[Path],
    *,
    shapes: Path | None = None,
    engine: Engine = "compiled",
    progress: Progress | None = None,
) -> Report:
    """Parse the files (.ttl, .trig, .nt, .nq, .jsonld), validate their union, and locate violations.

    Against dtkg's shapes and ontology, or the shapes file given (and no ontology).
    Raises :class:`DataParseError` with file and line when a file does not parse,
    :class:`graph.errors.BadShapes` naming the shapes file when it does not.
    """
    progress = progress or Progress.silent()
    shapes_graph = read_shapes(shapes) if shapes is not None else None
    dataset = rdflib.Dataset()
    locations: dict[str, tuple[str, int]] = {}
    with progress.phase("parse", total=len(paths_)) as step:
        for path in paths_:
            path = Path(path)
            fmt = FORMATS.get(path.suffix.lower())
            if fmt is None:
                raise DataParseError(str(path), None, f"unsupported file type {path.suffix!r}; use one of {sorted(FORMATS)}")
            text = path.read_text(encoding="utf-8")
            _parse_into(dataset, text, fmt, str(path), path.resolve().as_uri())
            for iri, line in _subject_lines(text, fmt).items():
                locations.setdefault(iri, (str(path), line))
            step(path.name)
    try:
        report = validate(dataset, shapes=shapes_graph, engine=engine, progress=progress)
    except BadShapes as error:
        raise BadShapes(f"{shapes or 'ontology/shapes.ttl'}: {error.detail}") from error
    located = tuple(_locate(v, locations.get(v.focus)) for v in report.violations)
    return Report(conforms=report.conforms, violations=located)


def _parse_into(dataset: rdflib.Dataset, text: str, fmt: str, name: str, base: str) -> None:
    try:
        with warnings.catch_warnings():
            # rdflib 7.6's Dataset.parse and TriG parser use its own deprecated
            # ConjunctiveGraph/default_context internally; nothing we can change.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\..*)?$")
            dataset.parse(data=text, format=fmt, publicID=base)
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
