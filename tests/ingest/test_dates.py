"""graph.ingest.dates: the text's precision, inferred dates only with a basis, no invented years."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import InvalidInput
from graph.ingest import dates

PUBLISHED = dates.parse_published("2025-03-05")  # a Wednesday


def _resolve(text: str) -> dates.Resolved | None:
    (mention,) = [m for m in dates.find(text, 0, len(text)) if m.kind != "vague"]
    return dates.resolve(mention, PUBLISHED)


@pytest.mark.parametrize(
    ("text", "value", "datatype"),
    [
        ("on 4 March 2025", "2025-03-04", "date"),
        ("on March 4, 2025", "2025-03-04", "date"),
        ("in March 2025", "2025-03", "gYearMonth"),
        ("during 2024", "2024", "gYear"),
        ("On 3 July", "--07-03", "gMonthDay"),
        ("on November 13", "--11-13", "gMonthDay"),
    ],
)
def test_stated_dates_keep_their_precision(text: str, value: str, datatype: str) -> None:
    resolved = _resolve(text)
    assert resolved is not None and resolved.stated == dates.PartialDate(value, datatype)


def test_a_weekday_is_inferred_from_the_publication_date_with_a_basis() -> None:
    resolved = _resolve("said on Tuesday")
    assert resolved is not None and resolved.stated is None
    assert resolved.inferred == dt.date(2025, 3, 4)
    assert resolved.basis and "2025-03-05" in resolved.basis


def test_a_month_day_keeps_no_year_and_infers_one_separately() -> None:
    resolved = _resolve("On 3 July")
    assert resolved is not None and resolved.stated is not None
    assert resolved.stated.value == "--07-03"
    assert resolved.inferred == dt.date(2024, 7, 3)  # the latest 3 July on or before 5 March 2025


@pytest.mark.parametrize("text", ["last year", "next spring", "this month"])
def test_vague_expressions_give_no_date(text: str) -> None:
    (mention,) = dates.find(text, 0, len(text))
    assert mention.kind == "vague"
    assert dates.resolve(mention, PUBLISHED) is None


def test_the_dateline_gives_the_publication_date() -> None:
    assert dates.dateline("LONDON, 4 March 2025 — The ministry said …") == dates.PartialDate("2025-03-04", "date")


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-01", "03/04/2025", "2025-02-30"])
def test_a_published_value_that_is_not_a_date_is_422(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        dates.parse_published(bad)
    assert caught.value.status == 422
