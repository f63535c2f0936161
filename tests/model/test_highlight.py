"""Cutting a text into highlighted pieces: nested and overlapping spans, paragraphs, spans that do not fit."""

from __future__ import annotations

from graph.model.claims import Claim, ClaimDate, SourceRef, Span
from graph.model.highlight import highlight
from graph.model.snapshot import Ref


def claim(cid: str, speaker: str, start: int, end: int) -> Claim:
    return Claim(
        id=cid, speaker=Ref(speaker, speaker.title()), date=ClaimDate(None, "unknown", None), text=None, kind=None,
        stance=None, kinds=[], about=[], figures=[], source=SourceRef("doc", "Doc"), span=Span(start, end, None), reported_by=None,
    )


def pieces(text: str, *claims: Claim) -> list[list[tuple[str, list[str]]]]:
    return [[(p.text, p.claims) for p in para] for para in highlight(text, claims).paragraphs]


def test_text_outside_spans_is_kept_and_paragraphs_split_at_line_breaks() -> None:
    assert pieces("ab\ncd", claim("c1", "x", 1, 2)) == [[("a", []), ("b", ["c1"])], [("cd", [])]]


def test_nested_span_links_the_inner_claim_and_keeps_both() -> None:
    text = "0123456789"
    out = highlight(text, [claim("outer", "x", 0, 10), claim("inner", "y", 3, 5)])
    (para,) = out.paragraphs
    assert [(p.text, p.claims, p.starts) for p in para] == [
        ("012", ["outer"], ["outer"]),
        ("34", ["inner", "outer"], ["inner"]),
        ("56789", ["outer"], []),
    ]
    assert [s.id for s in out.speakers] == ["x", "y"]
    assert [p.speaker for p in para] == [0, 1, 0]


def test_a_span_across_a_line_break_is_anchored_once() -> None:
    out = highlight("ab\ncd", [claim("c", "x", 1, 4)])
    anchors = [p.starts for para in out.paragraphs for p in para if p.starts]
    assert anchors == [["c"]]
    assert [[p.text for p in para if p.claims] for para in out.paragraphs] == [["b"], ["c"]]


def test_a_span_outside_the_text_is_reported_not_drawn() -> None:
    out = highlight("abc", [claim("bad", "x", 2, 9)])
    assert out.unplaced == ["bad"]
    assert [[p.claims for p in para] for para in out.paragraphs] == [[[]]]
