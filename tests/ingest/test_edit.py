"""graph.ingest.edit: a curator's edited claims become the draft, checked field by field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from graph import paths
from graph.errors import InvalidInput
from graph.ingest import Metadata, draft_article
from graph.ingest.draft import term
from graph.ingest.figures import BOUNDS
from graph.ingest.rules import table
from graph.ingest.terms import scheme
from graph.validation import validate_files

ARTICLE = ("Chief executive Mara Okafor said on Tuesday that the order backlog stands at about EUR 2.4 billion. "
           "She added that deliveries would stay on schedule. The deal is a remarkable success.")


def _answer(claims: object = None) -> dict:
    return draft_article(ARTICLE, Metadata(title="Edits", published="2025-03-05"), None, claims)


def test_edits_replace_the_extracted_claims_and_still_conform(tmp_path: Path) -> None:
    claims = copy.deepcopy(_answer()["claims"])
    claims[0]["kind"] = "direct-quote"
    claims[0]["figures"][0].update(bound="range", min=2000000000, max=2500000000, amount=None)
    claims[1]["speaker"] = {"id": "northwind-dynamics", "label": "Northwind Dynamics", "new": True, "type": "Company"}
    start = ARTICLE.index("deliveries would stay")
    claims[1]["span"] = {"start": start, "end": start + len("deliveries would stay")}
    answer = _answer(claims[:2])
    first, second = answer["claims"]
    assert first["kind"] == "direct-quote"
    assert (first["figures"][0]["bound"], first["figures"][0]["min"], first["figures"][0]["max"]) == ("range", 2000000000, 2500000000)
    assert second["speaker"] == {"id": "northwind-dynamics", "label": "Northwind Dynamics", "new": True}
    assert second["text"] == "deliveries would stay"
    draft = tmp_path / "edited.trig"
    draft.write_text(answer["draft"], encoding="utf-8")
    report = validate_files([*sorted(paths.DATA_DIR.glob("*.trig")), draft])
    assert report.conforms, report.to_text()


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"span": {"start": 5, "end": 2}}, "span"),
        ({"span": {"start": 0, "end": 10_000}}, "span"),
        ({"kind": "rumour"}, "kind"),
        ({"stance": "hope"}, "stance"),
        ({"speaker": {"id": "no-such-entity", "label": "Nobody", "new": False}}, "no entity"),
        ({"speaker": {"id": "Bad Id", "label": "Bad", "new": True}}, "id"),
        ({"speaker": {"id": "kestrel", "label": "Kestrel", "new": True, "type": "WeaponSystem"}}, "cannot speak"),
        ({"date": {"value": "last Tuesday", "inferred": None}}, "not a date"),
        ({"date": {"value": None, "inferred": {"value": "2025-03-04", "basis": ""}}}, "basis"),
        ({"figures": [{"bound": "roughly", "amount": 1, "unit": "USD", "original": "1"}]}, "bound"),
        ({"figures": [{"bound": "exact", "amount": -1, "unit": "USD", "original": "1"}]}, "non-negative"),
        ({"figures": [{"bound": "range", "min": 3, "max": 1, "unit": "USD", "original": "1"}]}, "min is above max"),
    ],
)
def test_a_bad_edit_is_422_naming_the_field(change: dict, needle: str) -> None:
    claims = copy.deepcopy(_answer()["claims"])
    claims[0].update(change)
    with pytest.raises(InvalidInput) as caught:
        _answer(claims)
    assert caught.value.status == 422
    assert needle in caught.value.detail and "claims[1]" in caught.value.detail


def test_the_rules_name_only_terms_the_ontology_has() -> None:
    assert set(table("figures", "indicators")) <= set(scheme("IndicatorScheme"))
    assert {term(b) for b in (*BOUNDS, "exact", "range")} == set(scheme("BoundScheme"))
