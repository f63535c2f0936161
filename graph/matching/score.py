"""How well one typed name matches one label: a score in 0–100 and the reason.

The bands are ordered so the ranking rules of the matcher hold by construction:
an exact label (100) or alias (97) is above a transliteration (94/92), which is
above an acronym (88), initials (≤ 90) and any fuzzy score (at most 89); prefix
and substring matches (search-box completions) stay below 85. Fuzzy scores come
from rapidfuzz (Levenshtein-based ``ratio`` and word-order-insensitive
``token_sort_ratio``) on the spelling keys, so a typo in a romanised Cyrillic name
costs what a typo costs, not what the romanisation difference costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from rapidfuzz import fuzz


class Reason(StrEnum):
    """Why a candidate matched, strongest first."""

    EXACT = "exact label"
    ALIAS = "alias"
    TRANSLITERATION = "transliteration"
    ACRONYM = "acronym"
    INITIALS = "initials"
    FUZZY = "fuzzy"
    PARTIAL = "name part"
    PREFIX = "prefix"
    SUBSTRING = "substring"


EXACT, ALIAS = 100.0, 97.0
TRANSLITERATED, TRANSLITERATED_ALIAS = 94.0, 92.0
ACRONYM = 88.0
CONTRADICTED_INITIALS = 60.0
"""Initials that fit one label of an entity ("Putin") but contradict another ("Vladimir Putin")."""
FUZZY_FLOOR = 75.0
"""Below this rapidfuzz similarity a spelling is not offered as a fuzzy match."""
FUZZY_WEIGHT = 0.9
"""A fuzzy similarity of 100 on the keys that was not a key match (word order) scores 90 at most."""


def exact(preferred: bool) -> tuple[float, Reason]:
    return (EXACT, Reason.EXACT) if preferred else (ALIAS, Reason.ALIAS)


def transliterated(preferred: bool) -> tuple[float, Reason]:
    return (TRANSLITERATED, Reason.TRANSLITERATION) if preferred else (TRANSLITERATED_ALIAS, Reason.TRANSLITERATION)


def fuzzy(query_key: str, label_key: str) -> float | None:
    """Score of a spelling variant or typo, or None below :data:`FUZZY_FLOOR`."""
    similarity = max(fuzz.ratio(query_key, label_key), fuzz.token_sort_ratio(query_key, label_key))
    if similarity < FUZZY_FLOOR:
        return None
    return round(min(similarity * FUZZY_WEIGHT, 89.0), 1)


WORD_SIMILARITY = 80.0
"""Two words of five letters or more that agree in their first three and this rapidfuzz ratio count as one
word in another grammatical case or spelling ("сотрудничеству" / "сотрудничества", "Russian" / "Russia")."""
INFLECTED = 5.0
"""Points a name-part match loses when it needed such a near word."""


def same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and a[:3] == b[:3] and fuzz.ratio(a, b) >= WORD_SIMILARITY)


def _take_all(wanted: list[str], pool: list[str]) -> tuple[list[str], bool] | None:
    """``pool`` less one word for each of ``wanted`` (exact first, else a near word), and whether any was near."""
    rest = list(pool)
    near = False
    for word in wanted:
        if word in rest:
            rest.remove(word)
            continue
        other = next((w for w in rest if same_word(word, w)), None)
        if other is None:
            return None
        rest.remove(other)
        near = True
    return rest, near


def name_parts(query: Sequence[str], label: Sequence[str]) -> tuple[float, Reason] | None:
    """Initials and partial names: "A. Mikheev", "V. Putin", "the CSTO", "the commission".

    Every full word of the query must be a word of the label. Initials must
    agree with the first letter of a label word not otherwise matched; an
    initial with nothing to agree with (the graph knows only the surname) is
    allowed at a lower score, one that disagrees rules the label out.
    """
    if not query or not label:
        return None
    initials = [w for w in query if len(w) == 1]
    full = [w for w in query if len(w) > 1]
    taken = _take_all(full, list(label)) if full else None
    if taken is None:
        return None
    rest, near = taken
    if initials:
        unmatched = 0
        for initial in initials:
            agreeing = next((w for w in rest if w.startswith(initial)), None)
            if agreeing is not None:
                rest.remove(agreeing)
            elif rest:
                return None  # the label has a given name and it starts otherwise
            else:
                unmatched += 1
        return (85.0 if unmatched else 90.0) - (INFLECTED if near else 0.0), Reason.INITIALS
    if not rest:  # every label word given and nothing else: stopwords, word order or punctuation differ
        return (88.0, Reason.FUZZY) if near else (95.0, Reason.PARTIAL)
    covered = sum(len(w) for w in full) / max(1, sum(len(w) for w in label))
    return round(55.0 + 25.0 * covered - (INFLECTED if near else 0.0), 1), Reason.PARTIAL


def initials_disagree(query: Sequence[str], label: Sequence[str]) -> bool:
    """Whether the label spells out a name the query's initials contradict ("A. Putin" / "Vladimir Putin")."""
    full = [w for w in query if len(w) > 1]
    if not full or len(full) == len(query):
        return False
    taken = _take_all(full, list(label))
    return taken is not None and bool(taken[0]) and name_parts(query, label) is None


def extra_words(query: Sequence[str], label: Sequence[str]) -> tuple[float, Reason] | None:
    """A full name where the graph has only part of it: "Alexander Mikheev" for the label "Mikheev"."""
    if len(label) == 0 or len(query) <= len(label):
        return None
    taken = _take_all(list(label), list(query))
    if taken is None:
        return None
    rest, near = taken
    if any(len(w) == 1 for w in rest):
        return None  # initials are name_parts' case
    return (80.0 if len(rest) == 1 else 70.0) - (INFLECTED if near else 0.0), Reason.PARTIAL


def prefix(query_len: int, label_len: int, whole: bool) -> tuple[float, Reason]:
    coverage = query_len / max(label_len, 1)
    return (round((60.0 if whole else 55.0) + 24.0 * coverage, 1), Reason.PREFIX)


def substring(query_len: int, label_len: int) -> tuple[float, Reason]:
    return (round(50.0 + 20.0 * query_len / max(label_len, 1), 1), Reason.SUBSTRING)
