"""Claims and figures as CSV: one column layout for the whole-graph download and the browsers' downloads.

The claims browser's "CSV of what is shown" and ``/downloads/claims.csv`` write
the same columns, so a spreadsheet built on one reads the other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from graph.model.claims import Claim, FigureEntry

CLAIM_COLUMNS = [
    "claim", "speaker", "speaker_label", "date", "date_precision", "inferred_date", "inference_basis",
    "kind", "stance", "text", "about", "source", "start", "end", "reported_by",
]
FIGURE_COLUMNS = [
    "figure", "measure", "amount", "unit", "bound", "period", "as_of", "original", "about",
    "claim", "speaker", "speaker_label", "date", "date_precision", "source", "reported_by",
]


def claims_csv(claims: Iterable[Claim], dataset_version: str | None = None) -> bytes:
    """One row per claim, in the given order, UTF-8; the whole-graph download adds the dataset version."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLAIM_COLUMNS + (["dataset_version"] if dataset_version is not None else []))
    for c in claims:
        writer.writerow(
            [
                c.id, c.speaker.id, c.speaker.label, c.date.value or "", c.date.precision,
                c.date.inferred.value if c.date.inferred else "", (c.date.inferred.basis or "") if c.date.inferred else "",
                c.kind or "", c.stance or "", c.text or "", " ".join(a.id for a in c.about), c.source.id,
                "" if c.span.start is None else c.span.start, "" if c.span.end is None else c.span.end,
                c.reported_by.id if c.reported_by else "",
                *([dataset_version] if dataset_version is not None else []),
            ]
        )
    return out.getvalue().encode("utf-8")


def figures_csv(entries: Iterable[FigureEntry]) -> bytes:
    """One row per figure, in the given order, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIGURE_COLUMNS)
    for e in entries:
        f = e.figure
        writer.writerow(
            [
                f.id, f.measure or "", "" if f.amount is None else f.amount, f.unit or "", f.bound or "",
                f.period or "", f.as_of or "", f.original or "", " ".join(a.id for a in e.about),
                e.claim, e.speaker.id, e.speaker.label, e.date.value or "", e.date.precision, e.source.id,
                e.reported_by.id if e.reported_by else "",
            ]
        )
    return out.getvalue().encode("utf-8")
