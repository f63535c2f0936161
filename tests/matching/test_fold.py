"""graph.matching.fold and graph.matching.translit: one comparable form, one spelling key."""

from __future__ import annotations

import pytest

from graph.matching.fold import fold
from graph.matching.index import acronym
from graph.matching.translit import keys, spelling_key


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
    ("one", "other"),
    [
        ("михеев", "mikheev"),  # Wikipedia / passport
        ("михеев", "mikheyev"),  # BGN/PCGN
        ("михеев", "miheev"),  # ISO 9 and the press: kh/h
        ("рособоронэкспорт", "rosoboronexport"),  # ks/x
        ("rosoboroneksport", "rosoboronexport"),
        ("дмитрий", "dmitry"),  # -ий as y, iy, ii, ij
        ("dmitriy", "dmitrij"),
        ("евгений", "yevgeny"),  # e/ye
        ("одкб", "odkb"),
        ("щукин", "shchukin"),
        ("цой", "tsoy"),
    ],
)
def test_spellings_meet_in_one_key(one: str, other: str) -> None:
    assert keys(one) & keys(other)


@pytest.mark.parametrize(("one", "other"), [("mikheev", "mikhailov"), ("putin", "puting"), ("csto", "cis")])
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert not keys(one) & keys(other)


def test_keys_of_a_long_name_are_bounded() -> None:
    assert 1 <= len(keys(fold("Организация Договора о коллективной безопасности Объект Объект Объект Объект"))) <= 16


def test_spelling_key_is_idempotent() -> None:
    key = spelling_key("mikheyev")
    assert spelling_key(key) == key


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("collective security treaty organization", "csto"),
        ("commonwealth of independent states", "cis"),
        ("организация договора о коллективной безопасности", "одкб"),
        ("mikheev", None),
    ],
)
def test_acronym_skips_stopwords(name: str, short: str | None) -> None:
    assert acronym(name) == short
