"""Entity linking for the drafter: one function, so the matcher behind it can change in one line.

It asks the one entity matcher of the current snapshot (:mod:`graph.matching`:
labels and aliases in every language, transliteration, press spellings, fuzzy
scores) and links a name only when the matcher would auto-match it: the best
candidate scores at least :data:`graph.matching.AUTO_MATCH_SCORE` and leads the
next by :data:`graph.matching.AUTO_MATCH_MARGIN`. Anything less is proposed as a
new entity for the curator to check, never linked on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import vocab
from graph.matching import Matcher
from graph.model.snapshot import Snapshot


@dataclass(frozen=True)
class Link:
    iri: str
    label: str
    types: tuple[str, ...]
    score: int
    """0–100: how sure the match is (the matcher's score; 100 for a label or alias equal once folded)."""


def link(snapshot: Snapshot | None, name: str) -> Link | None:
    """The existing entity called ``name``, or None when the matcher is not certain enough to auto-match."""
    if snapshot is None:
        return None
    candidates = [m for m in snapshot.matcher.match(name, limit=5) if m.iri.startswith(vocab.ENTITY)]
    if not Matcher.auto_match(candidates):
        return None
    best = candidates[0]
    return Link(best.iri, best.label, best.types, round(best.score))
