"""A source document's text cut into paragraphs and pieces, each piece knowing which claims' spans cover it.

The source page highlights every claim's span in the running text (one colour
per speaker) and links each highlight to its claim; spans may nest or overlap,
so the text is cut at every span boundary and at every line break, and each
piece carries the claims that cover it, the shortest first (the one a click
should open). Offsets are Unicode code points, as Python indexes a ``str`` and
as the evidence selectors count them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.model.claims import Claim
from graph.model.snapshot import Ref


@dataclass(frozen=True)
class Piece:
    text: str
    claims: list[str]
    """Ids of the claims whose span covers this piece, shortest span first."""
    starts: list[str]
    """Ids of the claims whose span starts here (the page puts their anchor on this piece)."""
    speaker: int | None
    """Index into :attr:`Highlighted.speakers` of the first claim's speaker; None outside every span."""


@dataclass
class Highlighted:
    paragraphs: list[list[Piece]] = field(default_factory=list)
    speakers: list[Ref] = field(default_factory=list)
    """Speakers in order of first appearance; the page gives each a colour."""
    unplaced: list[str] = field(default_factory=list)
    """Claims whose span does not fit the text (should not happen: a SHACL shape checks spans)."""


def highlight(text: str, claims: Iterable[Claim]) -> Highlighted:
    out = Highlighted()
    spans: list[tuple[int, int, str, int]] = []
    speaker_index: dict[str, int] = {}
    for claim in sorted(claims, key=lambda c: (c.span.start or 0, -(c.span.end or 0))):
        start, end = claim.span.start, claim.span.end
        if start is None or end is None or not 0 <= start < end <= len(text):
            out.unplaced.append(claim.id)
            continue
        if claim.speaker.id not in speaker_index:
            speaker_index[claim.speaker.id] = len(out.speakers)
            out.speakers.append(claim.speaker)
        spans.append((start, end, claim.id, speaker_index[claim.speaker.id]))
    cuts = {0, len(text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans}
    cuts |= {i for i, ch in enumerate(text) if ch == "\n"} | {i + 1 for i, ch in enumerate(text) if ch == "\n"}
    bounds = sorted(cuts)
    paragraph: list[Piece] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        chunk = text[left:right]
        if chunk == "\n":
            out.paragraphs.append(paragraph)
            paragraph = []
            continue
        covering = sorted((e - s, cid, sp) for s, e, cid, sp in spans if s <= left and right <= e)
        paragraph.append(
            Piece(
                text=chunk,
                claims=[cid for _, cid, _ in covering],
                starts=[cid for s, _, cid, _ in spans if s == left],
                speaker=covering[0][2] if covering else None,
            )
        )
    if paragraph:
        out.paragraphs.append(paragraph)
    return out
