"""An article in, a draft change out: source, claims, figures, entities, warnings.

The steps, each in its own module: sentences and quotations with exact offsets
(:mod:`~graph.ingest.sentences`), the attribution of each sentence
(:mod:`~graph.ingest.attribution`) and who its speaker is
(:mod:`~graph.ingest.speakers`), the stance (:mod:`~graph.ingest.stance`), the
date at the text's precision (:mod:`~graph.ingest.dates`), the figures with
their bounds (:mod:`~graph.ingest.figures`) and the entities named
(:mod:`~graph.ingest.entities`). :mod:`~graph.ingest.draft` turns the result
into TriG shaped like the curated data. Nothing is written anywhere: the
curator reviews the draft and commits it through the curation path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.errors import InvalidInput
from graph.ingest import dates, figures
from graph.ingest.attribution import Attribution, analyse, relayed
from graph.ingest.entities import Entity, Registry, slugify
from graph.ingest.rules import pattern, words
from graph.ingest.sentences import Sentence, split, within
from graph.ingest.speakers import Speaker, Speakers
from graph.ingest.stance import stance
from graph.model.snapshot import Snapshot

if TYPE_CHECKING:
    from graph.ingest.relations import DraftRelation

MIN_CLAIM_WORDS = 4
_COURTESY = re.compile(r"^(?:thank(?:s| you)|it[’']s a pleasure|it was a pleasure|my pleasure|you[’']re welcome|good (?:morning|afternoon|evening))\b", re.IGNORECASE)


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"


@dataclass
class DraftClaim:
    start: int
    end: int
    speaker: Speaker
    mode: str
    stance: str | None
    date: dates.Resolved | None
    figures: list[figures.Figure]
    about: list[Entity]
    confidence: float
    sentence: int
    frame: tuple[int, int] | None = None
    """The attribution clause the claim was said in ("the ministry denied that …"), None for the author's own."""


@dataclass
class Draft:
    text: str
    doc_slug: str
    title: str
    genre: list[str]
    metadata: Metadata
    published: dates.PartialDate | None
    author: Entity
    publisher: Entity | None
    interviewee: Entity | None
    claims: list[DraftClaim]
    registry: Registry
    warnings: list[str] = field(default_factory=list)
    relations: list[DraftRelation] = field(default_factory=list)
    """Relations the claims state (:mod:`graph.ingest.relations`), found once the claims are final."""


def _title(text: str, sentences: list[Sentence], meta: Metadata) -> tuple[str, list[str]]:
    if meta.title and meta.title.strip():
        return meta.title.strip(), []
    heading = next((s for s in sentences if s.role == "heading" and len(s.text(text).split()) >= 3
                    and not dates.find(text, s.start, s.end)), None)
    if heading is not None:
        return heading.text(text), ["no title given: the first heading line is used"]
    first = " ".join(text.split()[:10])
    return first, ["no title given: the first words of the article are used"]


def _interviewee(text: str, sentences: list[Sentence], registry: Registry, title: str) -> Entity | None:
    """The person an interview is with: after a cue ("Interview with X", "Five questions for X") in the opening
    lines; else the first person the heading or the intro before the first question names ("Rahim Dost became
    defence minister in May. He answered our questions …"), since an interview introduces whom it asks."""
    cues = words("interview", "interviewee_cues")
    first_turn = next((i for i, s in enumerate(sentences) if s.role in ("question", "answer")), len(sentences))
    opening = [s for s in sentences[: min(6, first_turn)] if s.role in ("heading", "text")]
    for s in opening:
        chunk = s.text(text)
        for cue in cues:
            i = chunk.lower().find(cue)
            if i == -1:
                continue
            found = _first_person(registry, s.start + i + len(cue), s.end, limit=1)
            if found is not None:
                return found
    for s in opening:
        found = _first_person(registry, s.start, s.end)
        if found is not None:
            return found
    return None


def _first_person(registry: Registry, start: int, end: int, limit: int | None = None) -> Entity | None:
    """The first name between ``start`` and ``end`` (of the first ``limit`` names) that is a person's."""
    for ns, ne in registry.names_in(start, end)[:limit]:
        entity = registry.resolve(ns, ne, speaker=True)
        if entity is not None and entity.type == "Person":
            return entity
    return None


def ingest(text: str, meta: Metadata, snapshot: Snapshot | None) -> Draft:
    """Draft the claims of ``text``; ``snapshot`` (the graph's names) links entities, None links nothing."""
    warnings: list[str] = []
    if meta.url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", meta.url.strip()):
        raise InvalidInput(f"'url' must be an http(s) URL, not {meta.url!r}")
    if meta.language and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", meta.language):
        raise InvalidInput(f"'language' must be a language tag such as en or en-GB, not {meta.language!r}")
    published = dates.parse_published(meta.published) if meta.published else None
    line = dates.dateline(text)
    if published is None and line is not None and line.datatype == "date":
        published = line
        warnings.append(f"publication date {line.value} taken from the dateline")
    elif published is not None and line is not None and line.datatype == "date" and line.value != published.value:
        warnings.append(f"the dateline says {line.value} but 'published' is {published.value}; 'published' is used")
    sentences = split(text)
    title, notes = _title(text, sentences, meta)
    warnings += notes
    doc_slug = slugify(title)[:60].strip("-") or "article"
    registry = Registry(snapshot, text)
    speakers = Speakers(registry, text)
    author = registry.propose(f"author of “{title}”", "AnonymousAgent", id_hint=f"author-{doc_slug}")
    publisher = None
    if meta.publisher and meta.publisher.strip():
        publisher = registry.resolve_label(meta.publisher.strip(), "Company")
    interview = any(s.role == "answer" for s in sentences)
    # a written answer names who gives it ("Answer from the Minister …, X:"): no interviewee is looked for (the heading
    # "Parliament of Westmark" would be taken for one)
    unnamed_answers = any(s.role == "answer" and s.said_by is None for s in sentences)
    interviewee = _interviewee(text, sentences, registry, title) if unnamed_answers else None
    if unnamed_answers and interviewee is None:
        interviewee = registry.propose(f"unnamed interviewee of “{title}”", "AnonymousAgent", id_hint=f"interviewee-{doc_slug}")
        warnings.append("an interview whose interviewee the text does not name: answers go to an unnamed interviewee")
    genre = ["NewsReport", "Interview"] if interview else ["NewsReport"]

    claims: list[DraftClaim] = []
    previous: DraftClaim | None = None
    for number, sentence in enumerate(sentences):
        body = sentence.text(text)
        for s, e in registry.names_in(sentence.start, sentence.end):
            entity = registry.resolve(s, e)
            if entity is not None:
                speakers.seen(entity, s, e)
        if sentence.role in ("heading", "question"):
            continue
        if len(body.split()) < MIN_CLAIM_WORDS or _COURTESY.match(body) or body.startswith("By "):
            continue
        if number == 0 and line is not None and len(body.split()) <= 10 and dates.find(text, sentence.start, sentence.end):
            continue  # the dateline
        opened = dates.dateline_end(text, sentence.start, sentence.end)
        if opened != sentence.start:
            sentence = Sentence(opened, sentence.end, sentence.paragraph, sentence.role,
                                tuple(q for q in sentence.quotes if q.start >= opened))
        made = _claim(text, sentence, number, speakers, registry, author, interviewee, published, previous, warnings)
        if not made:
            continue
        claims += made
        previous = made[-1]
    return Draft(text, doc_slug, title, genre, meta, published, author, publisher, interviewee, claims, registry, warnings)


def _claim(text: str, sentence: Sentence, number: int, speakers: Speakers, registry: Registry, author: Entity,
           interviewee: Entity | None, published: dates.PartialDate | None, previous: DraftClaim | None,
           warnings: list[str]) -> list[DraftClaim]:
    confidence = 0.9
    frame: tuple[int, int] | None = None
    back_reference = False
    found = None
    relayed = _relayed_in_answer(text, sentence) if sentence.role == "answer" else None
    if relayed is not None and relayed.speaker is not None:  # "The embassy told my officials that C": the embassy's C
        start, end = relayed.content
        mode, frame = relayed.mode, relayed.frame
        speaker = speakers.resolve(*relayed.speaker)
        confidence = min(confidence, speaker.confidence)
    elif sentence.role == "answer" and sentence.said_by is not None:  # "Answer from the Minister …, X: …"
        start, end = sentence.start, sentence.end
        speaker = speakers.resolve(*sentence.said_by)
        mode = "direct-quote"
    elif sentence.role == "answer" and interviewee is not None:
        start, end = sentence.start, sentence.end
        speaker = Speaker(interviewee, "Speaker", interviewee.confidence)
        mode = "direct-quote"
    else:
        found = analyse(text, sentence)
        if found is None:
            start, end = sentence.start, sentence.end
            speaker = Speaker(author, "Speaker", 1.0)
            mode = "document-assertion"
        else:
            start, end = found.content
            mode = found.mode
            frame = found.frame
            if found.speaker is not None:
                speaker = speakers.resolve(*found.speaker)
                back_reference = speaker.back_reference
            elif found.passive:
                speaker = speakers.unnamed_or_last(text[found.frame[0] : found.frame[1]] if found.frame else "")
                back_reference = speaker.back_reference
            else:
                speaker = _neighbour_speaker(text, sentence, number, speakers, previous)
                back_reference = True
            if frame is not None:
                speakers.stated(speaker.entity, text[frame[0] : frame[1]])
            confidence = min(confidence, speaker.confidence)
            if speaker.warning:
                warnings.append(f"{speaker.warning} (at {start})")
    if end <= start:
        return []
    parts = within(text, start, end) if mode == "direct-quote" and sentence.role != "answer" else [(start, end)]
    kinds = [stance(text[s:e]) for s, e in parts]
    if found is not None and found.judgement:
        kinds = [k or "opinion" for k in kinds]  # "called the move “unfair”": the quoted words judge
    if found is not None and found.frame is not None and pattern("stance", "forecast_verbs").search(text, *found.frame):
        kinds = [k or "forecast" for k in kinds]  # "X expects to hire 400 workers": the verb forecasts
    date = _date(text, frame, start, end, published, next((k for k in kinds if k), None))
    continuing = frame is None or re.search(r"\b(?:add|adds|added|continued|went on)\b", text[frame[0] : frame[1]])
    if date is None and back_reference and continuing and previous is not None and previous.speaker.entity is speaker.entity \
            and previous.sentence >= number - 1 and previous.date is not None:
        date = previous.date  # "She added that …": the same occasion as the sentence before
    made = []
    for (s, e), kind in zip(parts, kinds, strict=True):
        exclude = [(m.start, m.end) for m in dates.find(text, s, e)]
        found_figures = figures.find(text, s, e, exclude)
        for figure in found_figures:
            if figure.indicator == "OrderBacklog" and date is not None and date.stated is not None:
                figure.as_of = date.stated.value
        about = registry.about(s, e, exclude={speaker.entity.id})
        for entity in about:
            speakers.seen(entity, s, s)
        made.append(DraftClaim(s, e, speaker, mode, kind, date, found_figures, about, round(confidence, 2), number, frame))
    return made


_FIRST_PERSON = re.compile(r"(?:I|we|me|us|my|our)\b", re.IGNORECASE)


def _relayed_in_answer(text: str, sentence: Sentence) -> Attribution | None:
    """Speech an answer reports from someone else ("The embassy told my officials that C"): that source's indirect
    speech, as reported speech is everywhere (innermost source); None when the answer is the interviewee's own words,
    including what they say of themselves ("We expect …", "My department expects …")."""
    found = relayed(text, sentence, (sentence.start, sentence.end))
    if found is None or found.speaker is None or _FIRST_PERSON.match(text, found.speaker[0]):
        return None  # the interviewee's own words, or what they say of themselves
    return found


def _neighbour_speaker(text: str, sentence: Sentence, number: int, speakers: Speakers, previous: DraftClaim | None) -> Speaker:
    """The speaker of a bare quotation: the attribution of the next sentence, else the previous speaker."""
    from graph.ingest.sentences import split as _split  # the article's next sentence, found by offset

    following = [s for s in _split(text[sentence.end : sentence.end + 400]) if s.role != "heading"]
    if following:
        nxt = following[0]
        shifted = Sentence(nxt.start + sentence.end, nxt.end + sentence.end, nxt.paragraph, nxt.role, tuple())
        found = analyse(text, shifted)
        if found is not None and found.speaker is not None and len(text[found.content[0] : found.content[1]].split()) <= 3:
            return speakers.resolve(*found.speaker)
    if previous is not None and previous.mode != "document-assertion" and previous.sentence >= number - 1:
        return Speaker(previous.speaker.entity, previous.speaker.role, 0.75, back_reference=True)
    if speakers.last_person is not None:
        return Speaker(speakers.last_person, "Speaker", 0.7, back_reference=True)
    if speakers.last_speaker is not None:
        return Speaker(speakers.last_speaker, "Speaker", 0.6, "a quotation without a speaker nearby: the last speaker is assumed")
    return speakers.resolve(sentence.start, sentence.start)


def _date(text: str, frame: tuple[int, int] | None, start: int, end: int, published: dates.PartialDate | None,
          kind: str | None) -> dates.Resolved | None:
    """The date of saying: a date in the attribution clause, outside the content."""
    if frame is None:
        return None
    for mention in dates.find(text, frame[0], frame[1]):
        if start <= mention.start < end or mention.kind == "vague":
            continue
        if mention.date is not None and mention.date.datatype == "gYear":
            continue  # "in 2024" in a frame is rarely the day of saying
        resolved = dates.resolve(mention, published)
        if resolved is not None and kind == "forecast" and resolved.stated is not None and resolved.inferred is not None:
            resolved = dates.Resolved(resolved.stated)  # a future day: no year inferred from the past
        if resolved is not None:
            return resolved
    return None
