"""Entity linking for the drafter: one function, so the matcher behind it can change in one line.

Today it asks the label index of the current snapshot
(:mod:`graph.model.search`) for an exact match of the folded name (case,
accents and punctuation ignored, labels and aliases in every language). When
the entity matcher of ``graph/matching/`` lands, :func:`link` calls it instead;
nothing else in :mod:`graph.ingest` knows how names are matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import vocab
from graph.model.search import EXACT
from graph.model.snapshot import Snapshot


@dataclass(frozen=True)
class Link:
    iri: str
    label: str
    types: tuple[str, ...]
    score: int
    """0–100: how sure the match is (100: a label or alias equal to the name once folded)."""


def link(snapshot: Snapshot | None, name: str) -> Link | None:
    """The existing entity called ``name``, or None when no label or alias matches it exactly."""
    if snapshot is None:
        return None
    for hit in snapshot.index.search(name):
        if hit.rank != EXACT:
            break
        if hit.entity.startswith(vocab.ENTITY):
            types = tuple(vocab.entity_id(t) for t in snapshot.types.get(hit.entity, ()))
            return Link(hit.entity, snapshot.label(hit.entity), types, 100)
    return None
