"""``/api/entities``: find entities by name, and one entity with its relations and evidence."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api import models
from api.deps import Limit, Offset, SettingsDep, StoreDep
from graph.model import entities

router = APIRouter(prefix="/api", tags=["entities"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No entity with that id (application/problem+json)."}}


@router.get(
    "/entities",
    response_model=models.ListOf[models.EntitySummary],
    summary="Search entities by name or alias",
    description=(
        "Matches labels and aliases in every language the graph has, ignoring case and accents "
        "(`Михеев` finds Mikheev, `rosoboronexport` finds Рособоронэкспорт). Exact matches come first, "
        "then prefixes (of the name or of a word in it), then other substrings. Without `q`, lists entities "
        "by label. `type` takes a class name (`Person`, `Company`, `Region`) and includes subclasses."
    ),
)
def search_entities(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=1000, description="Name or part of a name.", examples=["mikheev"])] = None,
    type: Annotated[str | None, Query(max_length=200, description="Class name, e.g. Person.", examples=["Person"])] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return asdict(entities.search(store, settings, q, type, limit, offset))


@router.get(
    "/entities/{id}",
    response_model=models.Entity,
    responses=NOT_FOUND,
    summary="One entity: names, types, relations with evidence, roles, claim counts",
)
def get_entity(
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="Entity id, as in /api/entities results.", examples=["rosoboronexport"])],
) -> dict[str, Any]:
    return asdict(entities.entity(store, settings, id))
