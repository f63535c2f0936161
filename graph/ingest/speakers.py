"""Who the speaker words of an attribution refer to.

A name is linked or proposed through the article's
:class:`graph.ingest.entities.Registry`. "she"/"he" refer back to the last
person named, "it"/"they" to the last organisation (or speaker); a role noun
("the minister") to the last person given that role, an organisation noun
("the ministry") to the last organisation of that kind. A document ("the
annual report of …", "official figures") is a *reported source*, never the
article's author. Anything left unresolved becomes an unnamed agent with a
lower confidence and a warning, rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.ingest.entities import ORGANISATION_TYPES, Entity, Registry, slugify
from graph.ingest.rules import pattern, rules, words
from graph.matching.fold import fold

_PUNCTUATION = " \t\n.,;:!?—–-“”\"«»„‘’'()"
"""What a speaker phrase may not begin or end with in a label: a label is words, never punctuation."""
_VERB_AFTER_NAME = re.compile(r"(?:said|says|told|tells|added|adds|wrote|writes|announced|confirmed|who|which)\b")
_DETERMINERS = re.compile(r"^(?:the|a|an|its|their|his|her|one|another|some|two|three|several|senior)\s+", re.IGNORECASE)
_ADVERBS = re.compile(r"\s+(?:also|further|later|again|then|previously|separately|too|earlier)$", re.IGNORECASE)
_GENERIC_ORG_NOUNS = {"company", "firm", "corporation", "manufacturer", "maker", "exporter", "group", "shipbuilder", "shipyard", "supplier",
                      "contractor", "producer", "defence group", "arms maker", "carmaker", "developer"}
_ORG_KIND = {"ministry": "GovernmentBody", "department": "GovernmentBody", "government": "GovernmentBody",
             "agency": "GovernmentBody", "office": "GovernmentBody", "commission": "Commission",
             "company": "Company", "firm": "Company", "corporation": "Company", "manufacturer": "Company",
             "maker": "Company", "exporter": "Company", "shipyard": "Company", "group": "Company",
             "alliance": "IntergovernmentalOrganization", "organisation": "IntergovernmentalOrganization",
             "organization": "IntergovernmentalOrganization", "shipbuilder": "Company", "supplier": "Company",
             "contractor": "Company", "producer": "Company", "defence group": "Company", "arms maker": "Company",
             "carmaker": "Company", "developer": "Company"}


@dataclass(frozen=True)
class Speaker:
    entity: Entity
    role: str
    """``Speaker`` or ``ReportedSource`` (a document speaking: a report, official figures)."""
    confidence: float
    warning: str | None = None
    back_reference: bool = False


class Speakers:
    def __init__(self, registry: Registry, text: str) -> None:
        self.registry = registry
        self.text = text
        self.last_person: Entity | None = None
        self.last_org: Entity | None = None
        self.last_speaker: Entity | None = None
        self.last_document: Entity | None = None
        self.last_statement: Entity | None = None
        """Who last spoke "in a statement" (or a release, a communiqué): "according to the statement" is theirs."""
        spk = rules()["speakers"]
        self._pronouns: dict[str, str] = spk["pronouns"]
        self._person_roles = sorted(words("speakers", "person_roles"), key=len, reverse=True)
        self._org_nouns = words("speakers", "organisation_nouns")
        self._doc_nouns = sorted(words("speakers", "document_nouns"), key=len, reverse=True)
        self._groups = {w.lower() for w in words("speakers", "groups")}
        self._hearsay = pattern("speech", "passive_hearsay")

    def seen(self, entity: Entity, s: int, e: int) -> None:
        """Note a mention (in reading order) so that later back-references can find it, with its roles."""
        if entity.type == "Person":
            self.last_person = entity
            before = self.text[max(0, s - 40) : s].lower()
            after = self.text[e : e + 60].lower()
            # an appositive is a short noun phrase closed by punctuation ("X, head of sales at Y, said"), not the clause
            # after the name ("X, told parliament that the company's director …": X is no director)
            appositive = re.match(r",\s+(?:the|a|an)?\s*([^,.;]+)[,.;]", after)
            if appositive is not None and (len(appositive.group(1).split()) > 8 or _VERB_AFTER_NAME.match(appositive.group(1))):
                appositive = None
            for role in self._person_roles:
                if re.search(rf"\b{re.escape(role)}\s*$", before) or (appositive and re.search(rf"\b{re.escape(role)}\b", appositive.group(1))):
                    entity.roles.add(role)
        elif entity.type in ORGANISATION_TYPES:
            self.last_org = entity

    def resolve(self, s: int, e: int) -> Speaker:
        words_ = self.text[s:e].strip()
        bare = _ADVERBS.sub("", _DETERMINERS.sub("", words_)).strip()
        lower = bare.lower()
        if lower in self._pronouns:
            return self._pronoun(lower, words_)
        head = re.sub(r"^(?:both|all|many|most|few|other|several|some|unnamed|anonymous|senior|two|three|four|five)\s+", "", lower)
        if head.split()[:1] and head.split()[0] in self._groups:  # "officials from the ministry and the navy": a group, not the ministry
            return self._spoke(self._unnamed(bare))
        person = self._person_in(s, e)
        if person is not None:  # "the report's lead author, Dr. Nadia Rahimi": the person speaks, not the report
            return self._spoke(Speaker(person, "Speaker", person.confidence))
        doc = self._document(s, e, bare)
        if doc is not None:
            return doc
        chosen = self._named(s, e)
        if chosen is not None:
            entity, ns, ne = chosen
            self.seen(entity, ns, ne)
            for role in self._person_roles:
                if re.search(rf"\b{re.escape(role)}\b", lower):
                    entity.roles.add(role)
            return self._spoke(Speaker(entity, "Speaker", entity.confidence))
        for role in self._person_roles:
            if re.search(rf"\b{re.escape(role)}\b", lower):
                match = self._by_role(role)
                if match is not None:
                    return self._spoke(Speaker(match, "Speaker", 0.8, back_reference=True))
        for noun in self._org_nouns:
            if re.search(rf"\b{re.escape(noun)}\b", lower):
                match = self._by_org_noun(noun, _qualified(bare, noun))
                if match is not None:
                    return self._spoke(Speaker(match, "Speaker", 0.8, back_reference=True))
        return self._spoke(self._unnamed(bare or words_))

    def stated(self, entity: Entity, frame: str) -> None:
        """Note who speaks when the attribution says it was in a statement ("…, the company said in a statement")."""
        if re.search(r"\b(?:statement|press release|news release|release|communiqu[ée])\b", frame, re.IGNORECASE):
            self.last_statement = entity

    def unnamed_or_last(self, frame: str) -> Speaker:
        """The speaker of passive reporting: "it was announced that …" is the last speaker's (with a warning);
        "it was reported that …" is hearsay from an unnamed source, as is anything with nobody before it."""
        if self.last_speaker is not None and not self._hearsay.search(frame):
            return Speaker(self.last_speaker, "Speaker", 0.6,
                           f"“{frame.strip()}” names no speaker: the last speaker ({self.last_speaker.label}) is assumed", back_reference=True)
        return self._unnamed("source", reason=f"“{frame.strip()}” names no speaker; proposed an unnamed source")

    def _person_in(self, s: int, e: int) -> Entity | None:
        """The last person named in the speaker words, if any."""
        names = self.registry.names_in(s, e)
        for ns, ne in reversed([(a, b) for a, b in names if self.registry.person_like(a, b)]):
            entity = self.registry.resolve(ns, ne, speaker=True, type_hint=None)
            if entity is not None and entity.type == "Person":
                self.seen(entity, ns, ne)
                return entity
        return None

    def _named(self, s: int, e: int) -> tuple[Entity, int, int] | None:
        """The name in the speaker words that speaks: the last person ("Union leader Mira Kovac"), else the first organisation."""
        names = self.registry.names_in(s, e)
        people = [(ns, ne) for ns, ne in names if self.registry.person_like(ns, ne)]
        for ns, ne in reversed(people):
            entity = self.registry.resolve(ns, ne, speaker=True, type_hint=None)
            if entity is not None and entity.type == "Person":
                return entity, ns, ne
        whole = self.text[s:e].strip(" ,")
        for ns, ne in names:
            single = len(self.text[ns:ne].split()) == 1
            if single and self.registry.classify(ns, ne) is None and self.registry.known(ns, ne) is None \
                    and not _surname(self.registry, self.text[ns:ne]) and self.text[ns:ne] != _ADVERBS.sub("", whole):
                continue  # one unknown word among others ("Opposition lawmakers", "the ministry in Telgrad")
            entity = self.registry.resolve(ns, ne, speaker=True)
            if entity is not None and entity.type not in ("Country", "Region", "WeaponSystem", "Event"):
                return entity, ns, ne
        return None

    def _spoke(self, speaker: Speaker) -> Speaker:
        self.last_speaker = speaker.entity
        if speaker.entity.type == "Person":
            self.last_person = speaker.entity
        elif speaker.entity.type in ORGANISATION_TYPES:
            self.last_org = speaker.entity
        return speaker

    def _pronoun(self, pronoun: str, words_: str) -> Speaker:
        wants = self._pronouns[pronoun]
        target = {"person": self.last_person, "organisation": self.last_org}.get(wants) or self.last_speaker
        if wants == "organisation" and self.last_speaker is not None and self.last_speaker.type != "Person":
            target = self.last_speaker  # "It said …" after "the ministry said …" or a report
        if wants == "any" and self.last_speaker is not None:
            target = self.last_speaker
        if target is None:
            return self._unnamed(words_, reason=f"“{words_}” refers to nobody named before it")
        return self._spoke(Speaker(target, "Speaker", 0.85, back_reference=True))

    def _by_role(self, role: str) -> Entity | None:
        """"the spokesman" → the last person given that role, or the last unnamed agent the role names ("a defence
        ministry spokesman said …; the spokesman added …" is one spokesman, not two)."""
        for entity in reversed(list(self.registry.entities.values())):
            if entity.type == "Person" and role in entity.roles:
                return entity
            if entity.type == "AnonymousAgent" and entity.label.startswith("unnamed ") and re.search(rf"\b{re.escape(role)}\b", entity.label.lower()):
                return entity
        return None

    def _by_org_noun(self, noun: str, qualified: str | None = None) -> Entity | None:
        """"the ministry" → the last organisation with "ministry" in its name; "the company" → the last company.
        A qualified noun ("the finance ministry") refers only to an organisation whose name has the same words: after
        "a defence ministry spokesman", "the finance ministry" is another body."""
        kind = _ORG_KIND.get(noun) if noun in _GENERIC_ORG_NOUNS else None
        orgs = [e for e in self.registry.entities.values() if e.type in ORGANISATION_TYPES or e.type == "AnonymousAgent"]
        wanted = qualified if qualified is not None and kind is None else noun
        for entity in reversed(orgs):
            if re.search(rf"\b{re.escape(wanted)}\b", entity.label.lower()) or (kind and entity.type == kind):
                return entity
        return None

    def _document(self, s: int, e: int, bare: str) -> Speaker | None:
        """A document as speaker ("the annual report of …", "official figures"); None when the words name no document."""
        lower = bare.lower()
        noun = next((n for n in self._doc_nouns if re.search(rf"\b{re.escape(n)}\b", lower)), None)
        if noun is None:
            return None
        if noun in ("statement", "press release", "letter", "release", "news release", "communiqué", "communique", "joint statement"):
            after = re.search(rf"\b{noun}\s+(?:by|from|of)\s+", lower)
            maker = self.last_statement or self.last_speaker  # "according to the statement": whoever made it
            if after is None and lower.strip() == noun and maker is not None:
                return self._spoke(Speaker(maker, "Speaker", 0.8, back_reference=True))
            return None  # "a statement from the ministry": the ministry speaks
        if lower.strip() == noun and self.last_document is not None:
            return Speaker(self.last_document, "ReportedSource", 0.8, back_reference=True)  # "the report says"
        label = re.split(r"\s+(?:published|released|issued|out)\b|,", bare, maxsplit=1)[0].strip()
        owner = re.match(r"(?i)\s*(its|their)\s+", self.text[s:e])
        if owner and self.last_org is not None:
            label = f"{label} of {self.last_org.label}"
        names = {self.text[a:b].split()[0] for a, b in self.registry.names_in(s, e)}
        if label[:1].isupper() and label.split()[0] not in names:
            label = label[0].lower() + label[1:]  # "Official figures" opening a sentence: not a name
        entity = self.registry.known_label(label) or self.registry.propose(label, "AnonymousAgent")
        self.last_document = entity
        return self._spoke(Speaker(entity, "ReportedSource", 0.85))

    def _unnamed(self, words_: str, reason: str | None = None) -> Speaker:
        phrase = " ".join(_DETERMINERS.sub("", words_).split()[:5]).strip(_PUNCTUATION)
        label = f"unnamed {phrase}" if re.search(r"\w", phrase) else "unnamed speaker"  # never "unnamed ." or "unnamed "
        entity = self.registry.propose(label, "AnonymousAgent", id_hint=slugify(label) or None)
        warning = reason or f"speaker “{words_}” is not a name the article gives; proposed an unnamed agent"
        return Speaker(entity, "Speaker", 0.5, warning)


def _qualified(bare: str, noun: str) -> str | None:
    """The lower-case words before an organisation noun and the noun ("finance ministry" in "finance ministry"),
    None when nothing qualifies it ("ministry", "Tervia's ministry": a name is read elsewhere)."""
    found = re.search(rf"(?<![\w’'])((?:[a-z][\w-]*\s+){{1,2}}){re.escape(noun)}\b", bare)
    return None if found is None else " ".join(found.group().split()).lower()


def _surname(registry: Registry, name: str) -> bool:
    """Whether one word is the surname of a person the article has named."""
    key = fold(name)
    return any(e.type == "Person" and fold(e.label.split()[-1]) == key for e in registry.entities.values())
