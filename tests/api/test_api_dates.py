"""graph.model.claims date semantics: a date is only "in a range" when the source (or a flagged inference) puts it there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyoxigraph as ox
import pytest

from graph.model.claims import ClaimFilter, date_match

XSD = "http://www.w3.org/2001/XMLSchema#"
YEAR_2025 = ClaimFilter(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
UNDATED_TOO = ClaimFilter(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31), include_undated=True)


def row(stated: tuple[str, str] | None = None, inferred: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if stated:
        out["stated"] = ox.Literal(stated[0], datatype=ox.NamedNode(XSD + stated[1]))
    if inferred:
        out["inferred"] = ox.Literal(inferred, datatype=ox.NamedNode(XSD + "date"))
    return out


@pytest.mark.parametrize(
    ("claim", "where", "expected"),
    [
        (row(("2025-11-13", "date")), YEAR_2025, "stated"),
        (row(("2024-11-13", "date")), YEAR_2025, False),
        (row(("2025-03", "gYearMonth")), YEAR_2025, "stated"),
        (row(("2025", "gYear")), YEAR_2025, "stated"),
        # a year only overlapping the range is not inside it
        (row(("2025", "gYear")), ClaimFilter(date_from=dt.date(2025, 6, 1)), False),
        # November 13 of no stated year is not in 2025 ...
        (row(("--11-13", "gMonthDay")), YEAR_2025, False),
        # ... unless a curator inferred the year, and then the match says so
        (row(("--11-13", "gMonthDay"), inferred="2025-11-13"), YEAR_2025, "inferred"),
        (row(("--11-13", "gMonthDay"), inferred="2024-11-13"), YEAR_2025, False),
        (row(("--11-13", "gMonthDay")), UNDATED_TOO, "undated"),
        (row(), YEAR_2025, False),
        (row(), UNDATED_TOO, "undated"),
        # a stated year outside the range is not rescued by include_undated
        (row(("2023", "gYear")), UNDATED_TOO, False),
        # no range: everything matches, with no flag
        (row(("--11-13", "gMonthDay")), ClaimFilter(), ""),
        (row(("2025-11-13", "date")), ClaimFilter(date_to=dt.date(2025, 11, 13)), "stated"),
    ],
)
def test_date_match(claim: dict[str, Any], where: ClaimFilter, expected: str | bool) -> None:
    assert date_match(claim, where) == expected
