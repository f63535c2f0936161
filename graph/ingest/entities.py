"""People, organisations, countries, regions, weapon systems and events named in an article.

Names are found by shape (a run of capitalised words, a model designation such
as S-400) and typed by the words around them, from the lists in
``rules.toml``: a title before a name makes a person, "Ministry" or
"Dynamics" an organisation, a country list a country, "missile" after a name
a weapon system, "Summit" or "Expo" an event. Each name is linked to an
existing entity through :func:`graph.ingest.linking.link`; otherwise it is
proposed as new, with an id made from its label and ``new = True``. A surname
alone ("Okafor") refers back to the person named in full before it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from graph import vocab
from graph.ingest.linking import link
from graph.ingest.rules import rules, words
from graph.matching.fold import fold
from graph.model.snapshot import Snapshot

_CAP = r"(?:[A-ZА-ЯЁ][\w\-’'&]*|[A-Z]\.(?:[A-Z]\.)+)"
_JOIN = r"(?:\s+(?:of|for|de|du|al|bin|von|van|der|la|le|on)\s+(?=[A-ZА-ЯЁ])|\s+(?=[A-ZА-ЯЁ0-9]))"
NAME = re.compile(rf"{_CAP}(?:{_JOIN}(?:{_CAP}|(?:19|20)[0-9]{{2}}\b))*")
DESIGNATION = re.compile(r"(?<![\w-])[A-ZА-Я][A-Za-zА-Яа-я]{0,3}-[0-9]{1,4}[A-Za-z]{0,3}(?![\w-])")

_TRAILING_NOISE = {"The", "A", "An", "And", "Of", "In", "On", "At", "Monday", "Tuesday", "Wednesday", "Thursday",
                   "Friday", "Saturday", "Sunday", "Q", "Mr", "Mrs", "Ms", "Dr"}
AGENT_TYPES = {"Person", "Company", "StateIntermediary", "GovernmentBody", "Commission",
               "IntergovernmentalOrganization", "AnonymousAgent"}
ORGANISATION_TYPES = AGENT_TYPES - {"Person", "AnonymousAgent"}


@dataclass
class Entity:
    """An entity the draft refers to: linked (``new`` False) or proposed."""

    id: str
    label: str
    type: str
    new: bool
    roles: set[str] = field(default_factory=set)
    """Role nouns the article gives it ("minister"), for back-references such as "the minister"."""
    confidence: float = 1.0
    post_in: Entity | None = None
    """For a post ("head of Halden Systems", type ``Post``): the organisation it is in (``org:postIn``)."""

    @property
    def iri(self) -> str:
        return vocab.entity(self.id)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "type": self.type, "new": self.new}


def slugify(label: str) -> str:
    """A readable id from a label: ASCII letters and digits joined by hyphens.

    >>> slugify("Ministry of Defence (Kestrel)")
    'ministry-of-defence-kestrel'
    """
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:80].strip("-")


def _last_words(text: str, start: int, n: int = 3) -> str:
    return " ".join(re.findall(r"[\w-]+", text[max(0, start - 60) : start])[-n:]).lower()


class Registry:
    """The entities of one article: found once, linked once, proposed with stable ids."""

    def __init__(self, snapshot: Snapshot | None, text: str) -> None:
        self.snapshot = snapshot
        self.text = text
        self.entities: dict[str, Entity] = {}
        self._by_name: dict[str, Entity] = {}
        ent = rules()["entities"]
        self._countries = {fold(c) for c in ent["countries"]}
        self._regions = {fold(r) for r in ent["regions"]}
        # a one-word title or role opening a name is no part of it: "Chief Executive Officer Lars Wendt" is Lars Wendt
        self._not_names = set(ent["not_names"]) | {t.capitalize() for t in words("speakers", "titles") if " " not in t}
        self._heads: dict[str, str] = {}
        for cls, heads in ent["organisation_heads"].items():
            for head in heads:
                self._heads[head] = cls
        self._starts = set(ent["organisation_starts"])
        self._weapon_nouns = set(ent["weapon_nouns"])
        relation_verbs = ("supply_verbs", "buy_verbs", "stop_verbs", "dative_verbs", "build_verbs", "agreement_verbs", "cooperation_verbs", "pay_verbs")
        self._verbs = {w for name in relation_verbs for w in words("relations", name)} | set(words("speech", "verbs"))
        """Verbs of the rules: a name followed by one is a subject ("Tervia freezes frigate order"), not a weapon's name."""
        self._event_heads = set(ent["event_heads"])
        self._titles = set(words("speakers", "titles")) | set(words("speakers", "person_roles"))

    # -- finding names ---------------------------------------------------
    def names_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of the names between ``start`` and ``end``, leading function words removed."""
        spans: list[tuple[int, int]] = []
        for match in NAME.finditer(self.text, start, end):
            s, e = match.start(), match.end()
            tokens = list(re.finditer(r"\S+", self.text[s:e]))
            while tokens and (tokens[0].group() in self._not_names or re.sub(r"[’'](?:s\b)?$", "", tokens[0].group()) in self._not_names | {""}):
                tokens.pop(0)
            while tokens and (tokens[-1].group() in _TRAILING_NOISE or tokens[-1].group().islower()):
                tokens.pop()  # "Halden Systems on Monday": the weekday and the joining word before it
            if not tokens:
                continue
            s, e = s + tokens[0].start(), s + tokens[-1].end()
            while self.text[e - 1] in "’'" or self.text[e - 2 : e] in ("’s", "'s"):
                e -= 2 if self.text[e - 2 : e] in ("’s", "'s") else 1
            if e > s and not self.text[s:e].isdigit():
                spans.extend(self._split_of(s, e))
        for match in DESIGNATION.finditer(self.text, start, end):
            if not any(s <= match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
        return sorted(spans)

    def _split_of(self, s: int, e: int) -> list[tuple[int, int]]:
        """"President Elena Vasquez of Caldoria" is a person and a country; "Ministry of Defence" stays one name."""
        name = self.text[s:e]
        i = name.rfind(" of ")
        if i == -1:
            return [(s, e)]
        head, tail = name[:i], name[i + 4 :]
        if head.split()[0] in self._starts or head.split()[-1] in self._heads:
            return [(s, e)]
        before = _last_words(self.text, s)
        titled = self._titled(before)
        if fold(tail) in self._countries | self._regions or (titled and 2 <= len(head.split()) <= 3):
            return [(s, s + i), (s + i + 4, e)]
        return [(s, e)]

    def person_like(self, s: int, e: int) -> bool:
        """Whether the name at ``[s, e)`` is, or looks like, a person (two or three capitalised words, no organisation word)."""
        entity = self._by_name.get(fold(self.text[s:e]))
        if entity is not None:
            return entity.type == "Person"
        kind = self.classify(s, e)
        if kind is not None:
            return kind == "Person"
        found = link(self.snapshot, self.text[s:e])
        if found is not None:
            return "Person" in found.types
        tokens = self.text[s:e].split()
        return 2 <= len(tokens) <= 3 and not self.text[s:e].isupper() and all(t[:1].isupper() for t in tokens)

    def classify(self, s: int, e: int) -> str | None:
        """The class a name's shape and context suggest, or None when nothing does."""
        name = self.text[s:e]
        folded = fold(name)
        tokens = name.split()
        if folded in self._countries:
            return "Country"
        if folded in self._regions or fold(name.removeprefix("the ")) in self._regions:
            return "Region"
        if DESIGNATION.fullmatch(name):
            return "WeaponSystem"
        after = [] if re.match(r"\s*[,;:.]", self.text[e : e + 3]) else re.findall(r"[\w-]+", self.text[e : e + 40])[:2]
        if after and after[0].lower() in self._verbs:
            after = []  # "Tervia freezes frigate order": the name is the verb's subject, the weapon its object
        if after and any(w.lower() in self._weapon_nouns for w in after) and tokens[-1] not in self._heads:
            return "WeaponSystem"  # "the Falcon-3 missiles", never "Ana Ruiz, the frigates …" across a comma
        if tokens[-1] in self._event_heads or re.fullmatch(r"(19|20)[0-9]{2}", tokens[-1]):
            return "Event"
        for n in (2, 1):
            head = " ".join(tokens[-n:])
            if head in self._heads:
                return self._heads[head]
        if tokens[0] in self._starts:
            return "Company" if tokens[0] == "Bank" else "GovernmentBody"
        before = _last_words(self.text, s)
        if self._titled(before) or re.search(r"\b(mr|mrs|ms|dr)\.?$", before):
            return "Person"
        if name.isupper() and len(name) >= 2:
            return None
        return None

    def _titled(self, before: str) -> bool:
        """Whether the words before a name end with a title or role as a whole word: "Survey author Ilse Marek" is titled,
        "… finds Caldoria ahead / Caldoria" is not ("ahead" ends in "head" but is no role)."""
        return any(before == t or before.endswith(" " + t) for t in self._titles)

    # -- linking and proposing -----------------------------------------------
    def resolve(self, s: int, e: int, *, speaker: bool = False, type_hint: str | None = None) -> Entity | None:
        """The entity the name at ``[s, e)`` refers to: known, back-referenced, linked, or new."""
        name = self.text[s:e].strip()
        key = fold(name)
        if not key:
            return None
        if key in self._by_name:
            return self._by_name[key]
        tokens = name.split()
        if len(tokens) == 1:  # a surname alone refers back to a person named in full
            for entity in reversed(list(self.entities.values())):
                if entity.type == "Person" and fold(entity.label.split()[-1]) == key:
                    self._by_name[key] = entity
                    return entity
        found = link(self.snapshot, name)
        if found is not None:
            known = self.entities.get(vocab.entity_id(found.iri))
            if known is None:
                linked_type = next((t for t in found.types if t in AGENT_TYPES), found.types[0] if found.types else "Thing")
                known = Entity(vocab.entity_id(found.iri), found.label, linked_type, False)
                self.entities[known.id] = known
            self._by_name[key] = known
            return known
        kind: str | None = type_hint or self.classify(s, e)
        if kind is None and speaker:
            kind = "Person" if len(tokens) >= 2 and not name.isupper() else "Company"
        if kind is None:
            return None
        entity = self.propose(name, kind)
        if speaker and type_hint is None and self.classify(s, e) is None:
            entity.confidence = 0.75 if 2 <= len(tokens) <= 3 else 0.6
        self._by_name[key] = entity
        return entity

    def known(self, s: int, e: int) -> Entity | None:
        """The entity a name already refers to in this article, or an existing one it links to."""
        name = self.text[s:e]
        return self._by_name.get(fold(name)) or (self.resolve(s, e) if link(self.snapshot, name) else None)

    def known_label(self, label: str) -> Entity | None:
        """An entity of this article or of the graph with exactly this label (folded)."""
        key = fold(label)
        for entity in self.entities.values():
            if fold(entity.label) == key:
                return entity
        found = link(self.snapshot, label)
        if found is not None:
            return self.resolve_label(label, found.types[0] if found.types else "AnonymousAgent")
        return None

    def resolve_label(self, label: str, kind: str) -> Entity:
        """An entity given by name outside the text (the publisher): linked, or proposed as ``kind``."""
        found = link(self.snapshot, label)
        if found is not None:
            entity = Entity(vocab.entity_id(found.iri), found.label, found.types[0] if found.types else kind, False)
            self.entities.setdefault(entity.id, entity)
            return self.entities[entity.id]
        return self.propose(label, kind)

    def propose(self, label: str, kind: str, id_hint: str | None = None) -> Entity:
        """A new entity with a readable id that no existing entity uses."""
        base = id_hint or slugify(label) or "entity"
        candidate, n = base, 1
        while candidate in self.entities and self.entities[candidate].label != label or self._taken(candidate):
            n += 1
            candidate = f"{base}-{n}"
        if candidate in self.entities:
            return self.entities[candidate]
        entity = Entity(candidate, label, kind, True)
        self.entities[candidate] = entity
        return entity

    def _taken(self, slug: str) -> bool:
        return self.snapshot is not None and self.snapshot.known(vocab.entity(slug))

    def about(self, start: int, end: int, exclude: set[str]) -> list[Entity]:
        """Entities named between ``start`` and ``end`` (typed or linked ones only), in order, once each."""
        out: list[Entity] = []
        for s, e in self.names_in(start, end):
            entity = self.resolve(s, e)
            if entity is not None and entity.id not in exclude and entity not in out:
                out.append(entity)
        return out
