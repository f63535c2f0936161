"""Who a sentence says is speaking, and which part of it is what they said.

Purely syntactic: this module finds the speech verb ("said", "told", "wrote",
"announced", "according to" …, listed in ``rules.toml``), the words that name
the speaker, and the content span, in the forms news English uses:

* ``X said (that) C`` · ``X told Y (that) C`` · ``X said in a statement (that) C``
* ``C, X said.`` · ``C, said X.`` · ``“Q,” X said.`` · ``X said: “Q.”``
* ``According to X, C.`` · ``C, according to X.``

Who the speaker words refer to (a name, "she", "the minister", "the
ministry", "the annual report of …") is decided by :mod:`graph.ingest.speakers`.
A sentence with none of these forms is the author's own (a document
assertion) unless it is a quotation, whose speaker comes from a neighbouring
sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.ingest.rules import alternation, pattern, words
from graph.ingest.sentences import Quote, Sentence

_VERB = pattern("speech", "verbs")
_OBJECT_VERBS = {w.lower() for w in words("speech", "with_object")}
_MANNER = pattern("speech", "manner")
_DATEISH = re.compile(
    r"(?:on|last|this|late|early)\s+(?:[A-Z][a-z]+day|[0-9]{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+[0-9]{1,2}(?:,\s*[0-9]{4})?)"
    r"|(?:on\s+)?[A-Z][a-z]+day|yesterday|today|earlier|later|(?:this|last)\s+(?:week|month)|on\s+[0-9]{1,2}\s+[A-Z][a-z]+"
)
# "Deliveries are expected to be completed …", "it is believed to have …", "if no supplier is found": a speech verb
# in the passive names no speaker; the sentence is the author's (a passive estimate "is estimated at …" too).
_BE_BEFORE = re.compile(r"(?<!\w)(?:is|are|was|were|be|been|being)\s+(?:widely\s+|also\s+|now\s+)?$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?:(?<!\w)(?:the|a|an|its|their|his|her|this|that|our|these|those|two|three|four|five|six|seven|eight|"
                                r"nine|ten|eleven|twelve|twenty|dozen|hundred|thousand)|"
                                r"(?<![\w.,])[0-9][0-9,.]*)\s+$", re.IGNORECASE)
"""A determiner or a count before a speech verb's form makes it a noun: "the report", "11 states", "two reports"."""
_ACCORDING = re.compile(alternation(words("speech", "according")), re.IGNORECASE)
_QUOTE_MARKS = "“”\"«»„‘’'"
_NAMING = pattern("speech", "naming")
_RELAYED = pattern("speech", "relayed")
_NEGATED = re.compile(
    alternation(words("speech", "negations")) + r"\s+(?:[\w’'-]+\s+){0,2}?" + alternation(words("speech", "negated_verbs")),
    re.IGNORECASE,
)
_SAY = re.compile(r"(?<!\w)(?:said|says|told|tells|added|adds|wrote|writes)(?!\w)", re.IGNORECASE)
_PASSIVE = re.compile(
    r"(?:it|It)\s+(?:was|has\s+been|had\s+been|is|were)\s+(?:also\s+|later\s+|officially\s+)?"
    + alternation(words("speech", "passive")) + r"\s+(?:[^,;:“\"]{1,40}?\s+)??that\s+"
)
_PARTICIPLE = re.compile(r"(?:\w+\s+){0,3}?\w+,\s+(?:saying|adding|insisting|arguing|noting|stressing|explaining)\s+(?:that\s+)?")
# A finite verb or auxiliary: the words after an inverted "said" are a clause, not the speaker ("…, said her company had …").
_FINITE = re.compile(r"(?<!\w)(?:had|has|have|was|were|is|are|would|will|could|can|did|does|do|should|must|may|might)(?!\w)", re.IGNORECASE)
MIN_QUOTE_WORDS = 4
_GERUND_AFTER = re.compile(r"\s+(?!(?:during|including|according|regarding|concerning|following|nothing|something|anything|"
                           r"everything|morning|evening|spring|saying)\b)[a-z]+ing\b")
"""A speech verb with a gerund object ("denied supplying", "admitted selling") reports an act, not what was said."""
_GERUND_VERBS = {"denied", "denies", "deny", "admitted", "admits", "admit", "acknowledged", "acknowledges", "acknowledge"}
"""The speech verbs that take a gerund object ("said spending would double" is still speech)."""
_SUBJECT_WITH_NAME = re.compile(r"(?:The|Its|Their|His|Her|Our|[A-Z][\w-]*(?:’s|'s))\s[^,]{0,50},\s*(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]*\s*$")
"""A noun phrase and a name in apposition ("The project's coordinator, Samir Haddad"): before "said" it is the
speaker, not the content of an inverted "C, said X" — what follows the verb is what was said."""


@dataclass(frozen=True)
class Attribution:
    mode: str
    """``direct-quote``, ``indirect-speech`` or ``document-assertion``."""
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    """Where the words naming the speaker are; None for the author or a speaker to be found nearby."""
    frame: tuple[int, int] | None = None
    """The attribution clause (speaker, verb, time) outside the content: where the date of saying is."""
    inverted: bool = False
    passive: bool = False
    """"It was announced that …": a speech form whose speaker the sentence does not name."""
    judgement: bool = False
    """A fragment quoted as a name for something ("called the move “unfair”"): the speaker's evaluation."""


def _trim(text: str, s: int, e: int, *, quote: bool = False) -> tuple[int, int]:
    """Whitespace and joining punctuation off both ends; quotation marks too where the claim is the quote."""
    strip_end = " \t\n,;:—–-" + (_QUOTE_MARKS if quote else "")
    strip_start = " \t\n,;:—–-" + (_QUOTE_MARKS if quote else "")
    while s < e and text[s] in strip_start:
        s += 1
    while e > s and text[e - 1] in strip_end:
        e -= 1
    if not quote and e > s and text[e - 1] in ".!" and not text[s:e].count(" ") == 0:
        e -= 1
    while e > s and text[e - 1] in " ,;:":
        e -= 1
    return s, e


def _words(text: str) -> int:
    return len(text.split())


def _outside(pos: int, quotes: tuple[Quote, ...]) -> bool:
    return not any(q.start <= pos < q.end for q in quotes)


def _speaker_before(text: str, lo: int, verb: int) -> tuple[int, int] | None:
    """The words naming the speaker just before the verb, back to the clause start or an appositive."""
    region = text[lo:verb]
    coordinated = re.search(r"\s(?:but|and)\s*$", region)
    if coordinated:  # "Union leaders welcomed the deal but warned that …": the subject of the first verb speaks
        first_verb = re.search(r"\s[a-z]+ed\s", region[: coordinated.start() + 1])
        if first_verb is None:
            return None
        s, e = _trim(text, lo, lo + first_verb.start())
        return (s, e) if e > s and _words(text[s:e]) <= 6 else None
    cut = max(region.rfind(","), region.rfind("”"), region.rfind('"'), region.rfind(";"), region.rfind(":"))
    s = lo + cut + 1 if cut != -1 else lo
    s, e = _trim(text, s, verb)
    if e - s > 0 and not text[s:e].strip(" ,"):
        return None
    if e <= s:  # "Mara Okafor, the chief executive, said" / "Her counterpart, Joel Okoro, said": name and appositive
        parts = [p for p in re.split(r",", region) if p.strip()]
        if len(parts) >= 2:
            first = region.find(parts[-2])
            s, e = _trim(text, lo + first, verb)
            return (s, e) if e > s else None
        return None
    if _words(text[s:e]) > 12:
        return None
    aux = re.search(r"\s+(?:had|has|have)(?:\s+(?:also|already))?$", text[s:e])
    return (s, s + aux.start()) if aux else (s, e)  # "the director had assured him": the director speaks


def _skip_frame(text: str, pos: int, end: int, verb_word: str) -> int:
    """Past what may follow a speech verb before its content: an object, a manner phrase, a time, "that"."""
    while True:
        rest = text[pos:end]
        stripped = len(rest) - len(rest.lstrip(" ,"))
        pos += stripped
        rest = text[pos:end]
        m = _MANNER.match(rest) or _DATEISH.match(rest)
        if m:
            pos += m.end()
            continue
        if verb_word.lower() in _OBJECT_VERBS:
            m = re.match(r"(?:him|her|me|us|them|you|(?:(?:the|a|an|my|our|his|her|their|its)\s+)?(?:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|"
                         r"reporters|journalists|parliament|lawmakers|[a-z]+s))(?=[\s,])", rest)
            if m and not rest.startswith("that "):
                pos += m.end()
                verb_word = ""
                continue
        m = re.match(r"that\s+", rest)
        if m:
            return pos + m.end()
        m = re.match(r"(?:to|in|at|on|for|with|during|after)\s+[^,;:“\"]{1,40}?\s+that\s+", rest)
        if m and _words(m.group()) <= 7:  # "wrote in a letter to staff that …"
            return pos + m.end()
        return pos


def analyse(text: str, sentence: Sentence) -> Attribution | None:
    """The attribution of a sentence, or None when it has no speech form (the author's or a bare quote).

    Reported speech is unwound to its innermost source ("X told parliament that the director had assured him C":
    the director said C), as the evaluation gold and MODEL.md's speaker/reporter split have it: whoever only passes
    the words on is a reporter, and that is in the claim's frame, not its speaker."""
    found = _analyse(text, sentence)
    if found is None or found.mode != "indirect-speech" or found.passive or found.frame is None or found.frame[1] > found.content[0]:
        return found
    inner = relayed(text, sentence, found.content)
    if inner is None:
        return found
    return Attribution("indirect-speech", inner.content, inner.speaker, (found.frame[0], inner.content[0]))


def relayed(text: str, sentence: Sentence, content: tuple[int, int]) -> Attribution | None:
    """What was said to the speaker, when the content is itself speech that they pass on: a clause opening with
    its own speaker and a verb of telling ("the director had assured him (that) C", "an officer told him that C")."""
    s, e = content
    inner = analyse(text, Sentence(s, e, sentence.paragraph, sentence.role, tuple(q for q in sentence.quotes if s <= q.start and q.end <= e)))
    if inner is None or inner.mode != "indirect-speech" or inner.inverted or inner.passive or inner.speaker is None:
        return None
    if inner.speaker[0] != s or inner.frame is None:
        return None
    frame = text[inner.speaker[1] : inner.content[0]]
    verb = _RELAYED.search(frame)
    if verb is None or frame[: verb.start()].strip(" ,").lower() not in ("", "had", "has", "have", "also", "had also"):
        return None
    told = verb.group().lower() in _OBJECT_VERBS and re.match(r"\s*(?:him|her|me|us|them|you|the\s+\w+|my\s+\w+|our\s+\w+)\b", frame[verb.end() :])
    return inner if told or re.search(r"\bthat\s*$", frame) else None


def _analyse(text: str, sentence: Sentence) -> Attribution | None:
    s0, e0 = sentence.start, sentence.end
    quotes = tuple(q for q in sentence.quotes if _words(text[q.inner_start : q.inner_end]) >= 2)

    # "… did not say how many", "Neither company disclosed …": the author reports that nothing was said.
    negated = next((m for m in _NEGATED.finditer(text, s0, e0) if _outside(m.start(), sentence.quotes)), None)
    if negated is not None and not any(_outside(m.start(), sentence.quotes) and not negated.start() <= m.start() < negated.end()
                                       for m in _SAY.finditer(text, s0, e0)):
        return None  # an affirmative "said" elsewhere ("…, but a spokesman said …") is still an attribution

    # It was announced that C.
    passive = _PASSIVE.match(text, s0, e0)
    if passive is not None and _words(text[passive.end() : e0]) >= 3:
        return Attribution("indirect-speech", _trim(text, passive.end(), e0), None, (s0, passive.end()), passive=True)

    # X called the move “Q”.  X described it as “Q”.
    for naming in _NAMING.finditer(text, s0, e0):
        if not _outside(naming.start(), sentence.quotes):
            continue
        fragment = next((q for q in quotes if q.start >= naming.end() and _words(text[naming.end() : q.start]) <= 6), None)
        subject = _speaker_before(text, s0, naming.start())
        if fragment is not None and subject is not None:
            content = _trim(text, fragment.inner_start, fragment.inner_end, quote=True)
            return Attribution("direct-quote", content, subject, (s0, fragment.start), judgement=True)

    # According to X, C.  /  C, according to X.
    acc = _ACCORDING.search(text, s0, e0)
    if acc and _outside(acc.start(), quotes):
        after = acc.end()
        comma = text.find(",", after, e0)
        if acc.start() - s0 <= 2 and comma != -1:
            name = re.match(r"\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*,", text[comma + 1 : e0])
            if name is not None:  # "According to the pact's secretary-general, Helga Moen, C": the appositive name speaks too
                comma = comma + 1 + name.end() - 1
            return Attribution("indirect-speech", _trim(text, comma + 1, e0), _trim(text, after, comma), (s0, comma))
        if acc.start() > s0:
            content = _trim(text, s0, acc.start())
            end_np = _np_end(text, after, e0)
            return Attribution("indirect-speech", content, _trim(text, after, end_np), (acc.start(), e0))

    for verb in _VERB.finditer(text, s0, e0):
        v, ve = verb.start(), verb.end()
        if not _outside(v, sentence.quotes) or _DETERMINER_BEFORE.search(text, max(s0, v - 12), v):
            continue  # "the report", "its estimates": a noun, not a verb
        if _BE_BEFORE.search(text, max(s0, v - 20), v):
            continue  # "are expected to be completed", "if no buyer is found": a passive names no speaker (the
            # passive report "It was announced that C" is read above)
        if verb.group().lower() in _GERUND_VERBS and _GERUND_AFTER.match(text, ve, e0):
            continue  # "X denied supplying engines to Y": no content clause, so the author reports the denial
        before = text[s0:v]
        # “Q,” X said.   C, X said.   C, said X.
        lead_quote = next((q for q in quotes if q.end <= v and not text[q.end : v].strip(" ,").count(",") > 1), None)
        comma_before = before.rstrip().rfind(",")
        inverted_name = _np_after(text, ve, e0)
        if inverted_name is not None and _FINITE.search(text, inverted_name[0], inverted_name[1]):
            inverted_name = None  # "X, head of sales, said her company had …": a clause follows, not a name
        if lead_quote is not None and text[lead_quote.end : v].strip() and _words(text[lead_quote.end : v]) <= 8:
            named: tuple[int, int] | None = _trim(text, lead_quote.end, v)
            if named is None or not named[1] > named[0]:
                named = inverted_name
            content = _trim(text, lead_quote.inner_start, lead_quote.inner_end, quote=True)
            return Attribution("direct-quote", content, named if named and named[1] > named[0] else None, (lead_quote.end, e0))
        if lead_quote is not None and not text[lead_quote.end : v].strip(" ,") and inverted_name:  # “Q,” said X.
            content = _trim(text, lead_quote.inner_start, lead_quote.inner_end, quote=True)
            return Attribution("direct-quote", content, inverted_name, (lead_quote.end, e0), inverted=True)
        if comma_before > 0 and not before[comma_before + 1 :].strip() and inverted_name and not quotes \
                and not _SUBJECT_WITH_NAME.match(before[:comma_before]):  # C, said X.
            return Attribution("indirect-speech", _trim(text, s0, s0 + comma_before), inverted_name,
                               (s0 + comma_before, e0), inverted=True)
        if comma_before > 0 and _words(before[comma_before:]) <= 6 and text[ve:e0].lstrip().startswith(",") \
                and _words(text[ve:e0]) >= 3 and not quotes:  # "The plan, officials said, is to …"
            speaker_span = _trim(text, s0 + comma_before + 1, v)
            if speaker_span[1] > speaker_span[0]:
                return Attribution("indirect-speech", _trim(text, s0, e0), speaker_span, (s0 + comma_before, ve))
        if comma_before > 0 and _words(before[comma_before:]) <= 8 and _is_tail(text, ve, e0, verb.group()):
            speaker_span = _trim(text, s0 + comma_before + 1, v)
            content = _trim(text, s0, s0 + comma_before)
            if speaker_span[1] <= speaker_span[0]:  # "C, the speaker of parliament, Idris Kamal, said on Friday."
                appositive = _appositive_tail(text, s0, s0 + comma_before)
                if appositive is not None:
                    content, speaker_span = appositive
            if speaker_span[1] > speaker_span[0]:
                return Attribution("indirect-speech", content, speaker_span, (s0 + comma_before, e0))
            if inverted_name:
                return Attribution("indirect-speech", content, inverted_name, (s0 + comma_before, e0), inverted=True)
        # X said (that) C   /   X said: “Q.”
        subject = _speaker_before(text, s0, v)
        if subject is None:
            continue
        start = _skip_frame(text, ve, e0, verb.group())
        participle = _PARTICIPLE.match(text, start, e0)
        if participle is not None:  # "X denied this, saying costs were “…”": what follows the participle was said
            start = participle.end()
        rest = text[start:e0]
        inner = next((q for q in quotes if q.start >= ve and _words(text[start : q.start]) <= 1), None)
        if inner is not None:
            content = _trim(text, inner.inner_start, inner.inner_end, quote=True)
            return Attribution("direct-quote", content, subject, (s0, inner.start))
        if _words(rest) < 2:
            continue
        content = _trim(text, start, e0)
        return Attribution("indirect-speech", content, subject, (s0, start))

    # A bare quotation: its speaker is in a neighbouring sentence.
    quotes = tuple(q for q in quotes if _words(text[q.inner_start : q.inner_end]) >= 3)
    if quotes:
        q = max(quotes, key=lambda q: q.end - q.start)
        outside = text[s0:e0].replace(text[q.start : q.end], "")
        if _words(outside) <= 2:
            return Attribution("direct-quote", _trim(text, q.inner_start, q.inner_end, quote=True), None, None)
    return None


def _appositive_tail(text: str, s0: int, comma: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Content and speaker of "C, NP1, NP2, said": the speaker is the one or two short comma segments before the verb."""
    last = text.rfind(",", s0, comma)
    if last == -1 or _words(text[last + 1 : comma]) > 6:
        return None
    first = text.rfind(",", s0, last)
    if first != -1 and _words(text[first + 1 : last]) <= 8 and _words(text[s0:first]) >= 3:
        return _trim(text, s0, first), _trim(text, first + 1, comma)
    if _words(text[s0:last]) >= 3:
        return _trim(text, s0, last), _trim(text, last + 1, comma)
    return None


def _is_tail(text: str, ve: int, e0: int, verb_word: str) -> bool:
    """Whether what follows the verb only ends an attribution ("…, she said on Monday.", "…, he told Reuters.")."""
    pos = ve
    while True:
        rest = text[pos:e0]
        stripped = rest.lstrip(" ,")
        pos += len(rest) - len(stripped)
        if not stripped.strip(" .!”\"’"):
            return True
        m = _MANNER.match(stripped) or _DATEISH.match(stripped)
        if m is None and verb_word.lower() in _OBJECT_VERBS:
            m = re.match(r"(?:the\s+)?(?:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|reporters|journalists|lawmakers)", stripped)
            verb_word = ""
        if m is None or m.end() == 0:
            return False
        pos += m.end()


def _np_end(text: str, s: int, e: int) -> int:
    m = re.search(r"[,.;:!?](?=\s|$)", text[s:e])
    return s + m.start() if m else e


def _np_after(text: str, ve: int, e0: int) -> tuple[int, int] | None:
    """The speaker after an inverted verb, with an appositive ("…, said Aurel's sales director, Nina Sorensen.")."""
    end = e0 if _words(text[ve:e0]) <= 8 else _np_end(text, ve, e0)
    s, e = _trim(text, ve, end)
    m = _DATEISH.match(text, s, e)
    if m:
        s, e = _trim(text, m.end(), e)
    if e > s and _words(text[s:e]) <= 8 and re.search(r"\w", text[s:e]):
        return s, e
    return None  # nothing after the verb but the full stop ("…, Erik Lund, said."): no inverted speaker
