"""``dtkg build``: the store from scratch, out of the ontology, shapes and curated data.

The order is parse everything, validate, then swap the store's content in one
step, so a file that does not parse or data that breaks a shape leaves the
previous store untouched, and two builds from the same files give the same
store (same quads, same fingerprint).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import NotConformant
from graph.progress import Progress
from graph.rdf import parse
from graph.sparql import catalogue
from graph.store import Store

if TYPE_CHECKING:
    from graph.validation.dispatch import Engine


@dataclass(frozen=True)
class BuildReport:
    files: tuple[Path, ...]
    graph_sizes: dict[str, int]
    class_counts: dict[str, int]
    total: int
    fingerprint: str
    warnings: tuple[str, ...] = field(default=())


def build(
    store: Store,
    *,
    data_folder: Path | None = None,
    progress: Progress | None = None,
    validate: bool = True,
    engine: Engine = "compiled",
) -> BuildReport:
    """Parse, validate (``engine``: see :func:`graph.validation.validate`), then replace the store's content."""
    progress = progress or Progress.silent()
    with progress.phase("parse") as step:
        ontology, data = parse.read_all(data_folder, lambda p: step(p.name))
    warnings = []
    if not data:
        folder = data_folder or parse.paths.DATA_DIR
        warnings.append(f"no curated data files in {folder}: the store holds only the ontology and shapes")
    if validate and data:
        progress.note(f"validating {sum(len(f.quads) for f in data)} data triples against the shapes ({engine} engine)")
        from graph.validation import validate as validate_data

        # validated before canonicalisation: the verdict does not depend on blank-node names,
        # and the validation store is gone before the store's quads are built
        report = validate_data(parse.all_quads(data, canonical=False), engine=engine, progress=progress)
        if not report.conforms:
            raise NotConformant(
                f"the curated data breaks {len(report.violations)} shape constraint(s); "
                "nothing was written (run 'dtkg validate' for the full report)",
                extra={"violations": report.to_dict()["violations"], "report": report.to_text()},
            )
    with progress.phase("canonicalise blank nodes"):
        quads = parse.all_quads([*ontology, *data])
    with progress.phase(f"load {len(quads)} quads into {store.description}"):
        store.replace_all(quads)
    return BuildReport(
        files=tuple(f.path for f in [*ontology, *data]),
        graph_sizes=run_counts(store, "graph-sizes", "graph", "triples"),
        class_counts=run_counts(store, "class-counts", "class", "count"),
        total=store.count(),
        fingerprint=store.fingerprint(),
        warnings=tuple(warnings),
    )


def run_counts(store: Store, name: str, key: str, value: str) -> dict[str, int]:
    rows = store.select(catalogue.get(name).text)
    out: dict[str, int] = {}
    for row in rows:
        term = row[key]
        number = row[value]
        if isinstance(term, ox.NamedNode) and isinstance(number, ox.Literal):
            out[term.value] = int(number.value)
    return out
