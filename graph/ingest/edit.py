"""A curator's edits to a draft: the claims as the page (or a client) corrected them, checked and redrafted.

``POST /api/ingest`` with a ``claims`` list in its JSON body drafts from those
claims instead of extracting: each is an ``/api/claims``-shaped item (speaker,
kind, stance, date, figures, about, span) as the page edits them. Everything is
checked before anything is built — the span must lie in the text, kinds,
stances, bounds and dates must be valid, an entity marked ``new: false`` must
exist in the graph — so the TriG that comes back conforms as the extracted one
does, with the same deterministic IRIs (:mod:`graph.ingest.draft`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graph import vocab
from graph.errors import InvalidInput
from graph.ingest import dates
from graph.ingest.draft import term
from graph.ingest.entities import AGENT_TYPES, Entity, slugify
from graph.ingest.figures import BOUNDS, Figure
from graph.ingest.pipeline import Draft, DraftClaim
from graph.ingest.speakers import Speaker
from graph.ingest.terms import scheme
from graph.model.snapshot import Snapshot

MODES = ("direct-quote", "indirect-speech", "document-assertion")
STANCES = ("opinion", "forecast", "advice")
ENTITY_TYPES = AGENT_TYPES | {"Country", "Region", "WeaponSystem", "Event"}


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{where}: {value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise InvalidInput(f"{where}: {value!r} is not a non-negative number")
    return number


def _entity(draft: Draft, snapshot: Snapshot | None, raw: Any, where: str, default_type: str) -> Entity:
    if not isinstance(raw, dict) or not isinstance(raw.get("label") or raw.get("id"), str):
        raise InvalidInput(f"{where}: an entity is {{id, label, new}}")
    label = str(raw.get("label") or raw["id"]).strip()
    ident = str(raw.get("id") or slugify(label)).strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,119}", ident):
        raise InvalidInput(f"{where}: id {ident!r} must be lower-case letters, digits and hyphens")
    known = draft.registry.entities.get(ident)
    if not raw.get("new", False):
        if known is not None:
            return known
        if snapshot is None or not snapshot.known(vocab.entity(ident)):
            raise InvalidInput(f"{where}: no entity {ident!r} in the graph; mark it new with a type to propose it")
        types = [vocab.entity_id(t) for t in snapshot.types.get(vocab.entity(ident), [])]
        entity = Entity(ident, snapshot.label(vocab.entity(ident)), types[0] if types else default_type, False)
    else:
        kind = str(raw.get("type") or (known.type if known else default_type))
        if kind not in ENTITY_TYPES:
            raise InvalidInput(f"{where}: type {kind!r} is not one of {', '.join(sorted(ENTITY_TYPES))}")
        if known is not None and known.new:
            known.label, known.type = label, kind
            return known
        if snapshot is not None and snapshot.known(vocab.entity(ident)):
            raise InvalidInput(f"{where}: id {ident!r} is taken by an existing entity; link to it with new: false")
        entity = Entity(ident, label, kind, True)
    draft.registry.entities[entity.id] = entity
    return entity


def _date(raw: Any, published: dates.PartialDate | None, where: str) -> dates.Resolved | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: a date is {{value, inferred: {{value, basis}}}}")
    try:
        stated = dates.parse_published(str(raw["value"])) if raw.get("value") else None
    except InvalidInput:
        raise InvalidInput(f"{where}: {raw['value']!r} is not a date at some precision (2025-03-04, 2025-03, 2025, --03-04)") from None
    inferred = raw.get("inferred")
    day, basis = None, None
    if inferred:
        try:
            day = dt.date.fromisoformat(str(inferred.get("value")))
        except (ValueError, AttributeError):
            raise InvalidInput(f"{where}: an inferred date is a full date (2025-03-04)") from None
        basis = str(inferred.get("basis") or "").strip()
        if not basis:
            raise InvalidInput(f"{where}: an inferred date needs its basis")
    if stated is None and day is None:
        return None
    return dates.Resolved(stated, day, basis)


def _figures(raw: Any, where: str) -> list[Figure]:
    out = []
    for n, f in enumerate(raw or [], start=1):
        at = f"{where}.figures[{n}]"
        if not isinstance(f, dict):
            raise InvalidInput(f"{at}: a figure is an object")
        bound = f.get("bound") or "exact"
        if bound not in (*BOUNDS, "exact", "range"):
            raise InvalidInput(f"{at}: bound {bound!r} is not one of exact, {', '.join(BOUNDS)}, range")
        unit = str(f.get("unit") or "").strip()
        if not unit:
            raise InvalidInput(f"{at}: a figure needs a unit (an ISO 4217 currency such as USD, or words)")
        money = bool(re.fullmatch(r"[A-Z]{3}", unit))
        indicator = str(f.get("indicator") or (term(str(f["measure"])) if f.get("measure") else "UnspecifiedIndicator"))
        if indicator not in scheme("IndicatorScheme"):
            raise InvalidInput(f"{at}: measure {f.get('measure')!r} is not in the indicator scheme")
        original = str(f.get("original") or "").strip()
        if not original:
            raise InvalidInput(f"{at}: a figure keeps its original wording")
        period = f.get("period")
        if period is not None and not re.fullmatch(r"[0-9]{4}", str(period)):
            raise InvalidInput(f"{at}: period is a year (2024)")
        if bound == "range":
            low, high = _decimal(f.get("min"), at + ".min"), _decimal(f.get("max"), at + ".max")
            if low > high:
                raise InvalidInput(f"{at}: min is above max")
            figure = Figure(0, 0, original, None, unit, money, bound, low, high, period, indicator)
        else:
            figure = Figure(0, 0, original, _decimal(f.get("amount"), at + ".amount"), unit, money, bound, None, None,
                            period, indicator)
        figure.as_of = f.get("as_of") or None
        if figure.as_of is not None:
            dates.parse_published(str(figure.as_of))
        out.append(figure)
    return out


def apply(draft: Draft, claims: Any, snapshot: Snapshot | None) -> Draft:
    """The draft with its claims replaced by the edited ones; InvalidInput (422) names the first bad field."""
    if not isinstance(claims, list):
        raise InvalidInput("'claims' must be a list of claims")
    text = draft.text
    roles = {c.speaker.entity.id: c.speaker.role for c in draft.claims}
    out: list[DraftClaim] = []
    for n, raw in enumerate(claims, start=1):
        where = f"claims[{n}]"
        if not isinstance(raw, dict):
            raise InvalidInput(f"{where}: a claim is an object")
        span = raw.get("span") or {}
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(f"{where}: span needs integer start and end") from None
        if not 0 <= start < end <= len(text) or not text[start:end].strip():
            raise InvalidInput(f"{where}: span {start}–{end} is not a non-empty part of the text")
        mode = raw.get("kind")
        if mode not in MODES:
            raise InvalidInput(f"{where}: kind {mode!r} is not one of {', '.join(MODES)}")
        stance = raw.get("stance") or None
        if stance is not None and stance not in STANCES:
            raise InvalidInput(f"{where}: stance {stance!r} is not one of {', '.join(STANCES)}")
        speaker_raw = raw.get("speaker")
        if isinstance(speaker_raw, dict) and speaker_raw.get("id") == draft.author.id:
            speaker_entity = draft.author
        else:
            speaker_entity = _entity(draft, snapshot, speaker_raw, where + ".speaker", "Person")
        if speaker_entity.type not in AGENT_TYPES:
            raise InvalidInput(f"{where}.speaker: a {speaker_entity.type} cannot speak; pick a person, an organisation or an unnamed agent")
        role = roles.get(speaker_entity.id, "Speaker")  # a report stays a reported source
        about = [_entity(draft, snapshot, a, f"{where}.about", "Company") for a in raw.get("about") or []]
        confidence = raw.get("confidence", 1.0)
        out.append(DraftClaim(start, end, Speaker(speaker_entity, role, 1.0), mode, stance,
                              _date(raw.get("date"), draft.published, where + ".date"), _figures(raw.get("figures"), where),
                              [a for a in about if a.id != speaker_entity.id],
                              float(confidence) if isinstance(confidence, (int, float)) else 1.0, n))
    draft.claims = out
    return draft


def relation_ids(raw: Any) -> list[str] | None:
    """The relation ids a curator kept (``relations`` in the body), checked; None when not given (keep all)."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(r, str) and re.fullmatch(r"rel-[0-9a-f]{12}", r) for r in raw):
        raise InvalidInput("'relations' must be a list of relation ids (rel-…) to keep")
    return list(raw)
