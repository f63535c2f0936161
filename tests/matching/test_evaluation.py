"""The matching evaluation (bench/data/matching-variants.tsv) on the curated graph: the targets hold.

The scorer is ``python -m bench.matching``; this test keeps its targets from
slipping: no wrong auto-match, top-1 ≥ 95 %, recall@5 ≥ 99 %.
"""

from __future__ import annotations

import pytest

from bench.matching import Report, evaluate, read_variants
from graph.model import snapshot
from graph.store import OxigraphStore

VARIANTS = read_variants()


@pytest.fixture(scope="module")
def report(built_store: OxigraphStore) -> Report:
    return evaluate(snapshot.build(built_store).matcher, VARIANTS)


def test_the_evaluation_is_large_and_covers_every_case() -> None:
    cases = {v.case for v in VARIANTS}
    assert len(VARIANTS) >= 150
    assert {"cyrillic", "transliteration", "press spelling", "initials", "acronym", "typo", "alias", "negative",
            "type filtered", "cyrillic acronym"} <= cases  # fmt: skip


def test_no_wrong_auto_match(report: Report) -> None:
    assert report.wrong_auto == []


def test_top1_and_recall_targets(report: Report) -> None:
    assert report.top1_rate >= 0.95, report.misses
    assert report.recall5_rate >= 0.99, report.misses
