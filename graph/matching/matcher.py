"""The matcher: one name in, ranked candidates out, each with a score 0–100 and a reason.

:class:`Matcher` is built once per graph version (by :mod:`graph.model.snapshot`)
from the labels, types and class tree, and is what every name lookup in dtkg
calls. For one name it gathers candidates from the index (exact names, spelling
keys, acronyms, words, prefixes, substrings, fuzzy neighbours), scores each label
with :mod:`graph.matching.score`, keeps each entity's best label, and ranks:

1. higher score first — so an exact label or alias (97–100) is always above a
   transliteration (92–94), and those above any fuzzy match (≤ 89);
2. a real entity above a code-list concept (a ``skos:Concept`` with no other
   type, like the UN M49 area "Africa") unless the type filter asks for concepts:
   concepts lose :data:`CONCEPT_PENALTY` points;
3. then preferred labels before aliases, shorter labels, and the id.

Auto-matching (:meth:`Matcher.auto_match`) is deliberately cautious: the best
candidate must score at least :data:`AUTO_MATCH_SCORE` and lead the next one by
:data:`AUTO_MATCH_MARGIN`; anything less is left to a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph import vocab
from graph.matching import score
from graph.matching.fold import fold
from graph.matching.index import Label, NameIndex, name_words
from graph.matching.score import Reason
from graph.matching.translit import keys

SKOS_CONCEPT = str(vocab.SKOS.Concept)
CONCEPT_PENALTY = 12.0
AUTO_MATCH_SCORE = 85.0
"""Lowest score a candidate may be auto-matched with (initials with no given name in the graph score 85)."""
AUTO_MATCH_MARGIN = 10.0
"""How far the best candidate must lead the second for an auto-match: two close candidates are ambiguous."""
MAX_QUERY = 1000
"""Longest name accepted; longer input is cut here (the API refuses it before)."""
_CAP = 300
"""Most prefix or substring hits gathered for one query (a search page shows 50)."""
_WORD_CANDIDATES = 300
"""Most labels compared word by word (initials, name parts): those holding the query's rarest word."""
_FUZZY_CANDIDATES = 60




@dataclass(frozen=True)
class Match:
    """One candidate entity for a name."""

    iri: str
    id: str
    label: str
    """The entity's display label."""
    types: tuple[str, ...]
    """Local names of its asserted classes (``Person``, ``StateIntermediary``)."""
    score: float
    """0–100; see :mod:`graph.matching.score` for the bands."""
    reason: Reason
    matched: str
    """The label (in any language) that matched."""


@dataclass(frozen=True)
class _Hit:
    score: float
    reason: Reason
    label: int


class Matcher:
    """Names of every entity with their types: answers :meth:`match` without scanning them."""

    def __init__(
        self,
        index: NameIndex,
        asserted: Mapping[str, Sequence[str]],
        classes: Mapping[str, frozenset[str]],
        display: Callable[[str], str],
        resolve_type: Callable[[str], str],
    ) -> None:
        self.index = index
        self._asserted = asserted
        self._classes = classes
        self._display = display
        self._resolve_type = resolve_type

    @classmethod
    def build(
        cls,
        labels: Iterable[Label],
        types: Mapping[str, Sequence[str]],
        superclasses: Mapping[str, set[str]],
        display: Callable[[str], str],
        resolve_type: Callable[[str], str],
    ) -> Matcher:
        """``types``: asserted classes per entity; ``superclasses``: class → itself and its ancestors."""
        closure = {
            entity: frozenset(sup for c in asserted for sup in (superclasses.get(c, set()) | {c}))
            for entity, asserted in types.items()
        }
        return cls(NameIndex.build(labels), types, closure, display, resolve_type)

    def __len__(self) -> int:
        return len(self.index)

    def match(
        self,
        name: str,
        *,
        types: Sequence[str] | None = None,
        limit: int | None = 5,
        min_score: float = 0.0,
    ) -> list[Match]:
        """Entities whose names match ``name``, best first.

        ``types`` are class IRIs or local names (``Person``, ``organization``),
        subclasses included; an unknown one raises the error of the
        ``resolve_type`` the matcher was built with. ``limit=None`` returns all.
        """
        wanted = {self._resolve_type(t) for t in types} if types else None
        asks_concepts = bool(wanted and SKOS_CONCEPT in wanted)
        ranked: list[tuple[float, bool, int, str, _Hit]] = []
        for entity, hit in self._best_per_entity(name[:MAX_QUERY]).items():
            classes = self._classes.get(entity, frozenset())
            if wanted is not None and not (classes & wanted):
                continue
            value = hit.score
            if not asks_concepts and classes and classes <= {SKOS_CONCEPT}:
                value = max(0.0, value - CONCEPT_PENALTY)
            if value < min_score:
                continue
            label = self.index.labels[hit.label]
            ranked.append((-value, not label.preferred, len(label.text), entity, hit))
        ranked.sort(key=lambda row: row[:4])
        return [self._match(entity, -negated, hit) for negated, _, _, entity, hit in ranked[:limit]]

    def _match(self, entity: str, value: float, hit: _Hit) -> Match:
        return Match(
            iri=entity,
            id=vocab.entity_id(entity),
            label=self._display(entity),
            types=tuple(sorted({vocab.entity_id(c) for c in self._asserted.get(entity, ())})),
            score=value,
            reason=hit.reason,
            matched=self.index.labels[hit.label].text,
        )

    def classes_of(self, entity: str) -> frozenset[str]:
        """The entity's classes and all their superclasses."""
        return self._classes.get(entity, frozenset())

    @staticmethod
    def auto_match(candidates: Sequence[Match]) -> bool:
        """Whether the first candidate is certain enough to be taken without a person checking it."""
        if not candidates or candidates[0].score < AUTO_MATCH_SCORE:
            return False
        return len(candidates) == 1 or candidates[0].score - candidates[1].score >= AUTO_MATCH_MARGIN

    def _best_per_entity(self, name: str) -> dict[str, _Hit]:
        folded = fold(name)
        if not folded:
            return {}
        idx = self.index
        best: dict[int, _Hit] = {}

        def offer(n: int, value: float, reason: Reason) -> None:
            seen = best.get(n)
            if seen is None or value > seen.score:
                best[n] = _Hit(value, reason, n)

        for n in idx.exact.get(folded, ()):
            offer(n, *score.exact(idx.labels[n].preferred))
        query_keys = keys(folded)
        for key in query_keys:
            for n in idx.by_key.get(key, ()):
                offer(n, *score.transliterated(idx.labels[n].preferred))
            compact = key.replace(" ", "")
            if 2 <= len(compact) <= 10 and " " not in key:
                for n in idx.acronyms.get(compact, ()):
                    offer(n, score.ACRONYM, Reason.ACRONYM)
        for n, whole in idx.prefixed(folded, _CAP):
            offer(n, *score.prefix(len(folded), len(idx.folded[n]), whole))
        contradicted: set[str] = set()
        for key in query_keys:
            query_words = name_words(key)
            has_initials = any(len(w) == 1 for w in query_words)
            for n in idx.with_word(query_words, _WORD_CANDIDATES):  # the query's words are in the label
                for label_key, label_words in zip(idx.label_keys[n], idx.label_words[n], strict=True):
                    parts = score.name_parts(query_words, label_words) if label_key != key else None
                    if parts:
                        offer(n, *parts)
                    elif has_initials and score.initials_disagree(query_words, label_words):
                        contradicted.add(idx.labels[n].entity)
            for n in idx.within(query_words):  # the label's words are in the query
                for label_key, label_words in zip(idx.label_keys[n], idx.label_words[n], strict=True):
                    parts = score.extra_words(query_words, label_words) if label_key != key else None
                    if parts:
                        offer(n, *parts)
            if len(key) >= 3:
                for n in idx.containing(key, _CAP):
                    label_key = next(k for k in idx.label_keys[n] if key in k)
                    offer(n, *score.substring(len(key), len(label_key)))
            if len(key) >= 4:
                for n in idx.similar(key, _FUZZY_CANDIDATES):
                    for label_key in idx.label_keys[n]:
                        value = score.fuzzy(key, label_key)
                        if value is not None:
                            offer(n, value, Reason.FUZZY)
        chosen: dict[str, _Hit] = {}
        for n, hit in best.items():
            entity = idx.labels[n].entity
            if hit.reason is Reason.INITIALS and entity in contradicted:
                hit = _Hit(min(hit.score, score.CONTRADICTED_INITIALS), hit.reason, n)
            seen = chosen.get(entity)
            if seen is None or _better(idx, hit, seen):
                chosen[entity] = hit
        return chosen


def _better(idx: NameIndex, a: _Hit, b: _Hit) -> bool:
    la, lb = idx.labels[a.label], idx.labels[b.label]
    return (-a.score, not la.preferred, len(la.text)) < (-b.score, not lb.preferred, len(lb.text))
