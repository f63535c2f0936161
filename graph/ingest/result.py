"""A draft as the answer of ``POST /api/ingest``: each claim has exactly the fields of an ``/api/claims`` item.

The claims are built as :class:`graph.model.claims.Claim` (the one definition
of a claim's JSON), then given what only a draft has: ``confidence``, and
``new`` on the speaker and on each entity it is about.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from graph import vocab
from graph.ingest.draft import claim_iri, doc_id, trig
from graph.ingest.entities import Entity
from graph.ingest.figures import Figure as DraftFigure
from graph.ingest.pipeline import Draft, DraftClaim
from graph.ingest.relations import DraftRelation
from graph.ingest.terms import relation_label, scheme
from graph.model import claims as model
from graph.model import ids
from graph.model.entities import number
from graph.model.snapshot import Ref
from graph.model.snapshot import slug as _slug


def _ref(entity: Entity) -> dict[str, Any]:
    return {**asdict(Ref(entity.id, entity.label)), "new": entity.new}


def _figure(iri: str, n: int, f: DraftFigure) -> model.Figure:
    from graph.ingest.figures import plain

    return model.Figure(
        id=vocab.entity_id(ids.figure_iri(iri, n)),
        measure=_slug(f.indicator),
        measure_label=scheme("IndicatorScheme").get(f.indicator, f.indicator),
        amount=number(plain(f.amount)) if f.amount is not None else None,
        unit=f.unit,
        bound=f.bound,
        period=f.period,
        as_of=f.as_of,
        original=f.original,
        min=number(plain(f.minimum)) if f.minimum is not None else None,
        max=number(plain(f.maximum)) if f.maximum is not None else None,
    )


def claim_json(draft: Draft, claim: DraftClaim) -> dict[str, Any]:
    iri = claim_iri(draft, claim)
    date = claim.date
    stated = date.stated if date else None
    inferred = model.InferredDate(date.inferred.isoformat(), date.basis) if date and date.inferred else None
    kinds = [claim.mode] + ([claim.stance] if claim.stance else [])
    exact = draft.text[claim.start : claim.end]
    item = model.Claim(
        id=vocab.entity_id(iri),
        speaker=Ref(claim.speaker.entity.id, claim.speaker.entity.label),
        date=model.ClaimDate(stated.value if stated else None, stated.precision if stated else "unknown", inferred),
        text=exact,
        kind=claim.mode,
        stance=claim.stance,
        kinds=kinds,
        about=[Ref(e.id, e.label) for e in claim.about],
        figures=[_figure(iri, n, f) for n, f in enumerate(claim.figures, start=1)],
        source=model.SourceRef(doc_id(draft), draft.title),
        span=model.Span(claim.start, claim.end, exact),
        reported_by=Ref(draft.author.id, draft.author.label) if claim.speaker.entity.id != draft.author.id else None,
    )
    out = asdict(item)
    out.pop("supports", None)
    out["speaker"] = _ref(claim.speaker.entity)
    out["about"] = [_ref(e) for e in claim.about]
    out["confidence"] = claim.confidence
    return out


def relation_json(draft: Draft, relation: DraftRelation) -> dict[str, Any]:
    """A drafted network edge: its ends, its type and the claim that supports it (by id and span)."""
    return {
        "id": relation.id,
        "subject": _ref(relation.subject),
        "predicate": relation.predicate,
        "predicate_label": relation_label(relation.predicate),
        "object": _ref(relation.object),
        "claim": vocab.entity_id(claim_iri(draft, relation.claim)),
        "span": {"start": relation.cue[0], "end": relation.cue[1], "exact": draft.text[relation.cue[0] : relation.cue[1]]},
        "confidence": relation.confidence,
    }


def response(draft: Draft) -> dict[str, Any]:
    """The whole answer: source, claims, entities, the draft TriG and the warnings."""
    used: dict[str, Entity] = {}
    for c in draft.claims:
        used.setdefault(c.speaker.entity.id, c.speaker.entity)
        for e in c.about:
            used.setdefault(e.id, e)
    for r in draft.relations:
        used.setdefault(r.subject.id, r.subject)
        used.setdefault(r.object.id, r.object)
    source = {
        "id": doc_id(draft),
        "title": draft.title,
        "genres": [_slug(g) for g in draft.genre],
        "author": _ref(draft.author),
        "publisher": _ref(draft.publisher) if draft.publisher else None,
        "url": draft.metadata.url,
        "published": draft.published.value if draft.published else None,
        "published_precision": draft.published.precision if draft.published else None,
        "language": draft.metadata.language,
        "length": len(draft.text),
    }
    return {
        "source": source,
        "claims": [claim_json(draft, c) for c in draft.claims],
        "relations": [relation_json(draft, r) for r in draft.relations],
        "entities": [e.to_dict() for e in used.values()],
        "draft": trig(draft),
        "warnings": list(draft.warnings),
    }
