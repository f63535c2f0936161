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

from graph.ingest.rules import alternation, words

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd",
    "corp", "co", "e.g", "i.e", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "u.n", "adm", "maj", "capt", "sgt", "rep", "sen", "gov", "fig", "est",
}
NUMBER_ABBREVIATIONS = {"no", "fig"}
"""Abbreviations only before a number ("No. 5", "Fig. 3"); elsewhere the word ends a sentence ("The answer is no.")."""
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
    said_by: tuple[int, int] | None = None
    """For an answer whose label names who gives it ("Answer from the Minister of Trade, X: …"): where those words are."""

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
    if token in NUMBER_ABBREVIATIONS:  # "No. 5" abbreviates; "In my view, no. Orders …" ends a sentence
        return bool(re.match(r"\s*[0-9]", text[dot + 1 : dot + 4]))
    return token in ABBREVIATIONS or (len(token) == 1 and text[j].isupper())


def _prefix(line: str, prefixes: list[str]) -> int:
    for p in prefixes:
        if line.startswith(p) and (len(line) == len(p) or line[len(p)] in " \t"):
            return len(p)
    return 0


_NAMED_TURN = re.compile(
    rf"(?P<kind>{alternation(words('interview', 'named_question_labels'))}|{alternation(words('interview', 'named_answer_labels'))})"
    r"\s+(?:from|by)\s+(?P<who>[^:?\n]{3,120}?)\s*:[ \t]*", re.IGNORECASE)
"""A turn whose label names who asks or answers, as in a parliament's written answers: "Question from X MP: …?",
"Answer from the Minister of Trade, Y: …". The answer runs on over the lines after it until the next question."""
_TURN = re.compile(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}):[ \t]")
MIN_TURNS = 3


def _turn_labels(text: str) -> tuple[list[str], list[str]]:
    """Speaker-labelled interview turns ("Defence Weekly: …", "Okafor: …") as question and answer prefixes.

    A transcript labels each turn with who speaks. When at least three lines
    start with one of two or more such labels, the label whose turns ask the
    most questions (the first label on a tie: interviews open with a question)
    is the interviewer's, the others the interviewee's. A label used once is
    no turn label: a heading such as "Interview: General X, chair of …" is not
    an answer.
    """
    turns: dict[str, list[str]] = {}
    for line in text.split("\n"):
        m = _TURN.match(line.strip())
        if m:
            turns.setdefault(m.group(1), []).append(line.strip()[m.end() :])
    turns = {label: said for label, said in turns.items() if len(said) >= 2}
    if sum(len(v) for v in turns.values()) < MIN_TURNS or len(turns) < 2:
        return [], []
    asker = max(turns, key=lambda label: (sum(t.rstrip().endswith("?") for t in turns[label]), -list(turns).index(label)))
    return [f"{asker}:"], [f"{label}:" for label in turns if label != asker]


def _opens_as_interview(lines: list[str]) -> bool:
    """Whether the article's opening lines announce an interview ("Q&A with …", "In conversation: …")."""
    opening = " ".join(lines[:2]).lower()
    return any(cue in opening for cue in words("interview", "interviewee_cues"))


_YOU = re.compile(r"(?<![\w’'])(?:you|your|yours)(?![\w’'])", re.IGNORECASE)


def _addressed_turns(lines: list[str], asked: list[int]) -> bool:
    """Whether whole-line questions are put to someone: one of them says "you" and each is answered on the lines
    after it (no two questions in a row). Headings vary ("Five minutes with X", a quoted headline), but an
    interviewer addresses the interviewee; a column's rhetorical questions ask about others ("Who pays for them?")."""
    if not any(_YOU.search(lines[i]) for i in asked):
        return False
    follows = [next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None) for i in asked]
    return all(j is not None and j not in asked for j in follows)


def _unlabelled_answers(text: str) -> set[int]:
    """The lines (by number) that answer an unlabelled question line: a transcript without "Q:"/"A:".

    Some interviews set each question on its own line and the answer on the
    next, with no label. Only when the opening lines announce an interview and
    at least two whole lines are questions is every later line that is not
    itself a question an answer: a column's rhetorical questions stay the
    author's.
    """
    lines = text.split("\n")
    asked = [i for i, line in enumerate(lines) if line.strip().endswith("?") and not quotes_in(line, 0, len(line))]
    if len(asked) < 2 or not (_opens_as_interview([line for line in lines if line.strip()]) or _addressed_turns(lines, asked)):
        return set()
    return {i for i in range(asked[0] + 1, len(lines)) if i not in asked and lines[i].strip()}


def split(text: str) -> list[Sentence]:
    """The article's sentences in order, each with its paragraph number and role."""
    asked, answered = _turn_labels(text)
    unlabelled = set() if asked or "\nQ" in text else _unlabelled_answers(text)
    questions = words("interview", "question_prefixes") + asked
    answers = words("interview", "answer_prefixes") + answered
    out: list[Sentence] = []
    offset = 0
    said_by: tuple[int, int] | None = None  # who gives the answer running on from a named answer label
    for paragraph, line in enumerate(text.split("\n")):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = line_start + (len(line) - len(line.lstrip()))
        role = "text"
        named = _NAMED_TURN.match(stripped)
        skip = _prefix(stripped, questions)
        if named is not None:
            skip = named.end()
            asks = named.group("kind").lower() in {w.lower() for w in words("interview", "named_question_labels")}
            role = "question" if asks else "answer"
            said_by = None if asks else (lead + named.start("who"), lead + named.end("who"))
        elif skip:
            role = "question"
            said_by = None
        else:
            skip = _prefix(stripped, answers)
            if skip or paragraph in unlabelled:
                role = "answer"
            elif said_by is not None and stripped.endswith(TERMINAL):
                role = "answer"  # the written answer goes on over several paragraphs
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
            out.append(_sentence(text, cut, stop, paragraph, role, quotes, said_by if role == "answer" else None))
            cut = stop
            while cut < end and text[cut].isspace():
                cut += 1
        if cut < end:
            out.append(_sentence(text, cut, end, paragraph, role, quotes, said_by if role == "answer" else None))
    return out


def _sentence(text: str, start: int, end: int, paragraph: int, role: str, quotes: list[Quote],
              said_by: tuple[int, int] | None = None) -> Sentence:
    inner = tuple(q for q in quotes if start <= q.start and q.end <= end)
    if role == "answer" and text[start:end].rstrip().endswith("?"):
        role = "question"  # an interviewee asking back is not making a claim either
    if role == "text" and text[start:end].rstrip().rstrip("”\"’»)").endswith("?") and not inner:
        role = "question"
    return Sentence(start, end, paragraph, role, inner, said_by if role == "answer" else None)


def within(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of one quotation (``“We are ready. We will deliver,” she said.``): each is its own claim.

    The quotation stays one unit while its attribution is found (see the
    module docstring); its sentences are then drafted one by one, like the
    sentences of an interview answer. Spans are trimmed of the space between
    sentences only.
    """
    parts: list[tuple[int, int]] = []
    cut = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _abbreviation_before(text, match.start()):
            continue
        parts.append((cut, match.end()))
        cut = match.end()
        while cut < end and text[cut].isspace():
            cut += 1
    if cut < end:
        parts.append((cut, end))
    return parts
