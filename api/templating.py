"""The one Jinja2 environment for the HTML pages (``api/templates/``)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from graph.model import dates

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
# Dates on every page read as people say them (graph/model/dates.py); the raw value stays in an attribute.
TEMPLATES.env.filters.update(
    readable=dates.readable, readable_period=dates.readable_period, readable_inferred=dates.readable_inferred
)
