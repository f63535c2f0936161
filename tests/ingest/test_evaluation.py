"""The evaluation (``python -m bench.ingest``): no hard errors on the evaluation set, and the scorer sees them.

The percentage targets are reported in BENCHMARKS.md, not asserted here.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

import bench.ingest.__main__ as bench_main
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


def test_the_speed_text_never_reads_a_held_out_set_not_yet_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The speed run drafts ``thousand_words()``: a set in ``NOT_YET_RUN`` must not pass through the drafter before its
    first run. The first article is made "not yet run" because the text is cut at 1,000 words from the start."""
    first = sorted(ARTICLES.glob("*.txt"))[0]
    opening = first.read_text(encoding="utf-8").split("\n")[1].split(".")[0]
    assert opening in bench_main.thousand_words()  # the check below could not fail without this
    monkeypatch.setattr(bench_main, "NOT_YET_RUN", (first.stem,))
    assert opening not in bench_main.thousand_words()
    monkeypatch.setattr(bench_main, "NOT_YET_RUN", ("heldout12-",))
    assert not [p for p in bench_main._speed_articles() if "heldout12-" in p.name]
