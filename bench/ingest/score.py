"""Scores of drafted claims against gold annotations.

A drafted claim *finds* a gold claim when their spans overlap by at least half
of the longer one. Over found pairs: speaker (the gold label, or one of its
alternatives, equals the drafted label once folded, "unnamed " ignored, or is
contained in it), kind (reporting mode and stance both equal), date (stated
value and inferred day both equal) and figures (each gold figure has a
drafted one with the same bound, amount or range and unit head). Hard errors
are counted over the whole draft: a question drafted as a claim, a span that
is not the text, a stated year the text does not contain, a figure whose
wording is not in its claim's span. Relations (network edges) are scored on
the articles whose gold lists them: a drafted relation finds a gold one when
the type and both ends' labels agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from graph.matching.fold import fold

MIN_OVERLAP = 0.5


@dataclass
class Score:
    gold: int = 0
    drafted: int = 0
    found: int = 0
    true_drafts: int = 0
    speaker_ok: int = 0
    kind_ok: int = 0
    dated: int = 0
    date_ok: int = 0
    figures: int = 0
    figures_ok: int = 0
    relations_gold: int = 0
    relations_drafted: int = 0
    relations_found: int = 0
    relations_true: int = 0
    relations_annotated: int = 0
    hard_errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "drafted", "found", "true_drafts", "speaker_ok", "kind_ok", "dated", "date_ok", "figures", "figures_ok",
                     "relations_gold", "relations_drafted", "relations_found", "relations_true", "relations_annotated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.hard_errors += other.hard_errors
        self.misses += other.misses

    def rates(self) -> dict[str, float]:
        def rate(a: int, b: int) -> float:
            return round(100 * a / b, 1) if b else 100.0

        relations = {
            "relation_recall": rate(self.relations_found, self.relations_gold),
            "relation_precision": rate(self.relations_true, self.relations_drafted),
        } if self.relations_annotated else {}
        return {
            "claim_recall": rate(self.found, self.gold),
            "claim_precision": rate(self.true_drafts, self.drafted),
            "speaker_accuracy": rate(self.speaker_ok, self.found),
            "kind_accuracy": rate(self.kind_ok, self.found),
            "figure_accuracy": rate(self.figures_ok, self.figures),
            "date_accuracy": rate(self.date_ok, self.dated),
            **relations,
        }


def _span(text: str, exact: str, name: str) -> tuple[int, int]:
    start = text.find(exact)
    if start == -1 or text.find(exact, start + 1) != -1:
        raise ValueError(f"{name}: gold text {exact!r} must occur exactly once in the article")
    return start, start + len(exact)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, inter) / max(a[1] - a[0], b[1] - b[0])


def _label(raw: str) -> str:
    return fold(raw).removeprefix("unnamed ").strip()


def _speaker_ok(gold: Any, drafted: dict[str, Any]) -> bool:
    wanted = gold if isinstance(gold, list) else [gold]
    got = _label(drafted["label"])
    return any(_label(w) == got or (len(_label(w)) >= 4 and _label(w) in got) for w in wanted)


def _head(unit: str | None) -> str:
    words = fold(unit or "").split()
    return words[-1].removesuffix("s") if words else ""


def _num(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _figure_ok(gold: dict[str, Any], drafted: list[dict[str, Any]]) -> bool:
    for f in drafted:
        if f["bound"] != gold["bound"] or _head(f["unit"]) != _head(gold["unit"]):
            continue
        if gold["bound"] == "range":
            if _num(f["min"]) == _num(gold["min"]) and _num(f["max"]) == _num(gold["max"]):
                return True
        elif _num(f["amount"]) == _num(gold["amount"]):
            return True
    return False


def _date_ok(gold: dict[str, Any] | None, drafted: dict[str, Any]) -> bool:
    stated = drafted["value"]
    inferred = drafted["inferred"]["value"] if drafted["inferred"] else None
    if gold is None:
        return stated is None and inferred is None
    return stated == gold.get("value") and inferred == gold.get("inferred")


def _relation_ok(gold: dict[str, Any], drafted: dict[str, Any]) -> bool:
    return (gold["type"] == drafted["predicate"] and _speaker_ok(gold["subject"], drafted["subject"])
            and _speaker_ok(gold["object"], drafted["object"]))


def _relations(name: str, gold: dict[str, Any], answer: dict[str, Any], result: Score) -> None:
    """Drafted network edges against the gold ones (type and both ends by label); only articles annotated with relations count."""
    if "relations" not in gold:
        return
    wanted, drafted = gold["relations"], answer.get("relations", [])
    result.relations_gold, result.relations_drafted, result.relations_annotated = len(wanted), len(drafted), 1
    result.relations_found = sum(any(_relation_ok(g, d) for d in drafted) for g in wanted)
    result.relations_true = sum(any(_relation_ok(g, d) for g in wanted) for d in drafted)
    for g in wanted:
        if not any(_relation_ok(g, d) for d in drafted):
            result.misses.append(f"{name}: missed relation {g['subject']} {g['type']} {g['object']}")
    for d in drafted:
        if not any(_relation_ok(g, d) for g in wanted):
            result.misses.append(f"{name}: extra relation {d['subject']['label']} {d['predicate']} {d['object']['label']}")


def score(name: str, text: str, gold: dict[str, Any], answer: dict[str, Any]) -> Score:
    """Compare one draft (the API answer) with its gold annotation."""
    result = Score(gold=len(gold["claims"]), drafted=len(answer["claims"]))
    gold_spans = [_span(text, g["text"], name) for g in gold["claims"]]
    question_spans = [_span(text, q, name) for q in gold.get("questions", [])]
    years_in_text = set(re.findall(r"(?<![0-9])(?:1[89]|20)[0-9]{2}(?![0-9])", text))
    drafted_spans = [(c["span"]["start"], c["span"]["end"]) for c in answer["claims"]]
    for claim, span in zip(answer["claims"], drafted_spans, strict=True):
        if text[span[0] : span[1]] != claim["span"]["exact"] or claim["text"] != claim["span"]["exact"]:
            result.hard_errors.append(f"{name}: span {span} is not the text")
        if any(_overlap(span, q) > 0 for q in question_spans):
            result.hard_errors.append(f"{name}: question drafted as a claim: {claim['text']!r}")
        stated = claim["date"]["value"] or ""
        for year in re.findall(r"^[0-9]{4}", stated):
            if year not in years_in_text:
                result.hard_errors.append(f"{name}: stated year {year} is not in the text")
        for figure in claim["figures"]:
            if figure["original"] not in claim["text"]:
                result.hard_errors.append(f"{name}: figure {figure['original']!r} is not in its claim")
            for year in re.findall(r"[0-9]{4}", (figure["period"] or "") + " " + (figure["as_of"] or "")):
                if year not in years_in_text:
                    result.hard_errors.append(f"{name}: figure period {year} is not in the text")
        if any(_overlap(span, g) >= MIN_OVERLAP for g in gold_spans):
            result.true_drafts += 1
    for g, gspan in zip(gold["claims"], gold_spans, strict=True):
        matches = [i for i, span in enumerate(drafted_spans) if _overlap(span, gspan) >= MIN_OVERLAP]
        if not matches:
            result.misses.append(f"{name}: missed {g['text']!r}")
            continue
        claim = answer["claims"][max(matches, key=lambda i: _overlap(drafted_spans[i], gspan))]
        result.found += 1
        if _speaker_ok(g["speaker"], claim["speaker"]):
            result.speaker_ok += 1
        else:
            result.misses.append(f"{name}: speaker {claim['speaker']['label']!r} ≠ {g['speaker']!r} for {g['text'][:50]!r}")
        if claim["kind"] == g["kind"] and claim["stance"] == g.get("stance"):
            result.kind_ok += 1
        else:
            result.misses.append(f"{name}: kind {claim['kind']}/{claim['stance']} ≠ {g['kind']}/{g.get('stance')} for {g['text'][:50]!r}")
        if "date" in g:
            result.dated += 1
            if _date_ok(g["date"], claim["date"]):
                result.date_ok += 1
            else:
                result.misses.append(f"{name}: date {claim['date']} ≠ {g['date']} for {g['text'][:50]!r}")
        for gf in g.get("figures", []):
            result.figures += 1
            if _figure_ok(gf, claim["figures"]):
                result.figures_ok += 1
            else:
                result.misses.append(f"{name}: figure {gf} not in {[f['original'] for f in claim['figures']]}")
    _relations(name, gold, answer, result)
    return result
