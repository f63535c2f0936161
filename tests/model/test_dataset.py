"""graph.model.dataset and graph.model.citation without a store: the dataset card and dates at their precision."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import citation, dataset, dates


def test_card_is_read_from_dataset_md() -> None:
    card = dataset.read_card()
    assert card.license == "https://creativecommons.org/licenses/by/4.0/"
    assert (card.license_name, card.license_spdx) == ("CC BY 4.0", "CC-BY-4.0")
    assert card.version.count(".") == 2 and card.title and card.publisher


def test_card_without_front_matter_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "DATASET.md"
    bad.write_text("# no front matter\n", encoding="utf-8")
    with pytest.raises(ValueError, match="front-matter"):
        dataset.read_card(bad)
    bad.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(ValueError, match="version"):
        dataset.read_card(bad)


def test_version_label_and_file_stem() -> None:
    version = dataset.Version("0.2.0", "65fc1c4182776c6fb95765f111d4e1e4110eb003c694c83828d1f3a7b2960d3a")
    assert version.label == "0.2.0+65fc1c418277"
    assert version.file_stem == "dtkg-0.2.0-65fc1c418277"


@pytest.mark.parametrize(
    ("value", "precision", "display", "parts"),
    [
        ("--11-13", "month-day", "November 13, year not stated", None),
        ("2025", "year", "2025", [2025]),
        ("2026-01", "month", "January 2026", [2026, 1]),
        ("2025-03-04", "day", "March 4, 2025", [2025, 3, 4]),
    ],
)
def test_dates_are_cited_at_their_precision(value: str, precision: str, display: str, parts: list[int] | None) -> None:
    assert dates.when(value, precision) == dates.When(display, parts)


def test_bibtex_escapes_its_specials() -> None:
    assert citation._bib("$15 & 30% #1 {x}_y") == r"\$15 \& 30\% \#1 \{x\}\_y"
