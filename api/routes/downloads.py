"""``/downloads/``: whole-graph dumps (TriG, N-Quads, JSON-LD, Turtle) and a CSV of claims, with SHA-256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from api import models
from api.deps import SettingsDep, StoreDep
from api.templating import TEMPLATES
from graph.config import Settings
from graph.errors import NotAcceptable
from graph.model import dumps
from graph.rdf import formats
from graph.sparql import protocol

router = APIRouter(prefix="/downloads", tags=["downloads"])


def cache_folder(store_description: str, settings: Settings) -> Path:
    """Beside an embedded store when its folder is writable (``var/store.downloads``), else per user in /tmp."""
    if not settings.endpoint and os.access(settings.store.parent, os.W_OK):
        return settings.store.with_name(settings.store.name + ".downloads")
    key = hashlib.sha256(store_description.encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"dtkg-downloads-{uid}" / key


@router.get(
    "/",
    response_model=models.DownloadList,
    summary="The downloadable files of the current graph, with sizes and SHA-256",
    description="JSON by default; a browser (Accept: text/html) gets a page. Files are made once per graph version.",
    responses={200: {"content": {"application/json": {}, "text/html": {}}}},
)
def list_downloads(request: Request, store: StoreDep, settings: SettingsDep) -> Any:
    items = [
        {
            "name": d.name,
            "url": f"/downloads/{d.name}",
            "media_type": d.media_type,
            "description": d.description,
            "size": d.size,
            "sha256": d.sha256,
        }
        for d in dumps.listing(store, settings, cache_folder(store.description, settings))
    ]
    if _wants_page(request.headers.get("accept")):
        return TEMPLATES.TemplateResponse(request, "downloads.html", {"items": items})
    return {"items": items}


def _wants_page(accept: str | None) -> bool:
    """A browser gets the page; any other client, or an Accept naming neither, the JSON."""
    try:
        return protocol.negotiate((formats.JSON, formats.HTML), accept, None) is formats.HTML
    except NotAcceptable:
        return False


@router.get(
    "/{file}",
    response_class=Response,
    summary="One download",
    responses={200: {"content": {f.media_type: {} for f in dumps.FORMATS.values()}}, 404: {"description": "No such file."}},
)
def get_download(store: StoreDep, settings: SettingsDep, file: str) -> FileResponse:
    item = dumps.download(store, settings, cache_folder(store.description, settings), file)
    return FileResponse(
        item.path,
        media_type=item.media_type,
        filename=item.name,
        headers={"X-Checksum-SHA256": item.sha256},
    )
