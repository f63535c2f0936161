"""Sentences of an article with their exact offsets, and the quotations inside them.

Every offset is a Python string index into the article exactly as submitted
(Unicode code points, end exclusive), so ``text[start:end]`` is always the
span; nothing here normalises or rewrites the text. A quotation is never split
into sentences: ``“We are ready. We will deliver,” she said.`` stays one unit,
because its attribution comes at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.ingest.rules import words

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd",
    "corp", "co", "e.g", "i.e", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "u.n", "adm", "maj", "capt", "sgt", "rep", "sen", "gov", "fig", "est",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9А-ЯЁ])")
_OPENERS = {"“": "”", "«": "»", "„": "“"}
TERMINAL = tuple(".!?…\"”’»:;")


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    role: str
    """``text`` (ordinary prose), ``question``, ``answer`` (interview lines), ``heading`` (no final punctuation)."""
    quotes: tuple[Quote, ...] = field(default=())

    def text(self, article: str) -> str:
        return article[self.start : self.end]


def quotes_in(text: str, start: int, end: int) -> list[Quote]:
    """The quotations between ``start`` and ``end``: curly, guillemet or straight double quotes."""
    found: list[Quote] = []
    i = start
    while i < end:
        ch = text[i]
        closer = _OPENERS.get(ch) or ('"' if ch == '"' else None)
        if closer is None:
            i += 1
            continue
        close = text.find(closer, i + 1, end)
        if close == -1:
            i += 1
            continue
        found.append(Quote(i, close + 1, i + 1, close))
        i = close + 1
    return found


def _inside(pos: int, quotes: list[Quote]) -> bool:
    return any(q.start < pos < q.end - 1 for q in quotes)


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial rather than a sentence."""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    token = text[j:dot].lower()
    return token in ABBREVIATIONS or (len(token) == 1 and text[j].isupper())


def _prefix(line: str, prefixes: list[str]) -> int:
    for p in prefixes:
        if line.startswith(p) and (len(line) == len(p) or line[len(p)] in " \t"):
            return len(p)
    return 0


def split(text: str) -> list[Sentence]:
    """The article's sentences in order, each with its paragraph number and role."""
    questions = words("interview", "question_prefixes")
    answers = words("interview", "answer_prefixes")
    out: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = line_start + (len(line) - len(line.lstrip()))
        role = "text"
        skip = _prefix(stripped, questions)
        if skip:
            role = "question"
        else:
            skip = _prefix(stripped, answers)
            if skip:
                role = "answer"
        start = lead + skip
        while start < offset - 1 and text[start] in " \t":
            start += 1
        end = line_start + len(line.rstrip())
        if start >= end:
            continue
        if role == "text" and not stripped.endswith(TERMINAL):
            out.append(Sentence(start, end, paragraph, "heading", tuple(quotes_in(text, start, end))))
            continue
        quotes = quotes_in(text, start, end)
        cut = start
        for match in _BOUNDARY.finditer(text, start, end):
            stop = match.end()
            if _inside(match.start(), quotes) or _abbreviation_before(text, match.start()):
                continue
            out.append(_sentence(text, cut, stop, paragraph, role, quotes))
            cut = stop
            while cut < end and text[cut].isspace():
                cut += 1
        if cut < end:
            out.append(_sentence(text, cut, end, paragraph, role, quotes))
    return out


def _sentence(text: str, start: int, end: int, paragraph: int, role: str, quotes: list[Quote]) -> Sentence:
    inner = tuple(q for q in quotes if start <= q.start and q.end <= end)
    if role == "answer" and text[start:end].rstrip().endswith("?"):
        role = "question"  # an interviewee asking back is not making a claim either
    if role == "text" and text[start:end].rstrip().rstrip("”\"’»)").endswith("?") and not inner:
        role = "question"
    return Sentence(start, end, paragraph, role, inner)
