"""Latin spellings of a name and the spelling key that makes press variants equal.

A Russian name reaches English text in many spellings: BGN/PCGN writes Михеев
"Mikheyev", ISO 9 "Miheev", Wikipedia and the passport office "Mikheev", and
the press mixes them ("Rosoboroneksport" / "Rosoboronexport"). dtkg does not
pick one: :func:`latin_forms` spells a Cyrillic name in several romanisation
systems (from the ``iuliia`` library, which implements them letter for letter
with their context rules), any other non-Latin script with ``anyascii``, and
:func:`spelling_key` then folds the differences those systems and the press
disagree on — "kh"/"h", "ks"/"x", "y"/"i"/"j", "e"/"ye", doubled letters — so
every spelling of one name ends in the same key (:func:`keys`). Labels and queries take the
same path, which is what makes the matching work in both directions:
"Miheev" finds the Cyrillic label Михеев and "Рособоронэкспорт" the Latin one.

Words are transliterated one at a time and cached: names repeat words
("Organization", "Federation", common surnames), so building the index for a
large graph spends its time on distinct words only.
"""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia
from anyascii import anyascii

from graph.matching.fold import fold

SCHEMAS = (
    iuliia.BGN_PCGN,  # US/UK geographic names: "Mikheyev", "Rosoboroneksport"
    iuliia.ISO_9_1954,  # ISO 9 / GOST-style scholarly: "Miheev"
    iuliia.WIKIPEDIA,  # English Wikipedia and most newsrooms: "Mikheev"
    iuliia.ICAO_DOC_9303,  # passports since 2013: "Mikheev", "Iurii"
    iuliia.TELEGRAM,  # informal chat spelling: "Miheev", "Obekt"
)
"""Romanisation systems tried for Cyrillic words; their results meet in :func:`spelling_key`."""

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ASCII_WORD = re.compile(r"^[a-z0-9]+$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_PRESS_SPELLINGS = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("kh", "h"),
    ("x", "ks"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("tz", "c"),
    ("ts", "c"),
    ("ye", "e"),
    ("yo", "e"),
    ("jo", "e"),
    ("y", "i"),
    ("j", "i"),
)
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def _word_forms(word: str) -> tuple[str, ...]:
    """Lower-case ASCII spellings of one folded word."""
    if _ASCII_WORD.match(word):
        return (word,)
    if _CYRILLIC.search(word):
        spelled = {schema.translate(word) for schema in SCHEMAS}
    else:
        spelled = {word}
    forms = {_NOT_ALNUM.sub("", fold(anyascii(form))) for form in spelled}
    return tuple(sorted(form for form in forms if form))


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    for old, new in _PRESS_SPELLINGS:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


def spelling_key(latin: str) -> str:
    """One key for the press and romanisation variants of a Latin spelling.

    >>> spelling_key("mikheyev") == spelling_key("miheev") == spelling_key("mikheev")
    True
    >>> spelling_key("rosoboroneksport") == spelling_key("rosoboronexport")
    True
    """
    return " ".join(_word_key(w) for w in latin.split())


@lru_cache(maxsize=200_000)
def _word_keys(word: str) -> tuple[str, ...]:
    return tuple(sorted({_word_key(form) for form in _word_forms(word)}))


MAX_KEYS = 16
"""Most keys kept for one name: enough for the few words romanisation systems disagree on."""


def keys(folded: str) -> set[str]:
    """The spelling keys of a folded name in any script, one per way its words may be spelled.

    >>> keys("михеев") == keys("miheev") == keys("mikheyev") == {"mihev"}
    True
    >>> keys("рособоронэкспорт") == keys("rosoboronexport")
    True
    """
    spelled = [_word_keys(word) for word in folded.split()]
    if all(len(options) == 1 for options in spelled):  # most names: one key
        joined = " ".join(options[0] for options in spelled)
        return {joined} if joined else set()
    found: list[str] = [""]
    for word in folded.split():
        spellings = _word_keys(word) or ("",)
        found = sorted({f"{done} {s}".strip() for done in found for s in spellings})[:MAX_KEYS]
    return {k for k in found if k}


def clear_caches() -> None:
    """Forget the per-word spellings (benchmarks time a cold index build with it)."""
    for cached in (_word_forms, _word_key, _word_keys):
        cached.cache_clear()
