"""graph.model.search: folding and the label index, on tiny inline label sets."""

from __future__ import annotations

import pytest

from graph.model.search import EXACT, PREFIX, SUBSTRING, WORD_PREFIX, Label, LabelIndex, display_label, fold

LABELS = [
    Label("ros", "Rosoboronexport", "en", True),
    Label("ros", "Рособоронэкспорт", "ru", True),
    Label("ros", "АО «Рособоронэкспорт»", "ru", False),
    Label("mik", "Mikheev", "en", True),
    Label("mik", "Михеев", "ru", True),
    Label("mik", "Mikheyev", "en", False),
    Label("ap", "Asia-Pacific", "en", True),
    Label("ca", "Central Asia", "en", True),
    Label("cafe", "Café Société", "fr", True),
    Label("exp", "Rosoboronexport Export Office", "en", True),
]
INDEX = LabelIndex.build(LABELS)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Rosoboronexport", "rosoboronexport"),
        ("АО «Рособоронэкспорт»", "ао рособоронэкспорт"),
        ("Café  Société", "cafe societe"),
        ("Ёжик", "ежик"),
        ("Asia-Pacific", "asia pacific"),
        ("  ", ""),
        ("ＣＳＴＯ", "csto"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("query", "first", "rank"),
    [
        ("Михеев", "mik", EXACT),
        ("михеев", "mik", EXACT),
        ("MIKHEYEV", "mik", EXACT),
        ("rosoboronexport", "ros", EXACT),
        ("рособоронэкспорт", "ros", EXACT),
        ("Asia Pacific", "ap", EXACT),
        ("asia-pac", "ap", PREFIX),
        ("cafe", "cafe", PREFIX),
        ("societe", "cafe", WORD_PREFIX),
        ("oboron", "ros", SUBSTRING),
    ],
)
def test_search_finds_best_match_first(query: str, first: str, rank: int) -> None:
    hits = INDEX.search(query)
    assert hits[0].entity == first
    assert hits[0].rank == rank


def test_exact_ranks_before_prefix_before_word_prefix_before_substring() -> None:
    hits = INDEX.search("asia")
    assert [(h.entity, h.rank) for h in hits] == [("ap", PREFIX), ("ca", WORD_PREFIX)]
    hits = INDEX.search("rosoboronexport")
    assert [(h.entity, h.rank) for h in hits] == [("ros", EXACT), ("exp", PREFIX)]
    assert [(h.entity, h.rank) for h in INDEX.search("export")] == [("exp", WORD_PREFIX), ("ros", SUBSTRING)]


def test_each_entity_appears_once() -> None:
    hits = INDEX.search("рособоронэкспорт")
    assert [h.entity for h in hits] == ["ros"]


@pytest.mark.parametrize("query", ["", "   ", "«»", "zzz", "x\" } ; DROP ALL ; #", "q" * 5000])
def test_no_match(query: str) -> None:
    assert INDEX.search(query) == []


def test_display_label_prefers_english_preferred_name() -> None:
    assert display_label([label for label in LABELS if label.entity == "ros"]) == "Rosoboronexport"
    assert display_label([Label("x", "Имя", "ru", False)]) == "Имя"
    assert display_label([]) is None
