"""``/api/claims`` and ``/api/figures``: who said what, when, in which document."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api import models
from api.deps import Limit, Offset, SettingsDep, StoreDep
from graph.model import claims

router = APIRouter(prefix="/api", tags=["claims"])
Id = Annotated[str | None, Query(max_length=500)]


@router.get(
    "/claims",
    response_model=models.ListOf[models.Claim],
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
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    where = claims.ClaimFilter(speaker, about, source, kind, q, date_from, date_to, include_undated)
    return asdict(claims.find(store, settings, where, limit, offset))


@router.get(
    "/claims/{id}",
    response_model=models.ClaimDetail,
    responses={404: {"description": "No claim with that id."}},
    summary="One claim and the curated facts it supports",
)
def get_claim(
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="Claim id.", examples=["claim-90a25c8a1c90"])],
) -> dict[str, Any]:
    return asdict(claims.get(store, settings, id))


@router.get(
    "/figures",
    response_model=models.FigureList,
    summary="Figures side by side, each with the claim and source that state it",
    description="`measure` is an indicator (`order-backlog`, `forex-earnings`, `weapon-types-contracted`, …); "
    "`subject` an entity id the figure is about.",
)
def list_figures(
    store: StoreDep,
    settings: SettingsDep,
    measure: Annotated[str | None, Query(max_length=100, examples=["forex-earnings"])] = None,
    subject: Annotated[str | None, Query(max_length=500, examples=["russia"])] = None,
) -> dict[str, Any]:
    found = claims.figures(store, settings, measure, subject)
    return {"items": [asdict(f) for f in found], "total": len(found)}
