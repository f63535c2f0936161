"""Who said what, when, where: claims and the figures they state.

One named query (``queries/api-claims.rq``) selects claims by the single most
selective filter given (speaker, entity about, source, kind — in that order),
bound as an IRI term so the store answers from its index; the remaining filters
are applied to those rows here, with the text and date filters that SPARQL
cannot do well (accent-insensitive text, partial dates). The text filter asks
the full-text index (:func:`graph.model.fulltext.claims_containing`) rather
than reading every text of the selection.

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

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from graph import vocab
from graph.config import Settings
from graph.errors import InvalidParameter
from graph.matching.fold import fold
from graph.model import claim_links, dates, fulltext, snapshot
from graph.model.entities import number
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

T = TypeVar("T")
REPORTING_MODES = ("direct-quote", "indirect-speech", "document-assertion")
RDF_TYPE = str(vocab.RDF.type)
PROV = str(vocab.PROV)
SCHEMA = str(vocab.SCHEMA)
DTKG = vocab.ONTOLOGY


@dataclass(frozen=True, slots=True)
class InferredDate:
    value: str
    basis: str | None


@dataclass(frozen=True, slots=True)
class ClaimDate:
    value: str | None
    precision: dates.Precision
    inferred: InferredDate | None


@dataclass(frozen=True, slots=True)
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
    min: int | float | str | None = None
    max: int | float | str | None = None
    """The range of a figure with bound ``range`` (which has no single ``amount``)."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int | None
    end: int | None
    exact: str | None


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: str
    title: str


@dataclass(slots=True)
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


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    types: list[str]
    label: str
    subject: Ref | None = None
    predicate: str | None = None
    predicate_label: str | None = None
    object: Ref | None = None


@dataclass(frozen=True, slots=True)
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
    sort: str = "document"
    """One of :data:`CLAIM_SORTS`; a leading ``-`` reverses it."""


CLAIM_SORTS = ("document", "date", "speaker", "source")
"""Orders the claims list and browser offer; ``document`` (source, then offset) is the default."""
TABLE_BATCH = 500
"""Claims :func:`shape_all` reads per query: the engine never holds every claim's rows at once."""
CLAIM_TABLE = "claims"
"""The key of every claim shaped per store version (:func:`shape_all`, :meth:`Snapshot.table`)."""
PAGE_KEPT_UP_TO = 100
"""Largest page :func:`find` keeps per store version (the API's pages are 50 by default)."""


def check_sort(sort: str, allowed: tuple[str, ...]) -> tuple[str, bool]:
    """``-date`` → ``("date", True)``; an unknown key is a 422 naming the choices."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    if key not in allowed:
        choices = ", ".join(f"{k}, -{k}" for k in allowed)
        raise InvalidParameter("sort", f"unknown sort {sort[:50]!r}; expected one of: {choices}")
    return key, descending


def find(store: Store, settings: Settings, where: ClaimFilter, limit: int, offset: int) -> Page[Claim]:
    """Claims matching every filter, in document order, one page of them in full.

    Each filter given (speaker, about, source, kind) is a set of claim ids
    from the links read once per store version (:mod:`graph.model.claim_links`;
    ``api-claim-ids`` while that table is built), ``q`` one from the full-text
    index; their intersection is put in document order by the
    places the snapshot precomputed once per version (:attr:`Snapshot.claim_places`),
    and dates are read only when a date range or order asks for them. Only the
    page's claims are then read in full (:func:`read_many`), so the cost grows
    with the matches of the filters and the page size, not with the size of
    the graph (Oxigraph has no ordered index to page by (source, offset) in the
    query: ``ORDER BY … LIMIT`` there still sorts every match, and was slower).

    The page itself is kept with the snapshot (:meth:`Snapshot.memo`, keyed by
    the filter and the page), so a page asked again before the next write costs
    a dictionary lookup instead of ~16–35 ms of Python holding the GIL at 1M
    triples; a write makes a new snapshot and so a fresh page. The claims of a
    kept page are shared between requests: callers read them, never change them.
    """
    snap = current(store, settings)
    check_sort(where.sort, CLAIM_SORTS)
    if where.date_from and where.date_to and where.date_from > where.date_to:
        raise InvalidParameter("from", f"'from' ({where.date_from}) is after 'to' ({where.date_to})")
    compute = functools.partial(find_page, store, settings, snap, where, limit, offset)
    if limit > PAGE_KEPT_UP_TO:  # an entity page's 500 claims: kept, 1024 of them could hold a GB
        return compute()
    return snap.memo(("claims-page", repr(where), str(limit), str(offset)), compute)


def find_page(store: Store, settings: Settings, snap: Snapshot, where: ClaimFilter, limit: int, offset: int) -> Page[Claim]:
    """One page of :func:`find`, computed from the store (see there for how)."""
    sort_key, descending = check_sort(where.sort, CLAIM_SORTS)
    filters = [
        (PROV + "wasAttributedTo", filter_iri(snap, where.speaker, "speaker") if where.speaker else None),
        (DTKG + "about", filter_iri(snap, where.about, "about") if where.about else None),
        (SCHEMA + "appearance", filter_iri(snap, where.source, "source") if where.source else None),
        (DTKG + "claimKind", snap.term("ClaimKindScheme", where.kind, "kind") if where.kind else None),
    ]
    given = [(by, value) for by, value in filters if value]
    by, value = given[0] if given else (RDF_TYPE, DTKG + "Claim")
    chosen = [claim_links.claims_with(store, snap, b, v) for b, v in given]
    if where.q and fold(where.q):
        chosen.append(frozenset(fulltext.claims_containing(store, settings, where.q)))
    candidates = frozenset.intersection(*sorted(chosen, key=len)) if chosen else snap.claim_places.keys()
    selection = {"by": by, "value": value}
    dated = where.date_from is not None or where.date_to is not None or sort_key == "date"
    stated = column(store, "api-claim-dates", selection, "stated") if dated else {}
    inferred = column(store, "api-claim-inferred", selection, "inferred") if dated else {}
    matched: dict[str, tuple[str, int, str | None]] = {}
    if not dated and sort_key == "document":  # the default: no date to check, the order precomputed
        ordered = in_document_order(snap, candidates)
        if descending:
            ordered.reverse()
        return read_page(store, snap, paginate(ordered, limit, offset), {})
    for iri in candidates:
        place = snap.claim_places.get(iri)
        if place is None:  # a claim with no source or no span offset has no place in document order
            continue
        match = date_match({"stated": stated.get(iri), "inferred": inferred.get(iri)}, where)
        if match is False:
            continue
        matched[iri] = (place[0], place[1], match if isinstance(match, str) and match else None)
    ordered = sorted(matched, key=lambda c: (matched[c][0], matched[c][1], c))
    if sort_key == "date":
        ordered = undated_last(ordered, lambda c: timeline(stated.get(c), inferred.get(c)), descending)
    elif sort_key == "speaker":
        speakers = column(store, "api-claim-speakers", selection, "speaker")
        ordered.sort(key=lambda c: fold(snap.label(speakers[c].value)) if c in speakers else "", reverse=descending)
    elif sort_key == "source":
        ordered.sort(key=lambda c: fold(snap.label(matched[c][0])), reverse=descending)
    elif descending:
        ordered.reverse()
    return read_page(store, snap, paginate(ordered, limit, offset), {iri: match for iri, (_, _, match) in matched.items()})


def in_document_order(snap: Snapshot, claims: Collection[str]) -> list[str]:
    """The claims that have a place, in document order (:attr:`Snapshot.claim_order`): a scan of the
    precomputed order when they are many, a sort by rank when they are few."""
    if len(claims) * 8 > len(snap.claim_order):
        return [iri for iri in snap.claim_order if iri in claims]
    rank = snap.claim_rank
    return sorted((iri for iri in claims if iri in rank), key=rank.__getitem__)


def read_page(store: Store, snap: Snapshot, page: Page[str], matches: Mapping[str, str | None]) -> Page[Claim]:
    """The page's claims in full, each with how its date matched (``matches``; none: no date range)."""
    shaped = snap.table(CLAIM_TABLE, functools.partial(shape_all, store, snap))
    if shaped is not None:
        items = [with_match(shaped[iri], matches.get(iri)) for iri in page.items if iri in shaped]
    else:  # the table is being built (the first seconds of a store version at 1M): read the page's claims
        items = read_many(store, snap, page.items)
        for claim in items:
            claim.date_match = matches.get(vocab.entity(claim.id))
    return Page(items, page.total, page.limit, page.offset)


def warm(store: Store, settings: Settings) -> None:
    """At server start: the lookup snapshot (:func:`graph.model.snapshot.warm`), the claim links
    (:mod:`graph.model.claim_links`), then the claim table (:func:`shape_all`, in its own background
    thread), so the first claims pages need not query the store."""
    snapshot.warm(store, settings)
    try:
        snap = current(store, settings)
    except Exception:  # reported by snapshot.warm; the first request tries again
        return
    claim_links.warm(store, snap)  # ~3 s at 1M, then the claim table's ~10 s: once both are built, no claims page
    snap.wait_for_table(claim_links.LINK_TABLE)  # queries the store (this runs in a start-up thread of its own)
    snap.table(CLAIM_TABLE, functools.partial(shape_all, store, snap))


def with_match(claim: Claim, match: str | None) -> Claim:
    """The claim with how its date matched the request; a copy when that differs (a kept claim is shared)."""
    return claim if claim.date_match == match else dataclasses.replace(claim, date_match=match)


def shape_all(store: Store, snap: Snapshot) -> dict[str, Claim]:
    """Claim IRI → the claim in full, as :func:`read_many` reads it, for every claim of the store.

    The table behind :func:`find` once it is ready (:meth:`Snapshot.table`): a
    page is then 50 dictionary lookups instead of three queries over its claims
    (~27 ms of CPU at 1M triples, ~14 ms of it in the engine). Built by
    :func:`read_many` itself, :data:`TABLE_BATCH` claims (in document order, so
    every claim a page can show) per round, so the answers are those of the page
    queries, and one object per speaker, entity, source and kind is shared by all
    claims. At 1M triples: ~10 s in a background thread, ~30 MB for the 24k
    claims; the same queries unbound (one round) cost ~80 MB more at their peak,
    the engine then holding every claim's rows. Callers copy a claim before
    changing it (``date_match``): the table is shared by every request.
    """
    shared: dict[tuple[str, str], Any] = {}
    table: dict[str, Claim] = {}
    for start in range(0, len(snap.claim_order), TABLE_BATCH):
        for claim in read_many(store, snap, snap.claim_order[start : start + TABLE_BATCH], shared):
            table[vocab.entity(claim.id)] = claim
    return table


def timeline(stated: Any, inferred: Any) -> tuple[int, int] | None:
    """Where a claim sits for sorting by date: ``(0, day)`` for a stated period (its first day) or an
    inferred day, ``(1, MMDD)`` for a month and day with no year (after every dated claim), None undated."""
    if stated is not None:
        period = dates.period_of(stated.value, stated.datatype.value)
        if period is not None:
            return 0, period.start.toordinal()
    if inferred is not None:
        day = dates.day_of(inferred.value)
        return (0, day.toordinal()) if day is not None else None
    if stated is not None and dates.precision_of(stated.datatype.value) == "month-day":
        try:
            return 1, int(stated.value[2:4]) * 100 + int(stated.value[5:7])
        except ValueError:
            return None
    return None


def undated_last(items: list[T], place: Callable[[T], tuple[int, int] | None], descending: bool) -> list[T]:
    """Sort by :func:`timeline` (stable, so ties keep document order): years first, then
    month-days with no year, then the undated, whichever way the dates run."""
    placed = [(place(item), item) for item in items]
    dated = [(p, item) for p, item in placed if p is not None]
    dated.sort(key=lambda pair: (pair[0][0], -pair[0][1] if descending else pair[0][1]))
    return [item for _, item in dated] + [item for p, item in placed if p is None]


def column(store: Store, name: str, selection: dict[str, str], var: str) -> dict[str, Any]:
    """Claim IRI → one value (a term) from a per-selection query such as api-claim-dates."""
    return {r["claim"].value: r[var] for r in rows(store, name, selection) if var in r}


def read_many(store: Store, snap: Snapshot, claim_iris: list[str], shared: dict[tuple[str, str], Any] | None = None) -> list[Claim]:
    """A page of claims in full, in the given order: three queries for the whole page.

    The queries' ``claim`` parameter is declared ``many``: the page's claim IRIs
    are bound as terms, one ``VALUES`` row each (the selecting pattern is then
    ``?claim a dtkg:Claim``). The IRIs come from the store's own answer.
    """
    if not claim_iris:
        return []
    params: dict[str, str | list[str]] = {"claim": claim_iris}
    found = {r["claim"].value: r for r in rows(store, "api-claims", params)}
    figures = figures_by_claim(store, snap, params) if any(int(r["figures"].value) for r in found.values()) else {}
    reporters = reporters_of(store, params)
    return [to_claim(snap, found[iri], reporters, figures, shared) for iri in claim_iris if iri in found]


def every(store: Store, settings: Settings) -> list[Claim]:
    """All claims in document order, read in bulk (two queries) for dumps; figures left out."""
    snap = current(store, settings)
    reporters = reporters_of(store, {})
    out: dict[str, Claim] = {}
    for row in rows(store, "api-claims"):
        out.setdefault(row["claim"].value, to_claim(snap, row, reporters, {}))
    return list(out.values())


def read(store: Store, snap: Snapshot, claim_iri: str) -> Claim | None:
    """One claim in full: a handful of lookups with the claim bound."""
    params = {"claim": claim_iri}
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


def to_claim(
    snap: Snapshot,
    row: dict[str, Any],
    reporters: dict[str, str],
    figures: dict[str, list[Figure]],
    shared: dict[tuple[str, str], Any] | None = None,
) -> Claim:
    """A claim from its ``api-claims`` row. ``shared`` (when every claim is shaped: :func:`shape_all`)
    keeps one object per speaker, entity, source and kind for all claims instead of one per claim."""
    one: dict[tuple[str, str], Any] = shared if shared is not None else {}

    def ref(iri: str) -> Ref:
        found = one.get(("ref", iri))
        if found is None:
            found = one[("ref", iri)] = snap.ref(iri)
        return cast(Ref, found)

    def kind_slug(iri: str) -> str:
        found = one.get(("kind", iri))
        if found is None:
            found = one[("kind", iri)] = slug(iri)
        return cast(str, found)

    kinds = [kind_slug(k) for k in iri_list(row.get("kinds"))]
    modes = [k for k in kinds if k in REPORTING_MODES]
    stances = [k for k in kinds if k not in REPORTING_MODES]
    source = row["source"].value
    document = one.get(("source", source))
    if document is None:
        document = one[("source", source)] = SourceRef(vocab.entity_id(source), snap.label(source))
    iri = row["claim"].value
    start, end = row.get("start"), row.get("end")
    quote = text(row.get("text"))
    return Claim(
        id=vocab.entity_id(iri),
        speaker=ref(row["speaker"].value),
        date=claim_date(row),
        text=quote,
        kind=modes[0] if modes else (kinds[0] if kinds else None),
        stance=stances[0] if stances else None,
        kinds=kinds,
        about=[ref(a) for a in iri_list(row.get("abouts"))],
        figures=figures.get(iri, []),
        source=document,
        span=Span(int(start.value) if start else None, int(end.value) if end else None, quote),
        reported_by=ref(reporters[iri]) if iri in reporters else None,
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
        min=number(row["low"].value) if "low" in row else None,
        max=number(row["high"].value) if "high" in row else None,
    )


@dataclass(frozen=True)
class FigureFilter:
    measure: str | None = None
    subject: str | None = None
    speaker: str | None = None
    source: str | None = None
    sort: str = "measure"
    """One of :data:`FIGURE_SORTS`; a leading ``-`` reverses it."""


FIGURE_SORTS = ("measure", "amount", "date", "speaker", "source")
"""``measure`` (then source, so competing numbers for one measure sit together) is the default."""


def figures(store: Store, settings: Settings, where: FigureFilter, limit: int, offset: int) -> Page[FigureEntry]:
    """Figures matching every filter, each with the claim that states it, one page of them.

    The indicator (or the subject, or the claim type) selects candidate figures
    through the store's index; speaker and source are checked on those rows.
    Only the page's claims are read for their dates.
    """
    snap = current(store, settings)
    sort_key, descending = check_sort(where.sort, FIGURE_SORTS)
    indicator = snap.term("IndicatorScheme", where.measure, "measure") if where.measure else None
    about = filter_iri(snap, where.subject, "subject") if where.subject else None
    speaker = filter_iri(snap, where.speaker, "speaker") if where.speaker else None
    source = filter_iri(snap, where.source, "source") if where.source else None
    if indicator:
        by, value = DTKG + "indicator", indicator
    elif about:
        by, value = DTKG + "about", about
    else:
        by, value = RDF_TYPE, DTKG + "Figure"
    found = []
    for r in rows(store, "api-figures", {"by": by, "value": value}):
        if about and about not in iri_list(r.get("abouts")):
            continue
        if (speaker and r["speaker"].value != speaker) or (source and r["source"].value != source):
            continue
        found.append(r)
    if sort_key == "date":
        days = claim_days(store, {r["claim"].value for r in found})
        found = undated_last(found, lambda r: days.get(r["claim"].value), descending)
    elif sort_key != "measure" or descending:
        keys: dict[str, Callable[[dict[str, Any]], Any]] = {
            "measure": lambda r: fold(snap.label(r["indicator"].value)) if "indicator" in r else "",
            "amount": lambda r: number_key(r.get("amount")),
            "speaker": lambda r: fold(snap.label(r["speaker"].value)),
            "source": lambda r: fold(snap.label(r["source"].value)),
        }
        found.sort(key=keys[sort_key], reverse=descending)
    page = paginate(found, limit, offset)
    claims = {iri: read(store, snap, iri) for iri in {r["claim"].value for r in page.items}}
    out = []
    for r in page.items:
        claim = claims[r["claim"].value]
        assert claim is not None, "api-figures names a claim api-claims does not find"
        out.append(
            FigureEntry(
                figure=figure_of(snap, r),
                about=[snap.ref(a) for a in iri_list(r.get("abouts"))],
                claim=claim.id,
                speaker=claim.speaker,
                reported_by=claim.reported_by,
                date=claim.date,
                source=SourceRef(vocab.entity_id(r["source"].value), snap.label(r["source"].value)),
            )
        )
    return Page(out, page.total, limit, offset)


def number_key(term: Any) -> float:
    """A figure's amount for sorting; figures without one sort first."""
    try:
        return float(term.value) if term is not None else float("-inf")
    except ValueError:
        return float("-inf")


def claim_days(store: Store, claim_iris: set[str]) -> dict[str, tuple[int, int] | None]:
    """Claim IRI → its place on a timeline (see :func:`timeline`), for the figures' date order."""
    selection = {"by": RDF_TYPE, "value": DTKG + "Claim"}
    stated = column(store, "api-claim-dates", selection, "stated")
    inferred = column(store, "api-claim-inferred", selection, "inferred")
    return {c: timeline(stated.get(c), inferred.get(c)) for c in claim_iris}


def measures(store: Store, settings: Settings) -> list[Ref]:
    """The indicators a figure can measure, as ``{id: slug, label}``, by label: the figures filter's choices."""
    snap = current(store, settings)
    terms = snap.vocabulary.get("IndicatorScheme", {})
    return sorted((Ref(key, snap.label(iri)) for key, iri in terms.items()), key=lambda r: fold(r.label))


@dataclass(frozen=True)
class Facet:
    """One choice of a claims filter and how many claims it selects."""

    value: Ref
    claims: int


def facets(store: Store, settings: Settings) -> dict[str, list[Facet]]:
    """The choices of each claims filter (speaker, about, source, kind), most claims first."""
    snap = current(store, settings)
    names = {PROV + "wasAttributedTo": "speaker", DTKG + "about": "about", SCHEMA + "appearance": "source", DTKG + "claimKind": "kind"}
    out: dict[str, list[Facet]] = {name: [] for name in names.values()}
    for r in rows(store, "api-claim-facets"):
        name = names[r["by"].value]
        value = r["value"].value
        ref = Ref(slug(value), snap.label(value)) if name == "kind" else snap.ref(value)
        out[name].append(Facet(ref, int(r["claims"].value)))
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
