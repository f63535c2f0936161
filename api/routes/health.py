"""``/health``: is the store reachable, and how big is it."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import SettingsDep, StoreDep
from graph.model import dataset, snapshot
from graph.store import layout

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    store: str = Field(examples=["embedded Oxigraph (store)"])
    triples: int = Field(examples=[1843])
    built_at: str | None = Field(default=None, examples=["2026-11-23T07:10:00+00:00"])
    dataset_version: str = Field(examples=["0.2.0+65fc1c418277"], description="Human version + content hash.")


@router.get("/health", response_model=Health, summary="Store reachable, triple count, build time, dataset version")
def health(store: StoreDep, settings: SettingsDep) -> Health:
    info = layout.read(settings)
    return Health(
        status="ok",
        store=store.public_name,  # a name, not the store's directory (issue 12, fault 10)
        triples=snapshot.current(store, settings).triples,  # counted once per store version, not per request
        built_at=info.get("built_at") if info else None,
        dataset_version=dataset.version(store, settings).label,
    )
