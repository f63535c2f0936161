"""The evaluation (``python -m bench.ingest``): no hard errors on the evaluation set, and the scorer sees them.

The percentage targets are reported in BENCHMARKS.md, not asserted here.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys

from bench.ingest.__main__ import ARTICLES, GOLD, evaluate
from bench.ingest.score import score
from graph.ingest import Metadata, draft_article
from tests.conftest import ROOT


def test_the_evaluation_set_drafts_without_hard_errors() -> None:
    total, per = evaluate()
    assert len(per) >= 12
    assert total.hard_errors == []


def test_the_scorer_counts_each_kind_of_hard_error() -> None:
    text = (ARTICLES / "02-interview-analyst.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLD / "02-interview-analyst.json").read_text(encoding="utf-8"))
    answer = draft_article(text, Metadata(), None)
    assert score("02", text, gold, answer).hard_errors == []
    bad = copy.deepcopy(answer)
    first = bad["claims"][0]
    question = gold["questions"][0]
    start = text.index(question)
    bad["claims"].append({**first, "figures": [], "text": question, "span": {"start": start, "end": start + len(question), "exact": question}})
    first["span"] = {**first["span"], "start": first["span"]["start"] + 1}
    first["date"] = {"value": "1999", "precision": "year", "inferred": None}
    first["figures"] = [{**first["figures"][0], "original": "$40 billion"}]
    errors = score("02", text, gold, bad).hard_errors
    assert len(errors) == 4, errors


def test_the_scorer_runs_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-m", "bench.ingest"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "| hard errors | 0 |" in result.stdout
