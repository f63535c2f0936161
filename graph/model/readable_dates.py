"""Dates as a person reads them: "13 November (year not stated)", "January 2026", "2026–2028".

The graph keeps a date at the precision its source gives (the datatype is the
precision, see the README's *Dates keep their precision*); every page shows it
through these functions so that nobody reads a raw ``--11-13``, and the page
keeps the machine value beside it (a ``data-value`` attribute and a tooltip).
A value is read by its lexical form at the precision it is given with; a value
of no known form is shown as it is rather than guessed at.

>>> readable("--11-13", "month-day")
'13 November (year not stated)'
>>> readable("2026-01", "month")
'January 2026'
>>> readable_period("2026", "2028")
'2026–2028'
"""

from __future__ import annotations

import calendar
import re

_FORMS = {
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "year": re.compile(r"^(\d{4})$"),
    "month-day": re.compile(r"^--(\d{2})-(\d{2})$"),
}


def precision_of_form(value: str) -> str:
    """The precision a lexical form states (``2026-01`` a month), for values stored without their datatype."""
    for precision, form in _FORMS.items():
        if form.match(value) and (precision != "day" or len(value) >= 10):
            return precision
    return "unknown"


def readable(value: str | None, precision: str | None = None) -> str:
    """One date at its precision, in words; ``precision`` defaults to what the form says."""
    if not value:
        return "no date"
    precision = precision if precision and precision != "unknown" else precision_of_form(value)
    form = _FORMS.get(precision)
    match = form.match(value) if form else None
    if match is None:
        return value
    try:
        if precision == "day":
            year, month, day = (int(g) for g in match.groups())
            return f"{day} {calendar.month_name[month]} {year}"
        if precision == "month":
            return f"{calendar.month_name[int(match.group(2))]} {match.group(1)}"
        if precision == "year":
            return match.group(1)
        month, day = int(match.group(1)), int(match.group(2))
        return f"{day} {calendar.month_name[month]} (year not stated)"
    except IndexError:  # month 13: show what is stored rather than invent
        return value


def readable_inferred(value: str, basis: str | None) -> str:
    """A curator's inferred date: "13 November 2025 (inferred from …)", the basis shortened."""
    said = readable(value, "day")
    if not basis:
        return f"{said} (inferred)"
    short = basis if len(basis) <= 60 else basis[:57].rstrip() + "…"
    return f"{said} (inferred from {short[0].lower() + short[1:]})"


def readable_period(start: str | None, end: str | None) -> str:
    """A validity or reference period: "2026–2028", "from January 2026", "until 2028", "" when open on both sides."""
    if start and end:
        return readable(start) if start == end else f"{readable(start)}–{readable(end)}"
    if start:
        return f"from {readable(start)}"
    if end:
        return f"until {readable(end)}"
    return ""
