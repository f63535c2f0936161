"""Synthetic graphs in dtkg's own model, for benchmarks and scale tests.

``dtkg synth --triples N`` writes a seeded, deterministic graph shaped exactly
like the curated data (``data/*.trig``): entities (regions in a scheme with M49
notations, countries, organisations, people, posts, anonymous authors) in the
entities graph, and one named graph per synthetic source document holding the
document with its full ``dtkg:text`` and SHA-256, its claims (speaker and
reporter attributions, reporting mode and stance, dates at several precisions),
evidence spans (``oa:SpecificResource`` with a quote and a position selector whose
offsets really cut the quote out of the text), figures, relation nodes beside
their truthy triples (exports with years and values, cooperation, partner
regions, post holdings) and programmes with their periods.

Why lines and not rdflib graphs: 5M triples must come out in seconds, so the
generator formats N-Quads lines directly and streams them one document at a
time; nothing but the entity tables stays in memory.

With ``defect_rate > 0`` some claims carry one known defect each (see
:data:`DEFECT_KINDS`); :class:`SynthReport` lists the focus node of every defect
and the shape that must report it, so a test can check that validation finds
exactly those nodes.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from graph import vocab
from graph.model import ids
from graph.progress import Progress
from graph.rdf import formats

DTKG = vocab.ONTOLOGY
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SKOS = str(vocab.SKOS)
PROV = str(vocab.PROV)
OA = str(vocab.OA)
ORG = str(vocab.ORG)
SCHEMA = str(vocab.SCHEMA)
TIME = str(vocab.TIME)
XSD = str(vocab.XSD)

DEFECT_KINDS: dict[str, str] = {
    "span-offset": "S16-span-matches-text",
    "missing-speaker": "S08-claim-has-one-speaker",
    "negative-amount": "S18-figure",
    "bad-month-day": "S11-date-format",
}
"""Defect kind -> id of the shape that reports it. The focus node is the evidence
(span-offset), the claim (missing-speaker, bad-month-day) or the figure (negative-amount)."""

FORMATS = {formats.N_QUADS.suffix: "nquads", formats.TRIG.suffix: "trig"}
"""What ``dtkg synth`` writes, by file suffix (its own streaming writer, not pyoxigraph's)."""

# Real UN M49 areas, so the region scheme looks like the curated one.
REGIONS = [
    ("002", "Africa", "Африка"), ("019", "Americas", "Америка"), ("142", "Asia", "Азия"),
    ("150", "Europe", "Европа"), ("009", "Oceania", "Океания"), ("143", "Central Asia", "Центральная Азия"),
    ("145", "Western Asia", "Западная Азия"), ("030", "Eastern Asia", "Восточная Азия"),
    ("035", "South-eastern Asia", "Юго-Восточная Азия"), ("034", "Southern Asia", "Южная Азия"),
    ("419", "Latin America and the Caribbean", "Латинская Америка"), ("021", "Northern America", "Северная Америка"),
    ("151", "Eastern Europe", "Восточная Европа"), ("155", "Western Europe", "Западная Европа"),
]
SYLLABLES = ["ra", "vo", "lin", "ka", "mor", "te", "sa", "dor", "vel", "an", "ri", "ko", "zar", "mi", "ta", "nov",
             "el", "bar", "un", "gra", "sol", "ve", "tor", "ish", "al", "mer", "da", "ros", "ka", "li"]
CYRILLIC = str.maketrans("abdegiklmnoprstuvzh", "абдегиклмнопрстувзх")
ORG_KINDS = [("Company", "Aerospace"), ("Company", "Defence Systems"), ("StateIntermediary", "Export"),
             ("Company", "Shipyards"), ("GovernmentBody", "Defence Ministry"), ("Company", "Armour Works")]
POST_TITLES = ["director general", "chief executive", "deputy director", "head of exports"]
WEAPONS = ["air defence systems", "fighter jets", "armoured vehicles", "patrol boats", "helicopters",
           "artillery systems", "radar stations", "small arms", "training aircraft", "anti-ship missiles"]
OPINIONS = [
    "Demand for {w} in {c}’s neighbourhood will keep growing for years",
    "The market for {w} has become more competitive than ever",
    "Buyers in {c} value reliable after-sales service above price",
    "Sanctions have changed how {c} pays for {w}",
    "No supplier can ignore {c} when it comes to {w}",
]
FILLERS = [
    "The ministry’s press service gave no further details.",
    "Analysts expect the figures to be revised next year.",
    "Questions about delivery schedules went unanswered.",
    "Industry sources describe the market as volatile.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
GENRES = ["NewsReport", "Interview", "OpinionPiece"]


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>' if ":" not in datatype else f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


T = {  # frequently used terms, pre-formatted
    "a": RDF_TYPE,
    "prefLabel": _iri(SKOS + "prefLabel"), "altLabel": _iri(SKOS + "altLabel"), "inScheme": _iri(SKOS + "inScheme"),
    "notation": _iri(SKOS + "notation"),
    **{name: _iri(DTKG + name) for name in (
        "Claim", "SourceDocument", "Figure", "Relation", "PostHolding", "Programme", "Region", "Country", "Person",
        "AnonymousAgent", "Company", "StateIntermediary", "GovernmentBody", "text", "sha256", "genre", "claimKind",
        "statedOn", "evidence", "about", "assertsFigure", "supportedBy", "indicator", "bound", "originalWording",
        "referencePeriod", "subject", "relationType", "object", "validFrom", "validTo", "exportsTo", "cooperatesWith",
        "partnerRegion", "period", "aim", "programmeOf", "DirectQuote", "IndirectSpeech", "DocumentAssertion",
        "Opinion", "Forecast", "Speaker", "Reporter", "ForexEarnings", "Exact", "Approximately", "NewsReport",
        "Interview", "OpinionPiece")},
    "wasAttributedTo": _iri(PROV + "wasAttributedTo"), "qualifiedAttribution": _iri(PROV + "qualifiedAttribution"),
    "Attribution": _iri(PROV + "Attribution"), "agent": _iri(PROV + "agent"), "hadRole": _iri(PROV + "hadRole"),
    "SpecificResource": _iri(OA + "SpecificResource"), "hasSource": _iri(OA + "hasSource"),
    "hasSelector": _iri(OA + "hasSelector"), "TextQuoteSelector": _iri(OA + "TextQuoteSelector"),
    "TextPositionSelector": _iri(OA + "TextPositionSelector"), "exact": _iri(OA + "exact"),
    "prefix": _iri(OA + "prefix"), "suffix": _iri(OA + "suffix"), "start": _iri(OA + "start"), "end": _iri(OA + "end"),
    "Post": _iri(ORG + "Post"), "postIn": _iri(ORG + "postIn"), "heldBy": _iri(ORG + "heldBy"),
    "holds": _iri(ORG + "holds"),
    "name": _iri(SCHEMA + "name"), "appearance": _iri(SCHEMA + "appearance"), "value": _iri(SCHEMA + "value"),
    "currency": _iri(SCHEMA + "currency"), "MonetaryAmount": _iri(SCHEMA + "MonetaryAmount"),
    "Interval": _iri(TIME + "Interval"), "Instant": _iri(TIME + "Instant"), "hasBeginning": _iri(TIME + "hasBeginning"),
    "hasEnd": _iri(TIME + "hasEnd"), "inXSDgYear": _iri(TIME + "inXSDgYear"),
    "ConceptScheme": _iri(SKOS + "ConceptScheme"),
}


@dataclass
class SynthReport:
    """What was written: sizes, and each defect's focus node by kind."""

    triples: int = 0
    graphs: int = 0
    documents: int = 0
    claims: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    defects: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in DEFECT_KINDS})
    probes: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "triples": self.triples, "graphs": self.graphs, "documents": self.documents, "claims": self.claims,
            "entities": self.entities,
            "defect_counts": {k: len(v) for k, v in self.defects.items()},
            "defect_shapes": DEFECT_KINDS,
            "defects": self.defects,
            "probes": self.probes,
        }


@dataclass(frozen=True)
class _Entity:
    slug: str
    iri: str
    label: str


@dataclass(frozen=True, kw_only=True)
class _Said:
    """What every synthetic claim carries: who said it, how it was reported, and when (lexical, datatype)."""

    speaker: _Entity
    mode: str
    date: tuple[str, str] | None = None
    stance: str | None = None


@dataclass(frozen=True, kw_only=True)
class _Export(_Said):
    exporter: _Entity
    country: _Entity
    year: int
    value: int
    approx: bool
    wording: str


@dataclass(frozen=True, kw_only=True)
class _Post(_Said):
    person: _Entity
    post: _Entity
    year: int


@dataclass(frozen=True, kw_only=True)
class _Cooperation(_Said):
    a: _Entity
    b: _Entity


@dataclass(frozen=True, kw_only=True)
class _Partner(_Said):
    org: _Entity
    region: _Entity


@dataclass(frozen=True, kw_only=True)
class _Opinion(_Said):
    country: _Entity


@dataclass(frozen=True, kw_only=True)
class _Programme(_Said):
    country: _Entity
    first: int
    last: int
    name: str
    aim: str
    number: int


class _Writer:
    """Collects one named graph's lines, then writes them as N-Quads or a TriG block."""

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o}")

    def flush_graph(self, graph: str) -> int:
        n = len(self.lines)
        if self.fmt == "trig":
            self.out.write(f"{_iri(graph)} {{\n" + "".join(f"  {line} .\n" for line in self.lines) + "}\n")
        else:
            suffix = f" {_iri(graph)} .\n"
            self.out.write(suffix.join(self.lines) + suffix if self.lines else "")
        self.count += n
        self.lines = []
        return n


class _Generator:
    def __init__(self, triples: int, seed: int, defect_rate: float) -> None:
        self.target = triples
        self.rng = random.Random(seed)
        self.defect_rate = defect_rate
        self.report = SynthReport()
        self.defect_cycle = 0

    # ---------------------------------------------------------------- names

    def _word(self, parts: int) -> str:
        rng = self.rng
        return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    # ---------------------------------------------------------------- entities

    def entities(self, w: _Writer) -> None:
        rng, n = self.rng, self.target
        scheme = vocab.entity("syn-regions")
        w.add(_iri(scheme), T["a"], T["ConceptScheme"])
        w.add(_iri(scheme), T["prefLabel"], _lit("World regions (synthetic)", lang="en"))
        self.regions = []
        for code, en, ru in REGIONS:
            e = _Entity(f"syn-region-{code}", vocab.entity(f"syn-region-{code}"), en)
            self.regions.append(e)
            s = _iri(e.iri)
            w.add(s, T["a"], T["Region"])
            w.add(s, T["inScheme"], _iri(scheme))
            w.add(s, T["prefLabel"], _lit(en, lang="en"))
            w.add(s, T["prefLabel"], _lit(ru, lang="ru"))
            w.add(s, T["notation"], _lit(code, DTKG + "M49"))
        self.countries = []
        self.country_region: dict[str, _Entity] = {}
        for i in range(min(200, max(20, n // 2000))):
            name = self._word(rng.randint(2, 3)) + rng.choice(["ia", "stan", "land", "a", "or"])
            e = _Entity(f"syn-country-{i}", vocab.entity(f"syn-country-{i}"), name)
            self.countries.append(e)
            self.country_region[e.slug] = self.regions[i % len(self.regions)]
            s = _iri(e.iri)
            w.add(s, T["a"], T["Country"])
            w.add(s, T["prefLabel"], _lit(name, lang="en"))
            w.add(s, T["prefLabel"], _lit(name.lower().translate(CYRILLIC).capitalize(), lang="ru"))
        self.orgs = []
        for i in range(max(20, n // 180)):
            kind, suffix = ORG_KINDS[i % len(ORG_KINDS)]
            name = f"{self._word(rng.randint(2, 3))} {suffix}"
            e = _Entity(f"syn-org-{i}", vocab.entity(f"syn-org-{i}"), name)
            self.orgs.append(e)
            s = _iri(e.iri)
            w.add(s, T["a"], T[kind])
            w.add(s, T["prefLabel"], _lit(name, lang="en"))
            w.add(s, T["altLabel"], _lit(f"JSC {name}", lang="en"))
        self.people = []
        for i in range(max(40, n // 90)):
            name = f"{self._word(2)} {self._word(rng.randint(2, 3))}ov"
            e = _Entity(f"syn-person-{i}", vocab.entity(f"syn-person-{i}"), name)
            self.people.append(e)
            s = _iri(e.iri)
            w.add(s, T["a"], T["Person"])
            w.add(s, T["prefLabel"], _lit(name, lang="en"))
            w.add(s, T["prefLabel"], _lit(name.lower().translate(CYRILLIC).title(), lang="ru"))
        # speakers follow a skewed distribution: a few people speak a lot
        self.speaker_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(self.people))]
        self.cum_weights = []
        total = 0.0
        for weight in self.speaker_weights:
            total += weight
            self.cum_weights.append(total)
        self.posts = []
        for i, org in enumerate(self.orgs):
            title = POST_TITLES[i % len(POST_TITLES)]
            e = _Entity(f"syn-post-{i}", vocab.entity(f"syn-post-{i}"), f"{title} of {org.label}")
            self.posts.append(e)
            s = _iri(e.iri)
            w.add(s, T["a"], T["Post"])
            w.add(s, T["prefLabel"], _lit(e.label, lang="en"))
            w.add(s, T["postIn"], _iri(org.iri))
        self.authors = []
        for i in range(max(5, n // 20000)):
            e = _Entity(f"syn-author-{i}", vocab.entity(f"syn-author-{i}"), f"unnamed author of outlet {i}")
            self.authors.append(e)
            s = _iri(e.iri)
            w.add(s, T["a"], T["AnonymousAgent"])
            w.add(s, T["prefLabel"], _lit(e.label, lang="en"))
        self.report.entities = {
            "regions": len(self.regions), "countries": len(self.countries), "organisations": len(self.orgs),
            "people": len(self.people), "posts": len(self.posts), "authors": len(self.authors),
        }
        self.report.probes = {
            "organisation": self.orgs[0].slug, "speaker": self.people[0].slug, "country": self.countries[0].slug,
            "region": self.regions[0].slug, "text": "air defence",
        }
        self.programmes = 0

    def _speaker(self) -> _Entity:
        return self.rng.choices(self.people, cum_weights=self.cum_weights)[0]

    # ---------------------------------------------------------------- documents

    def document(self, w: _Writer, number: int, claims_wanted: int | None = None) -> None:
        rng = self.rng
        slug = f"syn-doc-{number}"
        doc = vocab.entity(slug)
        author = rng.choice(self.authors)
        year = rng.randint(1995, 2025)
        parts: list[str] = []
        length = 0
        claims: list[tuple[str, int, int, _Said]] = []

        def emit(sentence: str, span: tuple[int, int] | None = None, info: _Said | None = None) -> None:
            nonlocal length
            if parts:
                parts.append(" ")
                length += 1
            if span is not None and info is not None:
                claims.append((sentence[span[0]:span[1]], length + span[0], length + span[1], info))
            parts.append(sentence)
            length += len(sentence)

        genre = GENRES[number % len(GENRES)]
        emit(f"Synthetic report {number}: arms trade notes from {year}.")
        for _ in range(claims_wanted if claims_wanted is not None else rng.randint(6, 14)):
            self._claim_sentence(emit, year, author)
            if rng.random() < 0.3:
                emit(rng.choice(FILLERS))
        text = "".join(parts)
        d = _iri(doc)
        w.add(d, T["a"], T["SourceDocument"])
        w.add(d, T["name"], _lit(f"Synthetic report {number}"))
        w.add(d, T["genre"], T[genre])
        w.add(d, T["text"], _lit(text))
        w.add(d, T["sha256"], _lit(hashlib.sha256(text.encode("utf-8")).hexdigest()))
        for exact, start, end, info in claims:
            assert text[start:end] == exact
            self._claim(w, slug, doc, text, exact, start, end, info, author)
        self.report.documents += 1

    def _date(self, year: int) -> tuple[str, str, str]:
        """(words, lexical form, datatype) of a statement date at a random precision."""
        rng = self.rng
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.randrange(4)
        if precision == 0:
            return f"On {day} {MONTHS[month - 1]} {year}", f"{year}-{month:02d}-{day:02d}", "date"
        if precision == 1:
            return f"In {MONTHS[month - 1]} {year}", f"{year}-{month:02d}", "gYearMonth"
        if precision == 2:
            return f"On {MONTHS[month - 1]} {day}", f"--{month:02d}-{day:02d}", "gMonthDay"
        return f"In {year}", f"{year}", "gYear"

    def _claim_sentence(self, emit: Callable[[str, tuple[int, int], _Said], None], year: int, author: _Entity) -> None:
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:  # export with a value and a year
            speaker = self._speaker()
            exporter, country = rng.choice(self.orgs), rng.choice(self.countries)
            when, lexical, datatype = self._date(year)
            deal_year = rng.randint(max(1990, year - 5), year)
            millions = rng.randint(5, 2500)
            approx = rng.random() < 0.3
            wording = f"{'about ' if approx else ''}${millions} million"
            weapon = rng.choice(WEAPONS)
            lead = f"{when}, {speaker.label} said that "
            body = f"{exporter.label} delivered {weapon} worth {wording} to {country.label} in {deal_year}"
            emit(lead + body + ".", (len(lead), len(lead) + len(body)), _Export(
                speaker=speaker, date=(lexical, datatype), exporter=exporter, country=country, year=deal_year,
                value=millions * 1_000_000, approx=approx, wording=wording, mode="IndirectSpeech"))
        elif kind < 0.6:  # post holding, in the document's own voice
            i = rng.randrange(len(self.posts))
            person = self.people[rng.randrange(len(self.people))]
            post = self.posts[i]
            body = f"{person.label} is the {post.label}"
            emit(body + ".", (0, len(body)), _Post(
                speaker=author, person=person, post=post, year=year, mode="DocumentAssertion"))
        elif kind < 0.72:  # cooperation between two organisations
            speaker = self._speaker()
            a, b = rng.sample(self.orgs, 2)
            when, lexical, datatype = self._date(year)
            lead = f"{when}, {speaker.label} said that "
            body = f"{a.label} cooperates with {b.label} on {rng.choice(WEAPONS)}"
            emit(lead + body + ".", (len(lead), len(lead) + len(body)), _Cooperation(
                speaker=speaker, date=(lexical, datatype), a=a, b=b, mode="IndirectSpeech"))
        elif kind < 0.82:  # partner region
            speaker = self._speaker()
            org, region = rng.choice(self.orgs), rng.choice(self.regions)
            lead = f"{speaker.label} said: “"
            body = f"{org.label} works with partners in {region.label}"
            emit(lead + body + ".”", (len(lead), len(lead) + len(body)), _Partner(
                speaker=speaker, org=org, region=region, mode="DirectQuote"))
        elif kind < 0.97:  # opinion or forecast
            speaker = self._speaker()
            country = rng.choice(self.countries)
            body = rng.choice(OPINIONS).format(w=rng.choice(WEAPONS), c=country.label)
            lead = "“"
            emit(lead + body + f",” said {speaker.label}.", (1, 1 + len(body)), _Opinion(
                speaker=speaker, country=country, mode="DirectQuote", stance="Forecast" if "will" in body else "Opinion"))
        else:  # programme
            country = rng.choice(self.countries)
            first = rng.randint(year, year + 2)
            last = first + rng.randint(0, 5)
            self.programmes += 1
            name = f"{country.label} defence export programme {self.programmes}"
            aim = f"raise exports of {rng.choice(WEAPONS)}"
            body = f"{country.label} adopted the {name} for {first}–{last} to {aim}"
            emit(body + ".", (0, len(body)), _Programme(
                speaker=author, country=country, first=first, last=last, name=name, aim=aim,
                number=self.programmes, mode="DocumentAssertion"))

    def _defect(self, applicable: list[str]) -> str | None:
        if self.defect_rate <= 0 or self.rng.random() >= self.defect_rate:
            return None
        # Cycle through the kinds in order; a kind this claim cannot carry (no
        # date, no figure) stays due and the claim gets the next one instead.
        kinds = list(DEFECT_KINDS)
        for offset in range(len(kinds)):
            kind = kinds[(self.defect_cycle + offset) % len(kinds)]
            if kind in applicable:
                if offset == 0:
                    self.defect_cycle += 1
                return kind
        return None

    def _claim(self, w: _Writer, doc_slug: str, doc: str, text: str, exact: str, start: int, end: int,
               info: _Said, author: _Entity) -> None:
        """One claim: who said it and how (attribution, kinds, date), its evidence span, then what it states."""
        claim = ids.claim_iri(doc_slug, start, end, info.speaker.slug)
        applicable = ["span-offset", "missing-speaker"]
        if info.date is not None:
            applicable.append("bad-month-day")
        if isinstance(info, _Export):
            applicable.append("negative-amount")
        defect = self._defect(applicable)
        self.report.claims += 1
        self._attribution(w, claim, doc, info, author, defect)
        self._evidence(w, claim, doc, text, exact, start, end, defect)
        c = _iri(claim)
        if isinstance(info, _Export):
            self._export_facts(w, claim, info, defect)
        elif isinstance(info, _Post):
            w.add(c, T["about"], _iri(info.person.iri))
            rel = self._relation(w, info.person.iri, ORG + "holds", info.post.iri, claim, str(info.year), "")
            w.add(_iri(rel), T["a"], T["PostHolding"])
            w.add(_iri(info.post.iri), T["heldBy"], _iri(info.person.iri))
        elif isinstance(info, _Cooperation):
            w.add(c, T["about"], _iri(info.a.iri))
            w.add(c, T["about"], _iri(info.b.iri))
            self._relation(w, info.a.iri, DTKG + "cooperatesWith", info.b.iri, claim, "", "")
        elif isinstance(info, _Partner):
            w.add(c, T["about"], _iri(info.org.iri))
            w.add(c, T["about"], _iri(info.region.iri))
            self._relation(w, info.org.iri, DTKG + "partnerRegion", info.region.iri, claim, "", "")
        elif isinstance(info, _Opinion):
            w.add(c, T["about"], _iri(info.country.iri))
        elif isinstance(info, _Programme):
            self._programme_facts(w, claim, info)

    def _attribution(self, w: _Writer, claim: str, doc: str, info: _Said, author: _Entity, defect: str | None) -> None:
        """Type, speaker (unless that is the defect), qualified attributions, kinds, stated date, source."""
        c, speaker = _iri(claim), info.speaker
        w.add(c, T["a"], T["Claim"])
        if defect == "missing-speaker":
            self.report.defects[defect].append(claim)
        else:
            w.add(c, T["wasAttributedTo"], _iri(speaker.iri))
        att = ids.attribution_iri(claim, "speaker")
        w.add(c, T["qualifiedAttribution"], _iri(att))
        w.add(_iri(att), T["a"], T["Attribution"])
        w.add(_iri(att), T["agent"], _iri(speaker.iri))
        w.add(_iri(att), T["hadRole"], T["Speaker"])
        if speaker is not author:
            rep = ids.attribution_iri(claim, "reporter")
            w.add(c, T["qualifiedAttribution"], _iri(rep))
            w.add(_iri(rep), T["a"], T["Attribution"])
            w.add(_iri(rep), T["agent"], _iri(author.iri))
            w.add(_iri(rep), T["hadRole"], T["Reporter"])
        w.add(c, T["claimKind"], T[info.mode])
        if info.stance is not None:
            w.add(c, T["claimKind"], T[info.stance])
        if info.date is not None:
            lexical, datatype = info.date
            if defect == "bad-month-day":
                lexical, datatype = "--02-30", "gMonthDay"
                self.report.defects[defect].append(claim)
            w.add(c, T["statedOn"], _lit(lexical, datatype))
        w.add(c, T["appearance"], _iri(doc))

    def _evidence(self, w: _Writer, claim: str, doc: str, text: str, exact: str, start: int, end: int,
                  defect: str | None) -> None:
        """One span with both selectors (quote with prefix and suffix, position); shifted by one if that is the defect."""
        evidence = ids.evidence_iri(claim)
        quote, position = ids.quote_selector_iri(claim), ids.position_selector_iri(claim)
        ev = _iri(evidence)
        w.add(_iri(claim), T["evidence"], ev)
        w.add(ev, T["a"], T["SpecificResource"])
        w.add(ev, T["hasSource"], _iri(doc))
        w.add(ev, T["hasSelector"], _iri(quote))
        w.add(ev, T["hasSelector"], _iri(position))
        w.add(_iri(quote), T["a"], T["TextQuoteSelector"])
        w.add(_iri(quote), T["exact"], _lit(exact))
        if start > 0:
            w.add(_iri(quote), T["prefix"], _lit(text[max(0, start - 32):start]))
        if end < len(text):
            w.add(_iri(quote), T["suffix"], _lit(text[end:end + 32]))
        shift = 0
        if defect == "span-offset":
            shift = 1
            self.report.defects[defect].append(evidence)
        w.add(_iri(position), T["a"], T["TextPositionSelector"])
        w.add(_iri(position), T["start"], _lit(str(start + shift), "nonNegativeInteger"))
        w.add(_iri(position), T["end"], _lit(str(end + shift), "nonNegativeInteger"))

    def _export_facts(self, w: _Writer, claim: str, info: _Export, defect: str | None) -> None:
        """An export: the monetary figure (negated if that is the defect) and the exportsTo relation for its year."""
        c = _iri(claim)
        exporter, country = info.exporter, info.country
        region = self.country_region[country.slug]
        year = str(info.year)
        w.add(c, T["about"], _iri(exporter.iri))
        w.add(c, T["about"], _iri(country.iri))
        figure = ids.figure_iri(claim, 1)
        f = _iri(figure)
        w.add(c, T["assertsFigure"], f)
        w.add(f, T["a"], T["Figure"])
        w.add(f, T["a"], T["MonetaryAmount"])
        w.add(f, T["indicator"], T["ForexEarnings"])
        value = str(info.value)
        if defect == "negative-amount":
            value = "-" + value
            self.report.defects[defect].append(figure)
        w.add(f, T["value"], _lit(value, "decimal"))
        w.add(f, T["currency"], _lit("USD"))
        w.add(f, T["bound"], T["Approximately" if info.approx else "Exact"])
        w.add(f, T["referencePeriod"], _lit(year, "gYear"))
        w.add(f, T["about"], _iri(exporter.iri))
        w.add(f, T["about"], _iri(country.iri))
        w.add(f, T["about"], _iri(region.iri))
        w.add(f, T["originalWording"], _lit(info.wording))
        w.add(f, T["supportedBy"], c)
        self._relation(w, exporter.iri, DTKG + "exportsTo", country.iri, claim, year, year)

    def _programme_facts(self, w: _Writer, claim: str, info: _Programme) -> None:
        """A programme: the entity, its aim and its OWL-Time interval of years."""
        c = _iri(claim)
        prog = vocab.entity(f"syn-programme-{info.number}")
        p = _iri(prog)
        w.add(c, T["about"], p)
        w.add(p, T["a"], T["Programme"])
        w.add(p, T["prefLabel"], _lit(info.name, lang="en"))
        w.add(p, T["programmeOf"], _iri(info.country.iri))
        w.add(p, T["aim"], _lit(info.aim, lang="en"))
        w.add(p, T["supportedBy"], c)
        interval = ids.interval_iri(prog)
        w.add(p, T["period"], _iri(interval))
        w.add(_iri(interval), T["a"], T["Interval"])
        for end_name, year_value, prop in (("beginning", info.first, "hasBeginning"), ("end", info.last, "hasEnd")):
            instant = ids.instant_iri(prog, end_name)
            w.add(_iri(interval), T[prop], _iri(instant))
            w.add(_iri(instant), T["a"], T["Instant"])
            w.add(_iri(instant), T["inXSDgYear"], _lit(str(year_value), "gYear"))

    def _relation(self, w: _Writer, subject: str, predicate: str, obj: str, claim: str, valid_from: str,
                  valid_to: str) -> str:
        rel = ids.relation_iri(subject, predicate, obj, valid_from, valid_to)
        r = _iri(rel)
        w.add(_iri(subject), _iri(predicate), _iri(obj))
        w.add(r, T["a"], T["Relation"])
        w.add(r, T["subject"], _iri(subject))
        w.add(r, T["relationType"], _iri(predicate))
        w.add(r, T["object"], _iri(obj))
        if valid_from:
            w.add(r, T["validFrom"], _lit(valid_from, "gYear"))
        if valid_to:
            w.add(r, T["validTo"], _lit(valid_to, "gYear"))
        w.add(r, T["supportedBy"], _iri(claim))
        return rel


def generate(
    out: IO[str], triples: int, *, seed: int = 42, defect_rate: float = 0.0, fmt: str = "nquads", progress: Progress | None = None
) -> SynthReport:
    """Write a synthetic graph of about ``triples`` quads to ``out``; see the module docstring.

    ``progress`` hears two phases, the entities and the documents; the documents
    are a share of ``triples`` (:meth:`Progress.share`), so a terminal shows a bar.
    """
    progress = progress or Progress.silent()
    if triples < 1:
        raise ValueError("triples must be positive")
    if not 0.0 <= defect_rate <= 1.0:
        raise ValueError("defect_rate must be between 0 and 1")
    if fmt not in ("nquads", "trig"):
        raise ValueError(f"unknown format {fmt!r}")
    gen = _Generator(triples, seed, defect_rate)
    w = _Writer(out, fmt)
    if fmt == "trig":
        out.write(f"# dtkg synthetic graph (graph.synth), seed {seed}, defect rate {defect_rate}\n")
    with progress.phase("entities"):
        gen.entities(w)
        w.flush_graph(vocab.ENTITIES_GRAPH)
    graphs = 1
    number = 0
    average = 0.0
    with progress.share(f"documents (about {triples:,} triples)", triples) as advance:
        while True:
            # stop when one more document of average size would overshoot more than it undershoots
            if w.count + average / 2 >= triples:
                break
            gen.document(w, number)
            size = w.flush_graph(vocab.source_graph(f"syn-doc-{number}"))
            graphs += 1
            number += 1
            average += (size - average) / number
            advance(w.count, f"{w.count:,} triples, {number:,} documents")
    gen.report.triples = w.count
    gen.report.graphs = graphs
    return gen.report


def extra_document(triples: int, *, seed: int = 42, claims: int = 4, defect_rate: float = 0.0) -> tuple[str, SynthReport]:
    """N-Quads of one more source document for the graph ``generate(triples, seed)`` writes.

    It cites that graph's entities (same seed, same entity tables) under a
    document number the graph does not use: a realistic small change (about 25
    triples per claim) for benchmarking incremental validation.
    """
    gen = _Generator(triples, seed, defect_rate)
    sink = io.StringIO()
    w = _Writer(sink, "nquads")
    gen.entities(w)
    w.lines = []
    gen.rng = random.Random(f"extra-{seed}-{triples}")
    number = 10_000_000 + triples
    gen.document(w, number, claims_wanted=claims)
    out = io.StringIO()
    w.out = out
    w.flush_graph(vocab.source_graph(f"syn-doc-{number}"))
    gen.report.triples = w.count
    return out.getvalue(), gen.report


def write(path: Path, triples: int, *, seed: int = 42, defect_rate: float = 0.0, progress: Progress | None = None) -> SynthReport:
    """Generate into ``path`` (.nq or .trig) and write the defect sidecar ``path.defects.json``."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: the output must end in .nq or .trig")
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", buffering=1 << 20) as fh:
        report = generate(fh, triples, seed=seed, defect_rate=defect_rate, fmt=fmt, progress=progress)
    tmp.replace(path)
    sidecar(path).write_text(json.dumps(report.to_dict(), indent=1) + "\n", encoding="utf-8")
    return report


def sidecar(path: Path) -> Path:
    """The JSON file next to a synthetic graph that lists its defects."""
    return path.with_name(path.name + ".defects.json")
