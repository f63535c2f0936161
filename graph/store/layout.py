"""When the store was last built, kept beside it (``<store>.build.json``).

Kept out of the graph on purpose: a timestamp inside the data would make two
builds of the same files differ.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from graph.config import Settings


def _path(settings: Settings) -> Path | None:
    if settings.endpoint:
        return None
    return settings.store.with_name(settings.store.name + ".build.json")


def write(settings: Settings, **facts: Any) -> None:
    path = _path(settings)
    if path is None:
        return
    body = {"built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **facts}
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(body, indent=2))
    tmp.replace(path)


def read(settings: Settings) -> dict[str, Any] | None:
    path = _path(settings)
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
