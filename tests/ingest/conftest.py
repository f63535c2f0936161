"""Fixtures for the ingestion tests: drafting needs no store (``snapshot=None`` links nothing).

Articles are written inline, as short as the point needs; the evaluation set
in ``bench/ingest/articles/`` is for the scorer, not for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.ingest import Metadata, draft_article

Drafter = Callable[..., dict[str, Any]]


@pytest.fixture
def drafted() -> Drafter:
    def run(text: str, claims: Any = None, keep_relations: Any = None, **meta: Any) -> dict[str, Any]:
        return draft_article(text, Metadata(**{"title": "Test article", **meta}), None, claims, keep_relations)

    return run
