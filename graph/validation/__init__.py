"""SHACL validation of dtkg data: reports, the reference engine (pyshacl) and the compiled engine."""

from __future__ import annotations

from graph.validation.reference import (
    FORMATS,
    DataParseError,
    Report,
    Violation,
    load_ontology,
    load_shapes,
    validate_files,
    validate_graph,
)

__all__ = [
    "DataParseError",
    "FORMATS",
    "Report",
    "Violation",
    "load_ontology",
    "load_shapes",
    "validate_files",
    "validate_graph",
]
