"""Dates at the precision their source states them — the one place that reads a date.

A source says "in 2025", "in March 2025", "on November 13" or "on 13 November
2025"; the graph keeps exactly that, and the datatype *is* the precision
(``ontology/shapes.ttl`` S11): ``xsd:gYear`` a year, ``xsd:gYearMonth`` a
month, ``xsd:date`` (or ``xsd:dateTime``) a day, ``xsd:gMonthDay`` a month-day
with no year. A literal of any other datatype — including a plain string that
happens to look like ``2025-03`` — has no precision here: S11 reports it, and
claims, the network and the pages all treat it as undated. Reading the lexical
form of an untyped literal would make one module see a date where another
sees none.

Claims, the network's ``as_of`` filter, validation's calendar check and the
pages import date handling from here only, so they cannot disagree.

>>> period_of("2025-02", XSD_GYEARMONTH)
Period(start=datetime.date(2025, 2, 1), end=datetime.date(2025, 2, 28))
>>> period_of("--11-13", XSD_GMONTHDAY) is None  # no year: no place on a calendar
True
>>> period_of("2025", None) is None  # untyped: S11's business, not a date
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from graph.errors import InvalidParameter
from graph.vocab import XSD

Precision = Literal["day", "month", "year", "month-day", "unknown"]
DateMatch = Literal["stated", "inferred", "undated"]

XSD_DATE = str(XSD.date)
XSD_DATETIME = str(XSD.dateTime)
XSD_GYEAR = str(XSD.gYear)
XSD_GYEARMONTH = str(XSD.gYearMonth)
XSD_GMONTHDAY = str(XSD.gMonthDay)

PRECISION: dict[str, Precision] = {
    XSD_DATE: "day",
    XSD_DATETIME: "day",
    XSD_GYEARMONTH: "month",
    XSD_GYEAR: "year",
    XSD_GMONTHDAY: "month-day",
}
"""Datatype IRI → the precision a value of that datatype states."""

_ZONE = r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"
_FORMS: dict[Precision, re.Pattern[str]] = {
    "year": re.compile(rf"^(-?[0-9]{{4}}){_ZONE}$"),
    "month": re.compile(rf"^(-?[0-9]{{4}})-([0-9]{{2}}){_ZONE}$"),
    "day": re.compile(rf"^(-?[0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})(?:T[0-9:.]+)?{_ZONE}$"),
}
# The calendar check reads only the exact forms the S11 patterns accept, so a value of the wrong
# form gets one violation (the pattern's), not two.
_EXACT_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_EXACT_MONTH_DAY = re.compile(r"^--([0-9]{2})-([0-9]{2})$")
_USER_DATE = {0: XSD_GYEAR, 1: XSD_GYEARMONTH, 2: XSD_DATE}
"""A user's date (``2026``, ``2026-03``, ``2026-03-01``) by its number of dashes → the datatype it would have."""


@dataclass(frozen=True)
class Period:
    """A closed interval of days: what a date of a given precision covers."""

    start: dt.date
    end: dt.date

    def within(self, low: dt.date | None, high: dt.date | None) -> bool:
        """Whether the whole period lies inside ``[low, high]`` (an open side is unbounded)."""
        return (low is None or low <= self.start) and (high is None or self.end <= high)


def precision_of(datatype: str | None) -> Precision:
    """The precision a datatype states; ``unknown`` for anything that is not a date datatype."""
    return PRECISION.get(datatype or "", "unknown")


def period_of(lexical: str, datatype: str | None) -> Period | None:
    """The days a date value covers at its precision.

    ``None`` when it has no year (a month-day), is not of a date datatype, or
    names no calendar day (``2025-02-30``).
    """
    precision = precision_of(datatype)
    if precision in ("unknown", "month-day"):
        return None
    match = _FORMS[precision].match(lexical.strip())
    if not match:
        return None
    try:
        year = int(match.group(1))
        if precision == "year":
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        month = int(match.group(2))
        if precision == "month":
            return Period(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
        day = dt.date(year, month, int(match.group(3)))
        return Period(day, day)
    except ValueError:  # year 0 or below, month 13, February 30
        return None


def day_of(lexical: str) -> dt.date | None:
    """The day an ``xsd:date`` (an inferred date, a user's ``from``) names; ``None`` if it names none."""
    period = period_of(lexical, XSD_DATE)
    return period.start if period is not None else None


def calendar_valid(lexical: str, datatype: str | None) -> bool:
    """Whether a date that has the right *form* also names a real day.

    Only the calendar is checked here (``--02-30``, ``2025-02-29``); a value of
    the wrong form or datatype counts as valid because the S11 patterns report
    it, and one problem should give one violation. ``--02-29`` is valid: some
    year has that day.
    """
    if datatype == XSD_GMONTHDAY:
        match = _EXACT_MONTH_DAY.match(lexical)
        if not match:
            return True
        month, day = int(match.group(1)), int(match.group(2))
        return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]  # 2000 is a leap year
    if datatype == XSD_DATE:
        match = _EXACT_DAY.match(lexical)
        if not match:
            return True
        year, month, day = (int(g) for g in match.groups())
        return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    return True


def date_match(
    stated: tuple[str, str | None] | None,
    inferred: str | None,
    low: dt.date | None,
    high: dt.date | None,
    *,
    include_undated: bool = False,
) -> DateMatch | None:
    """How a claim's date sits in ``[low, high]``; ``None`` when it does not match.

    The **stated** date (lexical form, datatype) matches when the whole period
    it covers lies in the range; a stated period that only overlaps the range
    does not match. A claim whose stated date has no place on the calendar
    falls back on its **inferred** date (a curator's ``xsd:date``, always with
    a basis). With neither, the claim is ``undated`` and matches only when the
    caller asks for undated claims.
    """
    period = period_of(*stated) if stated is not None else None
    if period is not None:
        return "stated" if period.within(low, high) else None
    if inferred is not None:
        day = day_of(inferred)
        return "inferred" if day is not None and Period(day, day).within(low, high) else None
    return "undated" if include_undated else None


def parse_as_of(raw: str) -> Period:
    """``2026``, ``2026-03`` or ``2026-03-01``: the period a user's as-of date names."""
    value = raw.strip()
    found = None
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
        found = period_of(value, _USER_DATE[value.count("-")])
    if found is None:
        raise InvalidParameter("as_of", f"must be a year (2026), a month (2026-03) or a date (2026-03-01), got {raw!r}")
    return found


def valid_during(valid_from: Period | None, valid_to: Period | None, when: Period) -> bool:
    """Whether a validity interval overlaps ``when``; an open side is unbounded."""
    if valid_from is not None and valid_from.start > when.end:
        return False
    if valid_to is not None and valid_to.end < when.start:
        return False
    return True
