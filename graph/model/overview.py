"""The graph at a glance, for the landing page: who said what lately, who is cited most, figures, sources.

A researcher arriving wants the claims and the people behind them first; the
modelling plumbing (attributions, text selectors, specific resources) is still
counted, but apart, as what it is. A class counts as *browsable* when its
instances are named entities, or it is one of the kinds with their own browser
(claims, figures, source documents); every other class is plumbing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph import vocab
from graph.config import Settings
from graph.model import claims, sources
from graph.model.snapshot import current
from graph.store import Store

BROWSERS = {vocab.ONTOLOGY + "Claim": "claims", vocab.ONTOLOGY + "Figure": "figures", vocab.ONTOLOGY + "SourceDocument": "sources"}
"""Classes with a page of their own; the template turns the name into a link."""


@dataclass(frozen=True)
class ClassCount:
    id: str
    label: str
    count: int
    browser: str
    """``claims``, ``figures``, ``sources``, ``entities`` (list them by type) or ``plumbing`` (no list)."""


@dataclass
class Overview:
    latest: list[claims.Claim]
    speakers: list[claims.Facet]
    figures: list[claims.FigureEntry]
    figures_total: int
    sources: list[sources.Source]
    claims_total: int
    triples: int
    classes: list[ClassCount] = field(default_factory=list)
    plumbing: list[ClassCount] = field(default_factory=list)


def overview(store: Store, settings: Settings, *, latest: int = 6, speakers: int = 8, figures: int = 6) -> Overview:
    snap = current(store, settings)
    newest = claims.find(store, settings, claims.ClaimFilter(sort="-date"), latest, 0)
    found_figures = claims.figures(store, settings, claims.FigureFilter(), figures, 0)
    entities = set(snap.entities)
    out = Overview(
        latest=newest.items,
        speakers=claims.facets(store, settings)["speaker"][:speakers],
        figures=found_figures.items,
        figures_total=found_figures.total,
        sources=sources.all_sources(store, settings),
        claims_total=newest.total,
        triples=snap.triples,
    )
    for cls, n in snap.class_counts:
        label = snap.class_labels.get(cls, vocab.entity_id(cls))
        if cls in BROWSERS:
            out.classes.append(ClassCount(vocab.entity_id(cls), label, n, BROWSERS[cls]))
        elif any(i in entities for i in snap.instances(cls)):
            out.classes.append(ClassCount(vocab.entity_id(cls), label, n, "entities"))
        else:
            out.plumbing.append(ClassCount(vocab.entity_id(cls), label, n, "plumbing"))
    return out
