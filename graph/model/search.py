"""Finding entities by name: label folding and an in-memory label index.

People type names the way they know them: "rosoboronexport", "Михеев",
"mikheyev", "asia pacific". The graph holds labels and aliases in several
languages (``skos:prefLabel``, ``skos:altLabel``, ``rdfs:label``,
``schema:name``). :func:`fold` maps both sides to one comparable form
(compatibility-decomposed, accents and case dropped, punctuation as spaces), and
:class:`LabelIndex` answers a query without looking at every label:

* exact matches from a dict ``folded label -> entries``;
* prefix matches (of the whole label or of any word in it) by bisecting a sorted
  list of word-start suffixes;
* other substrings through a trigram index: the entries that contain every
  trigram of the query are the only candidates, and only they are checked.

Why in memory rather than SPARQL ``CONTAINS``: a SPARQL filter has to scan every
literal in the store on each request and cannot fold accents; the index is built
once per graph version (a few hundred bytes per label) and each lookup touches
only the entries it returns. The caller (:mod:`graph.model.entities`) keys it on the
graph version so a rebuild or a curation change is seen on the next request.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_NOT_WORD = re.compile(r"[^\w]+|_+")

EXACT, PREFIX, WORD_PREFIX, SUBSTRING = 0, 1, 2, 3
"""Match ranks, best first."""


def fold(text: str) -> str:
    """Comparable form of a name: no case, no accents, punctuation as single spaces.

    >>> fold("АО «Рособоронэкспорт»")
    'ао рособоронэкспорт'
    >>> fold("Asia-Pacific  Région")
    'asia pacific region'
    >>> fold("Ёлка") == fold("елка")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def trigrams(folded: str) -> set[str]:
    return {folded[i : i + 3] for i in range(len(folded) - 2)}


@dataclass(frozen=True)
class Label:
    """One name of one entity."""

    entity: str
    text: str
    lang: str
    preferred: bool


@dataclass(frozen=True)
class Hit:
    entity: str
    rank: int
    label: Label


@dataclass
class LabelIndex:
    """Labels of every entity, indexed for exact, prefix and substring lookups."""

    labels: list[Label] = field(default_factory=list)
    _folded: list[str] = field(default_factory=list)
    _exact: dict[str, list[int]] = field(default_factory=dict)
    _starts: list[tuple[str, int, bool]] = field(default_factory=list)
    _grams: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, labels: Iterable[Label]) -> LabelIndex:
        index = cls()
        for label in labels:
            folded = fold(label.text)
            if not folded:
                continue
            n = len(index.labels)
            index.labels.append(label)
            index._folded.append(folded)
            index._exact.setdefault(folded, []).append(n)
            index._starts.append((folded, n, True))
            for match in re.finditer(" ", folded):
                index._starts.append((folded[match.end() :], n, False))
            for gram in trigrams(folded):
                index._grams.setdefault(gram, set()).add(n)
        index._starts.sort()
        return index

    def __len__(self) -> int:
        return len(self.labels)

    def search(self, query: str) -> list[Hit]:
        """Every entity with a label matching ``query``, best match first.

        An entity appears once, with its best-ranked label: exact before
        prefix before word prefix before substring; within a rank preferred
        labels before aliases, shorter labels before longer, then by id.
        """
        q = fold(query)
        if not q:
            return []
        best: dict[int, int] = {}

        def offer(n: int, rank: int) -> None:
            if rank < best.get(n, SUBSTRING + 1):
                best[n] = rank

        for n in self._exact.get(q, ()):
            offer(n, EXACT)
        start = bisect.bisect_left(self._starts, (q,))
        for suffix, n, whole in self._starts[start:]:
            if not suffix.startswith(q):
                break
            offer(n, PREFIX if whole else WORD_PREFIX)
        if len(q) >= 3:
            grams = sorted(trigrams(q), key=lambda g: len(self._grams.get(g, ())))
            candidates: set[int] | None = None
            for gram in grams:
                posting = self._grams.get(gram)
                if not posting:
                    candidates = set()
                    break
                candidates = set(posting) if candidates is None else candidates & posting
                if not candidates:
                    break
            for n in candidates or ():
                if n not in best and q in self._folded[n]:
                    offer(n, SUBSTRING)
        return _best_per_entity(
            Hit(self.labels[n].entity, rank, self.labels[n]) for n, rank in best.items()
        )


def _best_per_entity(hits: Iterable[Hit]) -> list[Hit]:
    def key(hit: Hit) -> tuple[int, bool, int, str, str]:
        return (hit.rank, not hit.label.preferred, len(hit.label.text), hit.label.text, hit.entity)

    chosen: dict[str, Hit] = {}
    for hit in sorted(hits, key=key):
        chosen.setdefault(hit.entity, hit)
    return sorted(chosen.values(), key=key)


def display_label(labels: Sequence[Label], languages: Sequence[str] = ("en", "")) -> str | None:
    """The label to show: a preferred label in the first language that has one, else any name."""
    for lang in languages:
        for label in labels:
            if label.preferred and label.lang == lang:
                return label.text
    for label in labels:
        if label.preferred:
            return label.text
    return labels[0].text if labels else None
