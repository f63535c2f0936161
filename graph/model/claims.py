"""Who said what, when, where: claims and the figures they state.

One named query (``queries/api-claims.rq``) selects claims by the single most
selective filter given (speaker, entity about, source, kind — in that order),
bound as an IRI term so the store answers from its index; the remaining filters
are applied to those rows here, with the text and date filters that SPARQL
cannot do well (accent-insensitive text, partial dates).

Dates are kept at the precision the source gives. A claim dated ``--11-13``
(November 13, no year) has no place on a calendar, so the date filter
(``date_from``/``date_to``) works like this:

* a claim matches on its **stated** date when the whole stated period lies in
  the range: a day inside it, a month (``2025-03``) or a year (``2025``) entirely
  inside it (``date_match = "stated"``);
* otherwise a claim matches on its **inferred** date (``dtkg:inferredStatedOn``,
  always with a basis) when that falls in the range (``date_match = "inferred"``),
  which is flagged so nobody mistakes a curator's inference for the source;
* a claim with no date the range can be checked against (no date, a month-day
  without an inferred year, a stated period that only overlaps the range) does
  not match; with ``include_undated`` the claims with no usable date are
  included and flagged ``date_match = "undated"`` (partial overlaps still are not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph import vocab
from graph.config import Settings
from graph.errors import InvalidParameter
from graph.model import dates
from graph.model.entities import number
from graph.model.search import fold
from graph.model.snapshot import (
    Page,
    Ref,
    Snapshot,
    current,
    filter_iri,
    iri_list,
    not_found,
    paginate,
    resolve,
    rows,
    slug,
    text,
)
from graph.store import Store

REPORTING_MODES = ("direct-quote", "indirect-speech", "document-assertion")
RDF_TYPE = str(vocab.RDF.type)
PROV = str(vocab.PROV)
SCHEMA = str(vocab.SCHEMA)
DTKG = vocab.ONTOLOGY


@dataclass(frozen=True)
class InferredDate:
    value: str
    basis: str | None


@dataclass(frozen=True)
class ClaimDate:
    value: str | None
    precision: dates.Precision
    inferred: InferredDate | None


@dataclass(frozen=True)
class Figure:
    id: str
    measure: str | None
    measure_label: str | None
    amount: int | float | str | None
    unit: str | None
    bound: str | None
    period: str | None
    as_of: str | None
    original: str | None


@dataclass(frozen=True)
class Span:
    start: int | None
    end: int | None
    exact: str | None


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str


@dataclass
class Claim:
    id: str
    speaker: Ref
    date: ClaimDate
    text: str | None
    kind: str | None
    stance: str | None
    kinds: list[str]
    about: list[Ref]
    figures: list[Figure]
    source: SourceRef
    span: Span
    reported_by: Ref | None
    attribution_note: str | None = None
    date_match: str | None = None
    supports: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class Fact:
    id: str
    types: list[str]
    label: str
    subject: Ref | None = None
    predicate: str | None = None
    predicate_label: str | None = None
    object: Ref | None = None


@dataclass(frozen=True)
class FigureEntry:
    figure: Figure
    about: list[Ref]
    claim: str
    speaker: Ref
    reported_by: Ref | None
    date: ClaimDate
    source: SourceRef


@dataclass(frozen=True)
class ClaimFilter:
    speaker: str | None = None
    about: str | None = None
    source: str | None = None
    kind: str | None = None
    q: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_undated: bool = False


def find(store: Store, settings: Settings, where: ClaimFilter, limit: int, offset: int) -> Page[Claim]:
    """Claims matching every filter, in document order, one page of them in full.

    The most selective filter given (speaker, then about, source, kind) selects
    candidate claims through the store's index with their document and offset
    (``api-claim-keys``); each further filter is a set of claim ids
    (``api-claim-ids``) to intersect with; text and dates are read only when
    ``q`` or a date range asks for them. Only the page's claims are then read
    in full (:func:`read_many`), so the cost grows with the matches of the
    selecting filter and the page size, not with the size of the graph.
    """
    snap = current(store, settings)
    if where.date_from and where.date_to and where.date_from > where.date_to:
        raise InvalidParameter("from", f"'from' ({where.date_from}) is after 'to' ({where.date_to})")
    filters = [
        (PROV + "wasAttributedTo", filter_iri(snap, where.speaker, "speaker") if where.speaker else None),
        (DTKG + "about", filter_iri(snap, where.about, "about") if where.about else None),
        (SCHEMA + "appearance", filter_iri(snap, where.source, "source") if where.source else None),
        (DTKG + "claimKind", snap.term("ClaimKindScheme", where.kind, "kind") if where.kind else None),
    ]
    given = [(by, value) for by, value in filters if value]
    by, value = given[0] if given else (RDF_TYPE, DTKG + "Claim")
    allowed: set[str] | None = None
    for other_by, other_value in given[1:]:
        ids = {r["claim"].value for r in rows(store, "api-claim-ids", {"by": other_by, "value": other_value})}
        allowed = ids if allowed is None else allowed & ids
    selection = {"by": by, "value": value}
    needle = fold(where.q) if where.q else ""
    texts = column(store, "api-claim-texts", selection, "text") if needle else {}
    dated = where.date_from is not None or where.date_to is not None
    stated = column(store, "api-claim-dates", selection, "stated") if dated else {}
    inferred = column(store, "api-claim-inferred", selection, "inferred") if dated else {}
    matched: dict[str, tuple[str, int, str | None]] = {}
    for row in rows(store, "api-claim-keys", selection):
        claim = row["claim"].value
        if claim in matched or (allowed is not None and claim not in allowed):
            continue
        if needle and needle not in fold(text(texts.get(claim)) or ""):
            continue
        match = date_match({"stated": stated.get(claim), "inferred": inferred.get(claim)}, where)
        if match is False:
            continue
        matched[claim] = (row["source"].value, int(row["start"].value), match if isinstance(match, str) and match else None)
    ordered = sorted(matched, key=lambda c: (matched[c][0], matched[c][1], c))
    page = paginate(ordered, limit, offset)
    items = read_many(store, snap, page.items)
    for claim in items:
        claim.date_match = matched[vocab.entity(claim.id)][2]
    return Page(items, page.total, limit, offset)


def column(store: Store, name: str, selection: dict[str, str], var: str) -> dict[str, Any]:
    """Claim IRI → one value (a term) from a per-selection query such as api-claim-texts."""
    return {r["claim"].value: r[var] for r in rows(store, name, selection) if var in r}


def read_many(store: Store, snap: Snapshot, claim_iris: list[str]) -> list[Claim]:
    """A page of claims in full, in the given order: three queries for the whole page.

    The queries' ``claim`` parameter is declared ``many``: the page's claim IRIs
    are bound as terms, one ``VALUES`` row each (the selecting pattern is then
    ``?claim a dtkg:Claim``). The IRIs come from the store's own answer.
    """
    if not claim_iris:
        return []
    params: dict[str, str | list[str]] = {"by": RDF_TYPE, "value": DTKG + "Claim", "claim": claim_iris}
    found = {r["claim"].value: r for r in rows(store, "api-claims", params)}
    figures = figures_by_claim(store, snap, params) if any(int(r["figures"].value) for r in found.values()) else {}
    reporters = reporters_of(store, params)
    return [to_claim(snap, found[iri], reporters, figures) for iri in claim_iris if iri in found]


def every(store: Store, settings: Settings) -> list[Claim]:
    """All claims in document order, read in bulk (two queries) for dumps; figures left out."""
    snap = current(store, settings)
    selection = {"by": RDF_TYPE, "value": DTKG + "Claim"}
    reporters = reporters_of(store, selection)
    out: dict[str, Claim] = {}
    for row in rows(store, "api-claims", selection):
        out.setdefault(row["claim"].value, to_claim(snap, row, reporters, {}))
    return list(out.values())


def read(store: Store, snap: Snapshot, claim_iri: str) -> Claim | None:
    """One claim in full: a handful of lookups with the claim bound."""
    params = {"by": RDF_TYPE, "value": DTKG + "Claim", "claim": claim_iri}
    found = rows(store, "api-claims", params)
    if not found:
        return None
    figures = figures_by_claim(store, snap, params) if int(found[0]["figures"].value) else {}
    return to_claim(snap, found[0], reporters_of(store, params), figures)


def get(store: Store, settings: Settings, claim_id: str) -> Claim:
    iri = resolve(claim_id, what="claim")
    snap = current(store, settings)
    claim = read(store, snap, iri)
    if claim is None:
        raise not_found(claim_id, "claim")
    claim.supports = supports(store, snap, iri)
    return claim


def date_match(row: dict[str, Any], where: ClaimFilter) -> str | bool:
    """How a claim's date sits in the requested range: "stated", "inferred", "undated", "" (no range) or False."""
    if where.date_from is None and where.date_to is None:
        return ""
    stated, inferred = row.get("stated"), row.get("inferred")
    found = dates.date_match(
        (stated.value, stated.datatype.value) if stated is not None else None,
        inferred.value if inferred is not None else None,
        where.date_from,
        where.date_to,
        include_undated=where.include_undated,
    )
    return found if found is not None else False


def claim_date(row: dict[str, Any]) -> ClaimDate:
    stated = row.get("stated")
    inferred = row.get("inferred")
    return ClaimDate(
        value=stated.value if stated is not None else None,
        precision=dates.precision_of(stated.datatype.value) if stated is not None else "unknown",
        inferred=InferredDate(inferred.value, text(row.get("basis"))) if inferred is not None else None,
    )


def reporters_of(store: Store, params: Mapping[str, str | list[str]]) -> dict[str, str]:
    """Claim IRI → reporter IRI for the claims a selection names (one query for a whole page)."""
    return {r["claim"].value: r["reporter"].value for r in rows(store, "api-claim-reporters", params)}


def figures_by_claim(store: Store, snap: Snapshot, params: Mapping[str, str | list[str]]) -> dict[str, list[Figure]]:
    """Claim IRI → the figures it states, for the claims a selection names (one query for a page)."""
    out: dict[str, list[Figure]] = {}
    for r in rows(store, "api-claim-figures", params):
        out.setdefault(r["claim"].value, []).append(figure_of(snap, r))
    return out


def to_claim(snap: Snapshot, row: dict[str, Any], reporters: dict[str, str], figures: dict[str, list[Figure]]) -> Claim:
    kinds = [slug(k) for k in iri_list(row.get("kinds"))]
    modes = [k for k in kinds if k in REPORTING_MODES]
    stances = [k for k in kinds if k not in REPORTING_MODES]
    source = row["source"].value
    iri = row["claim"].value
    start, end = row.get("start"), row.get("end")
    return Claim(
        id=vocab.entity_id(iri),
        speaker=snap.ref(row["speaker"].value),
        date=claim_date(row),
        text=text(row.get("text")),
        kind=modes[0] if modes else (kinds[0] if kinds else None),
        stance=stances[0] if stances else None,
        kinds=kinds,
        about=[snap.ref(a) for a in iri_list(row.get("abouts"))],
        figures=figures.get(iri, []),
        source=SourceRef(vocab.entity_id(source), snap.label(source)),
        span=Span(int(start.value) if start else None, int(end.value) if end else None, text(row.get("text"))),
        reported_by=snap.ref(reporters[iri]) if iri in reporters else None,
        attribution_note=text(row.get("note")),
    )


def figure_of(snap: Snapshot, row: dict[str, Any]) -> Figure:
    indicator = text(row.get("indicator"))
    bound = text(row.get("bound"))
    return Figure(
        id=vocab.entity_id(row["figure"].value),
        measure=slug(indicator) if indicator else None,
        measure_label=snap.label(indicator) if indicator else None,
        amount=number(row["amount"].value) if "amount" in row else None,
        unit=text(row.get("currency")) or text(row.get("unit")),
        bound=slug(bound) if bound else None,
        period=text(row.get("period")),
        as_of=text(row.get("asOf")),
        original=text(row.get("wording")),
    )


def figures(store: Store, settings: Settings, measure: str | None, subject: str | None) -> list[FigureEntry]:
    """Every figure (of one measure, about one subject), each with the claim that states it."""
    snap = current(store, settings)
    indicator = snap.term("IndicatorScheme", measure, "measure") if measure else None
    about = filter_iri(snap, subject, "subject") if subject else None
    if indicator:
        by, value = DTKG + "indicator", indicator
    elif about:
        by, value = DTKG + "about", about
    else:
        by, value = RDF_TYPE, DTKG + "Figure"
    out = []
    claims: dict[str, Claim] = {}
    for r in rows(store, "api-figures", {"by": by, "value": value}):
        abouts = iri_list(r.get("abouts"))
        if about and about not in abouts:
            continue
        claim_iri = r["claim"].value
        if claim_iri not in claims:
            claims[claim_iri] = get(store, settings, vocab.entity_id(claim_iri))
        claim = claims[claim_iri]
        source = r["source"].value
        out.append(
            FigureEntry(
                figure=figure_of(snap, r),
                about=[snap.ref(a) for a in abouts],
                claim=claim.id,
                speaker=claim.speaker,
                reported_by=claim.reported_by,
                date=claim.date,
                source=SourceRef(vocab.entity_id(source), snap.label(source)),
            )
        )
    return out


def supports(store: Store, snap: Snapshot, claim_iri: str) -> list[Fact]:
    facts: dict[str, dict[str, Any]] = {}
    for r in rows(store, "api-claim-supports", {"claim": claim_iri}):
        fact = facts.setdefault(r["fact"].value, {"types": [], "row": r})
        if "type" in r and vocab.entity_id(r["type"].value) not in fact["types"]:
            fact["types"].append(vocab.entity_id(r["type"].value))
    out = []
    for iri, fact in facts.items():
        r = fact["row"]
        subject, predicate, obj = text(r.get("subject")), text(r.get("predicate")), text(r.get("object"))
        out.append(
            Fact(
                id=vocab.entity_id(iri),
                types=sorted(fact["types"]),
                label=fact_label(snap, iri, r),
                subject=snap.ref(subject) if subject else None,
                predicate=vocab.compact(predicate) if predicate else None,
                predicate_label=text(r.get("predicateLabel")),
                object=snap.ref(obj) if obj else None,
            )
        )
    return out


def fact_label(snap: Snapshot, iri: str, r: dict[str, Any]) -> str:
    """A readable name for a supported fact: "A chairs B", "order backlog: $55 billion", or its label."""
    subject, predicate, obj = text(r.get("subject")), text(r.get("predicate")), text(r.get("object"))
    if subject and predicate and obj:
        verb = text(r.get("predicateLabel")) or vocab.entity_id(predicate)
        return f"{snap.label(subject)} {verb} {snap.label(obj)}"
    if "wording" in r:
        indicator = text(r.get("indicator"))
        return f"{snap.label(indicator)}: {r['wording'].value}" if indicator else str(r["wording"].value)
    return snap.label(iri)
