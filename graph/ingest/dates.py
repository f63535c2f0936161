"""Dates at the precision the text gives them.

The XSD datatype is the precision (see the data model): "4 March 2025" is an
``xsd:date``, "March 2025" an ``xsd:gYearMonth``, "in 2024" an ``xsd:gYear``,
and "On 3 July" with no year stays ``"--07-03"^^xsd:gMonthDay``. A year the
text does not give is never stated: a weekday ("on Tuesday") or "yesterday"
resolves against the publication date only as an *inferred* date with its
basis (``dtkg:inferredStatedOn`` + ``dtkg:inferenceBasis``), and "last year"
or "next spring" are recognised only so that nothing else mistakes them for a
date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from graph.errors import InvalidInput
from graph.ingest.rules import alternation, table, words
from graph.model.dates import Precision, precision_of
from graph.vocab import XSD

_MONTHS = table("dates", "months")
_MONTH = "(?:" + "|".join(sorted((m.capitalize() + (r"\.?" if len(m) <= 4 and m != "may" else "") for m in _MONTHS), key=len, reverse=True)) + ")"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)[0-9]{2})"
_WEEKDAYS = table("dates", "weekdays")

DMY = re.compile(rf"(?<![\w-]){_DAY}\s+(?P<month>{_MONTH})(?:,?\s+{_YEAR})?(?![\w-])")
MDY = re.compile(rf"(?<![\w-])(?P<month>{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?(?![\w-])")
MONTH_YEAR = re.compile(rf"(?<![\w-])(?P<month>{_MONTH})\s+{_YEAR}(?![\w-])")
ISO = re.compile(r"(?<![\w-])(?P<year>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?![\w-])")
YEAR = re.compile(rf"(?<![\w-])(?:in|during|since|for|of|by|until|through|throughout)\s+(?:the\s+year\s+)?{_YEAR}(?![\w-])")
WEEKDAY = re.compile(r"(?<![\w-])(?:on\s+|last\s+)?(?P<weekday>" + "|".join(w.capitalize() for w in _WEEKDAYS) + r")(?![\w-])")
RELATIVE = re.compile(alternation(table("dates", "relative_days")), re.IGNORECASE)
VAGUE = re.compile(alternation(words("dates", "vague")), re.IGNORECASE)


@dataclass(frozen=True)
class PartialDate:
    """A date literal: its lexical form and XSD datatype local name (the precision)."""

    value: str
    datatype: str

    @property
    def precision(self) -> Precision:
        return precision_of(str(XSD) + self.datatype)

    @property
    def day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.value) if self.datatype == "date" else None


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    kind: str
    """``explicit`` (a date the text states), ``weekday``, ``relative`` (yesterday), ``vague`` (last year)."""
    date: PartialDate | None = None
    weekday: int | None = None
    days_back: int | None = None


@dataclass(frozen=True)
class Resolved:
    """A claim's date: what the text states, and what was inferred from the publication date and why."""

    stated: PartialDate | None
    inferred: dt.date | None = None
    basis: str | None = None


def datatype_of(value: str) -> str:
    """The XSD datatype local name of a date lexical form (``--07-03`` → ``gMonthDay``)."""
    if value.startswith("--"):
        return "gMonthDay"
    return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(value)]


def _month(name: str) -> int:
    return int(_MONTHS[name.rstrip(".").lower()])


def _make(year: str | None, month: int, day: int | None) -> PartialDate | None:
    try:
        if year and day:
            return PartialDate(dt.date(int(year), month, day).isoformat(), "date")
        if day:
            dt.date(2000, month, day)  # a leap year: 29 February is a valid month-day
            return PartialDate(f"--{month:02d}-{day:02d}", "gMonthDay")
        if year:
            return PartialDate(f"{int(year):04d}-{month:02d}", "gYearMonth")
    except ValueError:
        return None
    return None


def parse_published(value: str) -> PartialDate:
    """The ``published`` metadata: ``2025-03-04``, ``2025-03``, ``2025`` or ``--03-04``; else 422."""
    raw = value.strip()
    patterns = (
        (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "date"),
        (r"[0-9]{4}-[0-9]{2}", "gYearMonth"),
        (r"[0-9]{4}", "gYear"),
        (r"--[0-9]{2}-[0-9]{2}", "gMonthDay"),
    )
    for form, datatype in patterns:
        if re.fullmatch(form, raw):
            year = raw[:4] if datatype != "gMonthDay" else None
            month = int(raw[5:7]) if datatype in ("date", "gYearMonth") else int(raw[2:4]) if datatype == "gMonthDay" else 1
            day = int(raw[8:10]) if datatype == "date" else int(raw[5:7]) if datatype == "gMonthDay" else None
            made = PartialDate(raw, "gYear") if datatype == "gYear" else _make(year, month, day)
            if made is not None and 1 <= month <= 12:
                return made
    raise InvalidInput(f"'published' must be a date at some precision (2025-03-04, 2025-03, 2025 or --03-04), not {value!r}")


def find(text: str, start: int, end: int) -> list[DateMention]:
    """The date expressions between ``start`` and ``end``, longest first where they overlap, in order."""
    found: list[DateMention] = []

    def free(s: int, e: int) -> bool:
        return not any(m.start < e and s < m.end for m in found)

    for match in ISO.finditer(text, start, end):
        date = _make(match["year"], int(match["m"]), int(match["d"])) if 1 <= int(match["m"]) <= 12 else None
        if date:
            found.append(DateMention(match.start(), match.end(), "explicit", date))
    for regex in (DMY, MDY):
        for match in regex.finditer(text, start, end):
            date = _make(match["year"], _month(match["month"]), int(match["day"]))
            if date and free(match.start(), match.end()):
                found.append(DateMention(match.start(), match.end(), "explicit", date))
    for match in MONTH_YEAR.finditer(text, start, end):
        date = _make(match["year"], _month(match["month"]), None)
        if date and free(match.start(), match.end()):
            found.append(DateMention(match.start(), match.end(), "explicit", date))
    for match in YEAR.finditer(text, start, end):
        if free(match.start("year"), match.end("year")):
            found.append(DateMention(match.start("year"), match.end("year"), "explicit", PartialDate(match["year"], "gYear")))
    for match in WEEKDAY.finditer(text, start, end):
        if free(match.start(), match.end()):
            found.append(DateMention(match.start(), match.end(), "weekday", weekday=int(_WEEKDAYS[match["weekday"].lower()])))
    for match in RELATIVE.finditer(text, start, end):
        if free(match.start(), match.end()):
            back = int(table("dates", "relative_days")[" ".join(match.group().lower().split())])
            found.append(DateMention(match.start(), match.end(), "relative", days_back=back))
    for match in VAGUE.finditer(text, start, end):
        if free(match.start(), match.end()):
            found.append(DateMention(match.start(), match.end(), "vague"))
    return sorted(found, key=lambda m: m.start)


def dateline(text: str) -> PartialDate | None:
    """The date of a dateline: an explicit date in the article's first line, or in a dateline ("SORREL, 3 March 2026 — ")
    opening one of the next lines, after a headline."""
    lines = text.split("\n", 4)
    candidates = [lines[0][:200]] + [m.group() for line in lines[1:4] if (m := DATELINE.match(line))]
    for chunk in candidates:
        for mention in find(chunk, 0, len(chunk)):
            if mention.kind == "explicit" and mention.date and mention.date.datatype in ("date", "gMonthDay"):
                return mention.date
    return None


DATELINE = re.compile(r"[A-ZÀ-ÞА-Я][A-ZÀ-ÞА-Я .'’-]+,\s+[^—–\n]{4,40}?\s+[—–]+\s+|[A-ZÀ-ÞА-Я][A-ZÀ-ÞА-Я .'’-]+\s+\([^)\n]{2,40}\)\s+[—–-]+\s+")


def dateline_end(text: str, start: int, end: int) -> int:
    """Where prose starts after a dateline opening a sentence ("VELLMARK, 12 May 2025 — …"); ``start`` if none."""
    m = DATELINE.match(text, start, end)
    return m.end() if m else start


def resolve(mention: DateMention, published: PartialDate | None) -> Resolved | None:
    """The claim date a mention gives: stated as written, inferred against the publication date where needed."""
    if mention.kind == "explicit" and mention.date is not None:
        if mention.date.datatype == "gMonthDay" and published is not None and published.datatype in ("date", "gYearMonth", "gYear"):
            month, day = int(mention.date.value[2:4]), int(mention.date.value[5:7])
            year = int(published.value[:4])
            if published.datatype == "date":
                pub = dt.date.fromisoformat(published.value)
                if (month, day) > (pub.month, pub.day):
                    year -= 1
            try:
                inferred = dt.date(year, month, day)
            except ValueError:
                return Resolved(mention.date)
            basis = (f"The text gives {mention.date.value} without a year; taken as the latest such day on or before "
                     f"the publication date {published.value}.")
            return Resolved(mention.date, inferred, basis)
        return Resolved(mention.date)
    if published is None or published.day is None:
        return None
    pub_day = published.day
    if mention.kind == "weekday" and mention.weekday is not None:
        inferred = pub_day - dt.timedelta(days=(pub_day.weekday() - mention.weekday) % 7)
        name = list(_WEEKDAYS)[mention.weekday].capitalize()
        return Resolved(None, inferred, f"“{name}” taken as the last {name} on or before the publication date {published.value}.")
    if mention.kind == "relative" and mention.days_back is not None:
        inferred = pub_day - dt.timedelta(days=mention.days_back)
        return Resolved(None, inferred, f"Counted back {mention.days_back} day(s) from the publication date {published.value}.")
    return None
