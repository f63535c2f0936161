"""The names of every entity, indexed once per graph version so a lookup touches only its candidates.

For each label the index keeps its folded form (:mod:`graph.matching.fold`), its
spelling keys (:mod:`graph.matching.translit`) and the acronym of its words,
and answers, without looking at every label:

* exact folded names and exact spelling keys from dicts;
* prefixes (of the whole name or of any word in it) by bisecting a sorted list
  of word-start suffixes;
* words of a name (for initials and partial names) from a word → labels dict;
* substrings and fuzzy candidates from trigrams of the spelling keys: substring
  candidates contain every trigram of the query; fuzzy candidates share most of
  them (trigrams found in very many labels are skipped as uninformative).

Why in memory rather than SPARQL ``CONTAINS``: a SPARQL filter scans every
literal on each request and can neither fold accents nor transliterate; the
index costs a few hundred bytes per label and is rebuilt only when the graph
changes (:mod:`graph.model.snapshot` keys it on the graph version).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations

from graph.matching.fold import fold, trigrams
from graph.matching.translit import keys


def name_words(key: str) -> tuple[str, ...]:
    """The words of a key that carry the name: stopwords dropped, single letters kept as initials."""
    return tuple(w for w in key.split() if len(w) == 1 or w not in STOPWORDS)


STOPWORDS = frozenset(
    "a an and at for in of on the to with "  # English
    "и в во на о об по с со для к".split()  # Russian
)
"""Words an acronym skips ("Collective Security Treaty Organization" → CSTO,
"Организация Договора о коллективной безопасности" → ОДКБ) and a partial name ignores."""

COMMON_GRAM = 1_000
"""A trigram in more labels than this is skipped when looking for fuzzy candidates."""
FUZZY_GRAMS = 8
"""Fuzzy candidates are counted on the query's rarest trigrams only: they carry the name, and it keeps a lookup short."""


@dataclass(frozen=True)
class Label:
    """One name of one entity, as the graph states it."""

    entity: str
    text: str
    lang: str
    preferred: bool


def acronym(folded: str) -> str | None:
    """The initials of the significant words of a folded name, if it has at least two.

    >>> acronym("collective security treaty organization")
    'csto'
    >>> acronym("организация договора о коллективной безопасности")
    'одкб'
    >>> acronym("rosoboronexport") is None
    True
    """
    words = [w for w in folded.split() if w not in STOPWORDS and not w.isdigit()]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


@dataclass
class NameIndex:
    """Labels of every entity with their folded forms, spelling keys and lookups."""

    labels: list[Label] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    label_keys: list[tuple[str, ...]] = field(default_factory=list)
    label_words: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    """Per label, per key: the words that carry the name (:func:`graph.matching.score.words`)."""
    exact: dict[str, list[int]] = field(default_factory=dict)
    by_key: dict[str, list[int]] = field(default_factory=dict)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    by_words: dict[str, list[int]] = field(default_factory=dict)
    """Sorted name words of a key, joined → labels: finds the labels whose words are all in a longer query."""
    acronyms: dict[str, list[int]] = field(default_factory=dict)
    starts: list[tuple[str, int, bool]] = field(default_factory=list)
    grams: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, labels: Iterable[Label]) -> NameIndex:
        index = cls()
        for label in labels:
            folded = fold(label.text)
            if not folded:
                continue
            n = len(index.labels)
            index.labels.append(label)
            index.folded.append(folded)
            label_keys = tuple(sorted(keys(folded)))
            index.label_keys.append(label_keys)
            index.label_words.append(tuple(name_words(key) for key in label_keys))
            index.exact.setdefault(folded, []).append(n)
            index.starts.append((folded, n, True))
            start = folded.find(" ")
            while start >= 0:
                index.starts.append((folded[start + 1 :], n, False))
                start = folded.find(" ", start + 1)
            label_grams: set[str] = set()
            words: set[str] = set()
            for key in label_keys:
                _add(index.by_key, key, n)
                label_grams |= trigrams(f" {key} ")
                words.update(key.split())
            for word in words:
                _add(index.by_word, word, n)
            for label_words in index.label_words[n]:
                if label_words:
                    _add(index.by_words, " ".join(sorted(label_words)), n)
            for gram in label_grams:
                index.grams.setdefault(gram, []).append(n)
            short = acronym(folded)
            if short and len(short) >= 2:
                for key in keys(short):
                    _add(index.acronyms, key.replace(" ", ""), n)
        index.starts.sort()
        return index

    def __len__(self) -> int:
        return len(self.labels)

    def prefixed(self, folded: str, cap: int) -> Iterable[tuple[int, bool]]:
        """Labels whose folded name (``True``) or one of its words (``False``) starts with ``folded``."""
        start = bisect.bisect_left(self.starts, (folded,))
        for suffix, n, whole in self.starts[start : start + cap]:
            if not suffix.startswith(folded):
                break
            yield n, whole

    def with_word(self, words: Iterable[str], cap: int) -> list[int]:
        """Labels containing the rarest of ``words`` (at most ``cap``): a label matching by its words has it."""
        postings = [p for p in (self.by_word.get(w) for w in words if len(w) > 1) if p]
        return min(postings, key=len)[:cap] if postings else []

    def within(self, words: Sequence[str]) -> list[int]:
        """Labels all of whose name words are among ``words`` (a query of at most six words)."""
        unique = sorted(set(words))[:6]
        found: list[int] = []
        for size in range(1, len(unique) + 1):
            for combo in combinations(unique, size):
                found.extend(self.by_words.get(" ".join(combo), ()))
        return found

    def containing(self, key: str, cap: int) -> list[int]:
        """Labels with a spelling key that contains ``key`` (at least three characters)."""
        grams = sorted(trigrams(key), key=lambda g: len(self.grams.get(g, ())))
        if not grams:
            return []
        candidates: set[int] | None = None
        for gram in grams:
            posting = self.grams.get(gram)
            if not posting:
                return []
            candidates = set(posting) if candidates is None else candidates.intersection(posting)
            if len(candidates) <= cap:
                break  # few enough to check each one directly
        found = [n for n in candidates or () if any(key in k for k in self.label_keys[n])]
        return sorted(found)[:cap]

    def similar(self, key: str, cap: int) -> list[int]:
        """Labels sharing the most trigrams with ``key``: the candidates worth a fuzzy comparison."""
        found = [p for p in (self.grams.get(g) for g in trigrams(f" {key} ")) if p and len(p) <= COMMON_GRAM]
        postings = sorted(found, key=len)[:FUZZY_GRAMS]
        if not postings:
            return []
        counts = Counter(chain.from_iterable(postings))
        needed = max(1, len(postings) // 3)
        return [n for n, c in counts.most_common(cap) if c >= needed]


def _add(table: dict[str, list[int]], key: str, n: int) -> None:
    entries = table.setdefault(key, [])
    if not entries or entries[-1] != n:
        entries.append(n)
