"""``/api/claims`` and ``/api/figures``: who said what, when, in which document."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api import citations, models
from api.deps import Limit, Offset, SettingsDep, StoreDep
from api.paging import listing
from graph.model import citation, claims, tables
from graph.rdf import formats

router = APIRouter(prefix="/api", tags=["claims"])
Id = Annotated[str | None, Query(max_length=500)]
Format = Annotated[Literal["json", "csv"], Query(description="`csv`: the same page as CSV (the columns of /downloads/claims.csv).")]
ClaimSort = "Order: " + ", ".join(claims.CLAIM_SORTS) + "; `-` before one reverses it (`-date`: newest first; undated last)."
FigureSort = "Order: " + ", ".join(claims.FIGURE_SORTS) + "; `-` before one reverses it (`-amount`: largest first)."


@router.get(
    "/claims",
    response_model=models.ListOf[models.Claim],
    responses={200: {"content": {"text/csv": {}}}},
    summary="Claims: filter by speaker, entity, source, kind, text and date",
    description=(
        "Ids come from `/api/entities` and `/api/sources`. `kind` is a reporting mode (`direct-quote`, "
        "`indirect-speech`, `document-assertion`) or a stance (`opinion`, `forecast`, `advice`). `q` matches the "
        "claim's text ignoring case and accents.\n\n"
        "**Dates** keep the source's precision. With `from`/`to`, a claim matches when its whole stated date "
        "(a day, a month, a year) lies in the range (`date_match: stated`), or else when its curator-inferred "
        "date does (`date_match: inferred`). A claim dated only by month and day (`--11-13`, no year) or not "
        "at all has no place in a range: it is left out unless `include_undated=true`, which adds it flagged "
        "`date_match: undated`. A stated period that only overlaps the range (the year 2025 against "
        "`from=2025-06-01`) is never counted as inside it."
    ),
)
def list_claims(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    speaker: Annotated[str | None, Query(max_length=500, description="Entity id of the speaker.", examples=["mikheev"])] = None,
    about: Annotated[str | None, Query(max_length=500, description="Entity id the claim is about.", examples=["rosoboronexport"])] = None,
    source: Annotated[str | None, Query(max_length=500, description="Source document id.")] = None,
    kind: Annotated[str | None, Query(max_length=100, description="Claim kind.", examples=["opinion"])] = None,
    q: Annotated[str | None, Query(max_length=1000, description="Words in the claim's text.")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Last day (YYYY-MM-DD), inclusive.")] = None,
    include_undated: Annotated[bool, Query(description="With from/to, also list claims with no usable date.")] = False,
    sort: Annotated[str, Query(max_length=20, description=ClaimSort)] = "document",
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Any:
    where = claims.ClaimFilter(speaker, about, source, kind, q, date_from, date_to, include_undated, sort)
    found = claims.find(store, settings, where, limit, offset)
    if format == "csv":
        return csv_response(tables.claims_csv(found.items), "claims.csv")
    # The claims themselves, not asdict copies: the response model reads their attributes (from_attributes), the
    # same JSON without ~2 ms of copying per 50 claims.
    return listing(request, found.items, found.total, limit, offset)


@router.get(
    "/claims/{id}",
    response_model=models.ClaimDetail,
    responses={404: {"description": "No claim with that id."}, **citations.RESPONSES},
    summary="One claim, the curated facts it supports, and how to cite it",
    description="The JSON carries a citation in three forms (plain text, BibTeX, CSL-JSON) naming the speaker, "
    "the source, the date as stated, the claim's permalink and the dataset version. `?format=csl-json` or "
    f"`Accept: {formats.CSL_JSON.media_type}` returns the CSL-JSON alone; `?format=bibtex` or `Accept: {formats.BIBTEX.media_type}` "
    "the BibTeX; `?format=text` the plain text.",
)
def get_claim(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="Claim id.", examples=["claim-90a25c8a1c90"])],
    format: Annotated[str | None, Query(max_length=20, description=citations.FORMAT_HELP)] = None,
) -> dict[str, Any] | Response:
    form = citations.requested(format, request.headers.get("accept"))
    claim = claims.get(store, settings, id)
    cited = citation.for_claim(store, settings, claim)
    if form:
        return citations.render(cited, form)
    return {**asdict(claim), "citation": citations.forms(cited)}


@router.get(
    "/figures",
    response_model=models.ListOf[models.FigureEntry],
    responses={200: {"content": {"text/csv": {}}}},
    summary="Figures side by side, each with the claim and source that state it",
    description="`measure` is an indicator (`order-backlog`, `forex-earnings`, `weapon-types-contracted`, …); "
    "`subject` an entity id the figure is about.",
)
def list_figures(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    measure: Annotated[str | None, Query(max_length=100, examples=["forex-earnings"])] = None,
    subject: Annotated[str | None, Query(max_length=500, examples=["russia"])] = None,
    speaker: Annotated[str | None, Query(max_length=500, description="Entity id of who stated it.")] = None,
    source: Annotated[str | None, Query(max_length=500, description="Source document id.")] = None,
    sort: Annotated[str, Query(max_length=20, description=FigureSort)] = "measure",
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Any:
    where = claims.FigureFilter(measure, subject, speaker, source, sort)
    found = claims.figures(store, settings, where, limit, offset)
    if format == "csv":
        return csv_response(tables.figures_csv(found.items), "figures.csv")
    return listing(request, [asdict(f) for f in found.items], found.total, limit, offset)


def csv_response(body: bytes, filename: str) -> Response:
    return Response(body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
