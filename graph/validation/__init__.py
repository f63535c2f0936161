"""SHACL validation of dtkg data: one entry point, two engines, dtkg's Python rules.

:func:`validate` (in :mod:`~graph.validation.dispatch`) is what build,
validate, add, the write API and SPARQL Update call. The modules:
``report`` (Report, Violation), ``shapes`` (discovery, refusal, reading),
``compiled`` (set-wise SPARQL on Oxigraph, the default), ``reference``
(pyshacl), ``rules`` (S01, S11 calendar, S20), ``incremental`` (a change's
neighbourhood), ``files`` (data files with locations).
"""

from __future__ import annotations

from graph.validation.dispatch import ENGINES, Engine, Plan, plan, validate
from graph.validation.files import FORMATS, DataParseError, validate_files
from graph.validation.report import Report, Violation
from graph.validation.shapes import load_ontology, load_shapes, read_shapes

__all__ = [
    "ENGINES",
    "FORMATS",
    "DataParseError",
    "Engine",
    "Plan",
    "Report",
    "Violation",
    "load_ontology",
    "load_shapes",
    "plan",
    "read_shapes",
    "validate",
    "validate_files",
]
