"""graph.model.dates: the one reading of a date, shared by claims, the network, validation and the pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graph.errors import InvalidParameter
from graph.model import dates
from graph.model.dates import Period

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("lexical", "datatype", "start", "end"),
    [
        ("2026", "gYear", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026Z", "gYear", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-01", "gYearMonth", dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        ("2024-02", "gYearMonth", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025-02", "gYearMonth", dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        ("2026-03-01", "date", dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        ("2026-03-01T10:00:00Z", "dateTime", dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
    ],
)
def test_a_period_covers_the_whole_precision(lexical: str, datatype: str, start: dt.date, end: dt.date) -> None:
    assert dates.period_of(lexical, XSD + datatype) == Period(start, end)


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("--08-13", "gMonthDay"),  # no year: no place on a calendar
        ("2026-13", "gYearMonth"),  # no such month
        ("2025-02-30", "date"),  # no such day
        ("garbage", "date"),
        ("soon", "string"),
    ],
)
def test_no_period_without_a_calendar_place(lexical: str, datatype: str) -> None:
    assert dates.period_of(lexical, XSD + datatype) is None


@pytest.mark.parametrize("datatype", [None, XSD + "string"])
@pytest.mark.parametrize("lexical", ["2026", "2026-03", "2026-03-01", "--03-01"])
def test_an_untyped_literal_is_not_a_date_whatever_it_looks_like(lexical: str, datatype: str | None) -> None:
    """The datatype is the precision (S11): every consumer reads an untyped date as undated."""
    assert dates.precision_of(datatype) == "unknown"
    assert dates.period_of(lexical, datatype) is None
    assert dates.calendar_valid(lexical, datatype)  # S11's pattern reports it, not the calendar check


@pytest.mark.parametrize(
    ("datatype", "precision"),
    [("date", "day"), ("dateTime", "day"), ("gYearMonth", "month"), ("gYear", "year"), ("gMonthDay", "month-day")],
)
def test_the_datatype_is_the_precision(datatype: str, precision: str) -> None:
    assert dates.precision_of(XSD + datatype) == precision


@pytest.mark.parametrize(
    ("lexical", "datatype", "valid"),
    [
        ("--02-29", "gMonthDay", True),  # some year has it
        ("--02-30", "gMonthDay", False),
        ("--04-31", "gMonthDay", False),
        ("2024-02-29", "date", True),
        ("2025-02-29", "date", False),
        ("2025-02-30Z", "date", True),  # wrong form: the S11 pattern's violation, not a second one
        ("2025-02", "gYearMonth", True),
    ],
)
def test_calendar_valid(lexical: str, datatype: str, valid: bool) -> None:
    assert dates.calendar_valid(lexical, XSD + datatype) is valid


YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("stated", "inferred", "expected"),
    [
        (("2025-11-13", "date"), None, "stated"),
        (("2024-11-13", "date"), None, None),
        (("2025-03", "gYearMonth"), None, "stated"),
        (("--11-13", "gMonthDay"), "2025-11-13", "inferred"),
        (("--11-13", "gMonthDay"), "2024-11-13", None),
        (("--11-13", "gMonthDay"), "not a day", None),
        # a stated period with a calendar place decides; the inference is not consulted
        (("2024", "gYear"), "2025-01-01", None),
        (None, None, None),
    ],
)
def test_date_match_stated_then_inferred(
    stated: tuple[str, str] | None, inferred: str | None, expected: str | None
) -> None:
    typed = (stated[0], XSD + stated[1]) if stated else None
    assert dates.date_match(typed, inferred, *YEAR_2025) == expected


def test_undated_matches_only_on_request() -> None:
    assert dates.date_match(None, None, *YEAR_2025, include_undated=True) == "undated"
    assert dates.date_match(("2023", XSD + "gYear"), None, *YEAR_2025, include_undated=True) is None


def test_a_period_only_overlapping_the_range_is_not_within_it() -> None:
    assert dates.date_match(("2025", XSD + "gYear"), None, dt.date(2025, 6, 1), None) is None
    assert dates.date_match(("2025", XSD + "gYear"), None, None, dt.date(2025, 12, 31)) == "stated"


@pytest.mark.parametrize(
    ("as_of", "valid"),
    [("2026-03-01", True), ("2026-01-01", True), ("2025-12-31", False), ("2026", True), ("2025", False), ("2025-12", False)],
)
def test_valid_from_a_month_is_precision_aware(as_of: str, valid: bool) -> None:
    start = dates.period_of("2026-01", XSD + "gYearMonth")
    assert dates.valid_during(start, None, dates.parse_as_of(as_of)) is valid


def test_valid_to_bounds_the_interval() -> None:
    end = dates.period_of("2025", XSD + "gYear")
    assert dates.valid_during(None, end, dates.parse_as_of("2025-12-31"))
    assert not dates.valid_during(None, end, dates.parse_as_of("2026-01"))


@pytest.mark.parametrize("bad", ["2026-1", "26", "2026-02-30", "yesterday", "2026/03/01", "-2026", "2026Z", ""])
def test_bad_as_of_names_the_field(bad: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        dates.parse_as_of(bad)
    assert caught.value.field == "as_of"
    assert caught.value.status == 422


def test_dates_are_read_in_one_place() -> None:
    """A second date reader would drift from this one (it happened three times): graph/ and api/ use dates.py."""
    root = Path(__file__).resolve().parents[2]
    readers = {
        str(path.relative_to(root))
        for folder in ("graph", "api")
        for path in (root / folder).rglob("*.py")
        if re.search(r"^import calendar|monthrange\(", path.read_text(encoding="utf-8"), re.M)
    }
    assert readers == {"graph/model/dates.py"}
