"""The comparable form of a name: no case, no accents, punctuation as single spaces.

Both sides of every comparison — the labels in the graph and what a person
typed — go through :func:`fold` first, so "АО «Рособоронэкспорт»", "ао
рособоронэкспорт" and "Ао Рособоронэкспорт" are one string to the matcher.
Scripts are kept (Cyrillic stays Cyrillic): crossing scripts is
:mod:`graph.matching.translit`'s job, and a folded label must stay readable
for prefix and substring search.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+|_+")


def fold(text: str) -> str:
    """Comparable form of a name.

    >>> fold("АО «Рособоронэкспорт»")
    'ао рособоронэкспорт'
    >>> fold("Asia-Pacific  Région")
    'asia pacific region'
    >>> fold("Ёлка") == fold("елка")
    True
    """
    if text.isascii():  # most labels: nothing to decompose
        bare = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def trigrams(folded: str) -> set[str]:
    """The three-character pieces of a folded name, for substring and fuzzy candidate lookup."""
    return {folded[i : i + 3] for i in range(len(folded) - 2)}
