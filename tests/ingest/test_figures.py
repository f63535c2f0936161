"""graph.ingest.figures: amounts, units, bounds, ranges and the original wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.ingest.figures import find, plain


def _one(text: str) -> tuple[str, str | None, str, str, str | None, str | None]:
    (figure,) = find(text, 0, len(text))
    amount = plain(figure.amount) if figure.amount is not None else None
    low = f"{plain(figure.minimum)}-{plain(figure.maximum)}" if figure.minimum is not None and figure.maximum is not None else None
    return figure.original, amount, figure.unit, figure.bound, low, figure.indicator


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("earned approximately $15 billion", ("approximately $15 billion", "15000000000", "USD", "approximately", None, "UnspecifiedIndicator")),
        ("a backlog of $55bn", ("$55bn", "55000000000", "USD", "exact", None, "OrderBacklog")),
        ("reached over 30 countries", ("over 30 countries", "30", "countries", "more-than", None, "CountriesReached")),
        ("at least two billion roubles", ("at least two billion roubles", "2000000000", "RUB", "at-least", None, "UnspecifiedIndicator")),
        ("less than 5% of sales", ("less than 5%", "5", "percent", "less-than", None, "UnspecifiedIndicator")),
        ("at most 40 tanks", ("at most 40 tanks", "40", "tanks", "at-most", None, "UnspecifiedIndicator")),
        ("the tanks are nearly 40 years old", ("nearly 40 years", "40", "years", "approximately", None, "UnspecifiedIndicator")),
        ("sells up to 30 armoured personnel carriers", ("up to 30 armoured personnel carriers", "30", "armoured personnel carriers", "at-most", None, "UnspecifiedIndicator")),
        ("trains no fewer than 60 Tervian pilots", ("no fewer than 60 Tervian pilots", "60", "pilots", "at-least", None, "UnspecifiedIndicator")),
        ("between 1.1 and 1.3 billion euros", ("between 1.1 and 1.3 billion euros", None, "EUR", "range", "1100000000-1300000000", "UnspecifiedIndicator")),
        ("a €2.4 billion contract", ("€2.4 billion", "2400000000", "EUR", "exact", None, "ContractValue")),
        ("exports doubled", ("doubled", "2", "times", "exact", None, "UnspecifiedIndicator")),
        ("a fifth of the market", ("a fifth", "0.2", "fraction", "exact", None, "UnspecifiedIndicator")),
        ("a 45-million-euro upgrade", ("45-million-euro", "45000000", "EUR", "exact", None, "UnspecifiedIndicator")),
        ("fielded as many as 250 engineers", ("as many as 250 engineers", "250", "engineers", "at-most", None, "UnspecifiedIndicator")),
        ("nearly 1,200 troops", ("nearly 1,200 troops", "1200", "troops", "approximately", None, "UnspecifiedIndicator")),
        # A bounded duration is a figure (the bound is what is stated); a fraction in words is numerator ÷ denominator.
        ("the warranty runs for at least seven years", ("at least seven years", "7", "years", "at-least", None, "UnspecifiedIndicator")),
        ("approval took more than 120 days", ("more than 120 days", "120", "days", "more-than", None, "UnspecifiedIndicator")),
        ("trials lasting between 10 and 14 weeks", ("between 10 and 14 weeks", None, "weeks", "range", "10-14", "UnspecifiedIndicator")),
        ("four fifths of the fleet", ("four fifths", "0.8", "fraction", "exact", None, "UnspecifiedIndicator")),
        ("almost three quarters of the budget", ("almost three quarters", "0.75", "fraction", "approximately", None, "UnspecifiedIndicator")),
        ("two-thirds of the crews", ("two-thirds", "0.667", "fraction", "exact", None, "UnspecifiedIndicator")),
        # the sixth held-out set's phenomena, on new sentences: "within" bounds, a range without "between", a duration
        # adjective, a span of time in one word with a bound, "N and a half", "exceed"
        ("the refit should be finished within nine months", ("within nine months", "9", "months", "at-most", None, "UnspecifiedIndicator")),
        ("trials take four to six weeks", ("four to six weeks", None, "weeks", "range", "4-6", "UnspecifiedIndicator")),
        ("a twelve-year lease", ("twelve-year", "12", "years", "exact", None, "UnspecifiedIndicator")),
        ("the plant has run for over a decade", ("over a decade", "10", "years", "more-than", None, "UnspecifiedIndicator")),
        ("costs rose two and a half times", ("two and a half times", "2.5", "times", "exact", None, "UnspecifiedIndicator")),
        ("revenue may exceed 3 billion dollars", ("exceed 3 billion dollars", "3000000000", "USD", "more-than", None, "UnspecifiedIndicator")),
        # the seventh held-out set's phenomena, on new phrases: "just under/over" keep their bound; a length of time is a figure
        ("worth just under 40 million euros", ("just under 40 million euros", "40000000", "EUR", "less-than", None, "UnspecifiedIndicator")),
        ("hired just over 700 engineers", ("just over 700 engineers", "700", "engineers", "more-than", None, "UnspecifiedIndicator")),
        ("after a halt of nine months", ("nine months", "9", "months", "exact", None, "UnspecifiedIndicator")),
        ("the plant ran for twelve years", ("twelve years", "12", "years", "exact", None, "UnspecifiedIndicator")),
        # the eighth held-out set's phenomena, on new phrases: "dozen" scales a count, a range of two fractions
        ("the yard employs some three dozen welders", ("some three dozen welders", "36", "welders", "approximately", None, "UnspecifiedIndicator")),
        ("costs grew by from a fifth to two fifths", ("from a fifth to two fifths", None, "fraction", "range", "0.2-0.4", "UnspecifiedIndicator")),
        # the eleventh round: an interval ("ahead of schedule", "late", "after") and a length after "took" are figures
        ("the hulls were floated out three weeks ahead of schedule", ("three weeks", "3", "weeks", "exact", None, "UnspecifiedIndicator")),
        ("the radars arrived five months late", ("five months", "5", "months", "exact", None, "UnspecifiedIndicator")),
        ("exports resumed four years after the embargo", ("four years", "4", "years", "exact", None, "UnspecifiedIndicator")),
        ("the overhaul took nine weeks", ("nine weeks", "9", "weeks", "exact", None, "UnspecifiedIndicator")),
        # a unit of measure before a noun is the whole unit: "40 mm guns" is a calibre
        ("the corvettes carry 76 mm guns", ("76 mm", "76", "mm", "exact", None, "UnspecifiedIndicator")),
    ],
)
def test_figures(text: str, expected: tuple[str, ...]) -> None:
    assert _one(text) == expected


@pytest.mark.parametrize("text", ["in 2024 the S-400 and Su-57 flew", "on 3 July", "the 2026-2028 programme", "one of the largest",
                                  "delivered in six months", "a third-party supplier", "after a decade of work",
                                  "the score was 3 and 4"])
def test_years_designations_and_pronouns_are_not_figures(text: str) -> None:
    assert find(text, 0, len(text)) == []


def test_the_period_is_a_year_the_same_clause_states() -> None:
    text = "contracts worth $3 billion were signed in 2024"
    (figure,) = find(text, 0, len(text))
    assert figure.period == "2024"
    assert figure.amount == Decimal("3000000000")
