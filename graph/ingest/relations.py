"""Relations a claim states between two named actors: the partner network's edges, drafted for review.

Why here and why so narrow: the network (:mod:`graph.network`) draws exactly
the triples whose predicate is a ``dtkg:RelationProperty``, each beside a
``dtkg:Relation`` node supported by a claim (MODEL.md, shapes S19–S21). A
drafted relation is therefore only ever read off one claim's own span — its
evidence and attribution are that claim's — and only in the forms below, from
the cue lists in ``rules.toml`` ``[relations]``:

* ``X supplies/sold/delivered … to Y``, ``X will sell Y …``, ``X supplies/provides Y with …``, ``X delivered … ordered
  by Y``, ``X will build … for Y`` and ``Y bought/ordered/will receive … from X``, ``Y paid … for X('s) goods``, ``Y paid
  X 130 million dollars for …`` → X ``exportsTo`` Y ("export licences to Y" is no export: a noun after
  the verb makes it a modifier)
* ``X signed an agreement/contract with Y``, ``X and Y signed a deal``, ``X cooperates with Y``, ``X and Y have
  cooperated on …`` → X ``cooperatesWith`` Y
* ``X halted/suspended arms exports to Y``, ``X stopped supplying … to Y`` or ``stopped cooperating with Y``,
  ``X stopped supplying Y``, ``X stopped buying Y's radars`` or ``ceased buying … from Y``, ``X has frozen its order
  … from Y``, ``X and Y ended their cooperation`` → X ``stoppedCooperationWith`` Y — the model's ended relation,
  as curated (Rosoboronexport stopped cooperation with hostile countries); an ``exportsTo`` with ``dtkg:validTo``
  would still be a truthy export edge in the network. A cessation is never drafted as a current ``exportsTo`` or
  ``cooperatesWith``, whatever form would read one in what a stop verb governs ("froze orders for … from X": nothing)
* ``X has joined Y``, ``X is a member of Y`` → X ``memberOf`` Y, whose relation node is also the
  ``org:Membership`` (role ``dtkg:Member``), as curated memberships are
* ``X works with partners from R1, R2 and R3`` → X ``partnerRegion`` each region named
* ``X chairs Y``, ``X is the chair of Y`` → X ``chairs`` Y (an organisation), whose relation node is also the
  ``org:Membership`` with role ``dtkg:Chair``, as curated ("chaired" is left out: chairing one meeting is not
  chairing the body)
* ``X heads/leads Y``, ``X has headed Y``, ``Y is led by X`` → X ``org:holds`` the post "head of Y" (an
  ``org:Post`` in Y, proposed as new), a ``dtkg:PostHolding`` as curated; X is a person or an organisation

Both ends must be names in the span ("the navy of Sundar" and "the defence ministry of Tervia" are one actor,
as "the Sundar navy" is), except a lower-case description that is
exactly the label of an existing grouping or category ("stopped cooperation
with hostile countries"). Only what the text asserts is drafted (the assertion gate, :func:`_unstated`): a
negated, planned, wished, offered, weighed, negotiated, rumoured, conditional or counterfactual relation
("did not sell", "plans to buy", "is rumoured to be in talks to sell", "has offered to build … for", "if Y buys
… from X", "Had Y bought … from X instead", "should buy") is not drafted, nor one the text only reports someone
else claiming or denying: inside a clause after "reports/claims/rumours/allegations that|of" ("Reports that X
supplied … to Y are false"), after "denied" ("X denied supplying … to Y"), or in a claim said with a denying
verb ("Y denied that it had bought … from X"). Nor is a relation noun a determiner negates ("has no contract
with Y", "signed no agreement with Y"), nor content a correction retracts: said by an earlier version or wrongly
reported ("An earlier version of this article said that …", "It was incorrectly reported that …", "… was wrongly
reported"), negated around the retracted report ("X did not, as previously reported, sell …"), or followed by a
sentence saying it was wrong ("… would deliver eight radars to Y. That was wrong."); what the correction says
instead is drafted as usual.
Leadership stated only in an appositive ("Nadia Ruiz, head of X, said …") is outside any claim's span and
left to the curator, and so is any title more precise than "head" (chief executive, director): the post
drafted is "head of Y", for the curator to rename.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph import vocab
from graph.ingest.entities import ORGANISATION_TYPES, Entity, Registry
from graph.ingest.linking import link
from graph.ingest.pipeline import DraftClaim
from graph.ingest.rules import alternation, pattern, rules, words
from graph.ingest.terms import relation_iri
from graph.matching.fold import fold
from graph.model import ids

RELATION_ENDS = ORGANISATION_TYPES | {"Country", "Region"}
"""What a network node can be: an organisation, a country or a region (never a person speaking, a weapon or an event)."""
AGENT_ENDS = RELATION_ENDS | {"Person"}
"""Who can chair a body or hold a post: a person too."""
LEADERSHIP = {"chairs", "holds"}
COORDINATED = {"cooperatesWith", "stoppedCooperationWith"}
"""Relations two coordinated subjects can state together ("X and Y signed a deal", "X and Y ended their cooperation")."""
DESCRIBED_ENDS = {"CountryCategory", "CountryGrouping"}
"""Existing entities a lower-case description may name ("hostile countries"), linked only on an exact label."""
EXACT = 100
_GAP = r"(?:(?:(?!,\s*(?:and|but|while|whereas|although|though)\s)[^.;:!?“”\"]|(?<=[0-9])\.(?=[0-9])){0,90}?)"
"""Words between a cue and its end: within one sentence and one clause ("stopped supplying Y in May, and we now sell to Z":
Z is not what was stopped)."""
_ACTOR_NOUN = re.compile(r"\s+(?:the\s+)?" + alternation(words("relations", "actor_nouns")), re.IGNORECASE)
_BLOCKERS = pattern("relations", "blockers")
_NONE_TRADED = re.compile(r"(?<!\w)(?:sold|sells|sell|exported|exports|export|supplied|supplies|supply|delivered|delivers|deliver|sent|"
                          r"shipped|bought|buys|buy|ordered|imported|imports)\s+(?:no|zero|none\s+of|nothing)(?!\w)", re.IGNORECASE)
"""A trade verb whose object is nothing ("has sold no boats to Y", "bought nothing from X"): no relation."""
_CESSATION = re.compile(alternation(words("relations", "stop_verbs")) + r"\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
"""A verb of stopping that governs the cue ("stopped supplying", "froze orders for …"): a trade or cooperation that
ended, never a current one (the stop forms draft it as stopped cooperation where the text names both ends)."""
CURRENT = {"exportsTo", "cooperatesWith"}
_ENDED_AFTER = re.compile(r"\s*,?\s*(?:(?:remain|remains|remained|were|was|are|is|have\s+been|has\s+been|had\s+been)\s+)?"
                          + alternation(words("relations", "stop_verbs")), re.IGNORECASE)
"""A stop verb right after a trade's end ("Sales to Y ended", "deliveries to Y remain suspended", "exports to Y, halted
since 2024"): the trade has ended, so it is stopped cooperation, never a current export."""
_HEARSAY = pattern("relations", "hearsay")
_DENIALS = pattern("relations", "denials")
_NON_ASSERTIVE = pattern("relations", "non_assertive")
_CONDITIONAL = pattern("relations", "conditionals")
_CONDITIONAL_OPENING = re.compile(r"[“\"‘']?\s*(?:" + _CONDITIONAL.pattern + r")", re.IGNORECASE)
_INVERTED_OPENING = re.compile(r"[“\"‘']?\s*(?:Should|Had|Were)\s")
"""A claim that opens with an inverted auxiliary is a condition ("Should Y buy …", "Had Y bought … instead, …")."""
_CLAUSE_BREAK = re.compile(r";|,\s*(?:and|but|although|though|while|whereas|yet|so)\b|\s(?:but|although|though|whereas)\s", re.IGNORECASE)
"""Where a clause with its own predicate begins: a condition after it is that clause's, not the relation's."""
_PRONOUN_SUBJECT = re.compile(r"\s*(?:(?:now|then|also|still)\s+)?((?:we|it|they|he|she|our)\b)", re.IGNORECASE)
"""A clause after a break that opens with its own pronoun subject ("…, and we now sell to Z"): the subject is that
pronoun's, not a name in the clause before."""
_FIRST_PERSON = re.compile(r"[“\"‘']?\s*(?:we\b|our\s+" + alternation(words("relations", "first_person_nouns")) + ")", re.IGNORECASE)
_AFFILIATION = re.compile(r"(?:,\s*(?:[a-z][\w-]*\s+){0,4}?of|\s+of|,\s*(?:[a-z][\w-]*\s+){0,4}?at)\s+(?:the\s+)?(?=[A-Z])")
"""What follows a person's name to say whom they speak for: "Marta Ilves, chief executive of X", "Oskar Tamm of X"."""
_LIST_GAP = re.compile(r"\s*(?:region\s*)?(?:,\s*(?:and\s+)?|\s*and\s+)?(?:the\s+)?")
"""What may separate the regions of a list: a comma, "and", "the", the word "region"."""
_COORDINATED_VERB = re.compile(r"\s(?:and|but)\s+(?:also\s+|now\s+|later\s+|then\s+|currently\s+|still\s+)?$")
"""A second verb phrase sharing the clause's subject: its subject is the first name, not the last before the verb."""
_RELATIVE_BEFORE = re.compile(r",\s*(?:who|which|whose)\b[^,;]*,\s*(?:also\s+|now\s+|still\s+)?$")
"""A relative clause between subject and verb ("X, who has run Y since 2020, also chairs Z"): the subject is before it."""
_HEAD_WORDS = {w for heads in rules()["entities"]["organisation_heads"].values() for w in heads}
_POSSESSED_NOUN = re.compile(r"(?:’s|'s)\s+" + alternation(words("relations", "actor_nouns")), re.IGNORECASE)
"""An actor noun after a possessive name ("Tervia's defence ministry"): one actor, whatever the name alone was typed."""
_NEGATED_NOUN = re.compile(r"(?<![\w-])" + alternation(words("relations", "negators")) + r"\s+(?:[\w-]+\s+){0,2}?"
                           + alternation(words("relations", "agreement_nouns") + words("relations", "trade_nouns")) + r"(?![\w-])",
                           re.IGNORECASE)
"""A relation noun its determiner negates ("has no contract with Y", "signed no agreement with Y"): there is none."""
_RETRACTION_SOURCE = pattern("relations", "retraction_sources")
_RETRACTION_AFTER = pattern("relations", "retraction_after")
_NOT_AS_REPORTED = re.compile(r"\bnot\s*,\s*as\s+(?:previously|earlier|originally|first|initially)\s+(?:reported|stated|said|claimed)\s*,",
                              re.IGNORECASE)
"""A negation with the retracted report between it and the verb ("X did not, as previously reported, sell … to Y")."""
_SENTENCE_REST = re.compile(r"[^.!?\n]*[.!?]")
_RETRACTED_NEXT = re.compile(r"[”\"’']?\s+(?:" + alternation(words("relations", "retracted_next")) + r")\b")
"""After the claim's sentence, one saying it was wrong ("… to Dorsa. That was wrong."): a correction retracts it."""
_NOUN_OF = re.compile(r"(?:\b(?:the\s+)?)?" + alternation(words("relations", "actor_nouns")) + r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)
"""An actor noun before a name ("the navy of Sundar"): the noun, "of" and the name are one actor."""


@dataclass(frozen=True)
class DraftRelation:
    subject: Entity
    predicate: str
    """Local name of a relation property (``exportsTo``, ``cooperatesWith``, ``chairs``, ``holds`` for ``org:holds``)."""
    object: Entity
    claim: DraftClaim
    cue: tuple[int, int]
    """Where the words stating the relation are (inside the claim's span)."""
    confidence: float

    @property
    def iri(self) -> str:
        return ids.relation_iri(self.subject.iri, relation_iri(self.predicate), self.object.iri)

    @property
    def id(self) -> str:
        return vocab.entity_id(self.iri)


@cache
def _forms() -> list[tuple[str, re.Pattern[str], bool]]:
    """(predicate, pattern, reversed): the pattern's ``a`` group is before the cue, ``b`` after it."""
    supply = alternation(words("relations", "supply_verbs"))
    buy = alternation(words("relations", "buy_verbs"))
    nouns = alternation(words("relations", "agreement_nouns"))
    sign = alternation(words("relations", "agreement_verbs"))
    coop = alternation(words("relations", "cooperation_verbs"))
    stop = alternation(words("relations", "stop_verbs"))
    stopped = alternation(words("relations", "stop_objects"))
    stop_buying = alternation(words("relations", "stop_buying"))
    stop_dative = alternation(words("relations", "stop_dative"))
    stop_purchase = alternation(words("relations", "stop_purchase"))
    member = alternation(words("relations", "member_cues"))
    build = alternation(words("relations", "build_verbs"))
    pay = alternation(words("relations", "pay_verbs"))
    with_verb = alternation(words("relations", "with_verbs"))
    verb = rf"(?:{supply})(?!\s+{alternation(words('relations', 'supply_modifiers'))})"
    # the second end: a name, or an actor noun and "of" before it ("the navy of Sundar")
    end = rf"(?:the\s+)?(?:{alternation(words('relations', 'actor_nouns'))}\s+of\s+(?:the\s+)?)?(?P<b>[A-Z])"
    dative = alternation(words("relations", "dative_verbs"))
    ordered_by = alternation(words("relations", "ordered_by"))
    chair = alternation(words("relations", "chair_cues"))
    head = alternation(words("relations", "head_cues"))
    led_by = alternation(words("relations", "head_passive"))
    ended = alternation(words("relations", "ended_adverbs"))
    ended_with = alternation(words("relations", "ended_cooperation"))
    trade = rf"(?:{alternation(words('relations', 'trade_nouns'))})(?=\s+(?:of|to)\s)"
    flags = re.IGNORECASE
    return [
        ("chairs", re.compile(rf"(?P<cue>{chair})\s+(?:the\s+)?(?P<b>[A-Z])"), False),
        ("holds", re.compile(rf"(?P<cue>{head})\s+(?:the\s+)?(?P<b>[A-Z])"), False),
        # "Y, which is led by former admiral X": up to three lower-case words (titles) before the name
        ("holds", re.compile(rf"(?P<cue>{led_by})\s+(?:[a-z][\w-]*\s+){{0,3}}?(?P<b>[A-Z])"), True),
        ("partnerRegion", re.compile(r"(?P<cue>\bpartners\s+(?:from|in))\s+(?:the\s+)?(?P<b>[A-Z])"), False),
        ("memberOf", re.compile(rf"(?P<cue>{member})\s+(?:the\s+)?(?P<b>[A-Z])", flags), False),
        ("stoppedCooperationWith", re.compile(rf"(?P<cue>{stop}\s+(?:[\w-]+\s+){{0,3}}?{stopped})\s+{_GAP}(?:to|with|for)\s+(?:the\s+)?(?P<b>[A-Z])", flags), False),
        # "X stopped buying Y's radars", "X ceased buying tanks from Y": the seller after "from", else right after the gerund
        ("stoppedCooperationWith", re.compile(rf"(?P<cue>{stop}\s+{stop_buying})\s+(?:{_GAP}\bfrom\s+)?{end}", flags), False),
        # "We stopped supplying Sundar in March": the buyer right after the gerund (not "supplying … to Y", read above)
        ("stoppedCooperationWith", re.compile(rf"(?P<cue>{stop}\s+{stop_dative})\s+{end}", flags), False),
        # "X has suspended the purchase of eight helicopters from Y": read before "purchases … from" makes Y the seller
        ("stoppedCooperationWith", re.compile(rf"(?P<cue>{stop}\s+(?:the|its|their|his|her|our|all|an?)\s+(?:[\w-]+\s+){{0,2}}?{stop_purchase})"
                                              rf"\s+{_GAP}\bfrom\s+{end}", flags), False),
        # "X no longer buys (…) from Y", "… supplies … to Y", "… supplies Y", "… works with Y": the relation has ended
        ("stoppedCooperationWith", re.compile(rf"(?P<cue>{ended}\s+(?:{buy}))\s+(?:{_GAP}\bfrom\s+)?{end}", flags), False),
        ("stoppedCooperationWith", re.compile(rf"(?P<cue>{ended}\s+(?:{supply}))\s+{_GAP}\bto\s+{end}", flags), False),
        ("stoppedCooperationWith", re.compile(rf"(?P<cue>{ended}\s+(?:{dative}|{with_verb}|{ended_with}))\s+{end}", flags), False),
        ("exportsTo", re.compile(rf"(?P<cue>{verb})\s+{_GAP}\bto\s+{end}", flags), False),
        # "X resumed shipments of spare parts to Y", "X's arms sales to Y": the trade stated by a noun
        ("exportsTo", re.compile(rf"(?P<cue>{trade})\s+{_GAP}\bto\s+{end}", flags), False),
        ("exportsTo", re.compile(rf"(?P<cue>{buy})\s+{_GAP}\bfrom\s+{end}", flags), True),
        # "Y paid £640 million for Caldorian fighter jets": the maker named right after "for" sold them to Y
        ("exportsTo", re.compile(rf"(?P<cue>{pay})\s+{_GAP}\bfor\s+{end}", flags), True),
        ("exportsTo", re.compile(rf"(?P<cue>{verb})\s+{_GAP}\b{ordered_by}\s+{end}", flags), False),
        # "Y paid X 130 million dollars for …": the seller is paid before the amount
        ("exportsTo", re.compile(rf"(?P<cue>{pay})\s+(?:the\s+)?(?P<b>[A-Z])(?=[\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s+"
                                 rf"(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|just\s+(?:over|under)\s+)?(?:[$€£₽]|[0-9]))"), True),
        # "X supplies the Tervian army with spare parts"
        ("exportsTo", re.compile(rf"(?P<cue>{with_verb})\s+(?:the\s+)?(?P<b>[A-Z])(?=[\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
                                 rf"(?:\s+{alternation(words('relations', 'actor_nouns'))})?\s+with\s)"), False),
        # "X will build … for Y", but not "signed a contract to build … for Y": that is the contract, drafted below
        ("exportsTo", re.compile(rf"(?<!\bto\s)(?P<cue>{build})\s+{_GAP}\bfor\s+{end}", flags), False),
        ("exportsTo", re.compile(rf"(?P<cue>{dative})\s+(?:the\s+)?(?P<b>[A-Z])(?=[\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s+(?:up\s+to\s+|some\s+|about\s+|more\s+than\s+|at\s+least\s+)?(?:[0-9]|[a-z]))"), False),
        ("cooperatesWith", re.compile(rf"(?P<cue>{sign}\s+(?:an?\s+|the\s+)?{_GAP}{nouns})\s+{_GAP}\b(?:with|for)\s+(?:the\s+)?(?P<b>[A-Z])", flags), False),
        ("cooperatesWith", re.compile(rf"(?P<cue>(?:{coop}|{nouns}))\s+with\s+(?:the\s+)?(?P<b>[A-Z])", flags), False),
        # a coordinated subject: "X and (the Caldorian firm) Y signed a deal", "X and Y have cooperated on sonars"
        ("cooperatesWith", re.compile(rf"\band\s+(?:the\s+)?{_GAP}(?P<b>[A-Z])[^.;]{{0,60}}?"
                                      rf"(?P<cue>{sign}\s+(?:an?\s+|the\s+)?{_GAP}{nouns}|{coop}(?!\s+with\b))", flags), False),
        # "X and Y ended their cooperation on frigate hulls": a coordinated subject stops what it shared
        ("stoppedCooperationWith", re.compile(rf"\band\s+(?:the\s+)?{_GAP}(?P<b>[A-Z])[^.;]{{0,60}}?"
                                              rf"(?P<cue>{stop}\s+(?:their|the)\s+(?:[\w-]+\s+)?(?:{stopped}|{nouns}))(?!\s+with\b)", flags), False),
    ]


def find(text: str, claims: list[DraftClaim], registry: Registry, warnings: list[str],
         keep: list[str] | None = None) -> list[DraftRelation]:
    """The relations each claim's span states, once each (the first claim stating one supports it).

    ``keep`` (relation ids a curator accepted) drops the others; None keeps all.
    """
    out: dict[str, DraftRelation] = {}
    for claim in claims:
        taken: list[tuple[int, int]] = []  # "halted arms exports to Y" is not also "exports to Y"
        for predicate, form, reverse in _forms():
            for m in form.finditer(text, claim.start, claim.end):
                if any(a <= m.start("cue") < b for a, b in taken):
                    continue
                for relation in _relations(text, claim, registry, predicate, m, reverse, warnings):
                    taken.append(relation.cue)
                    out.setdefault(relation.id, relation)
    return [r for r in out.values() if keep is None or r.id in keep]


def _relations(text: str, claim: DraftClaim, registry: Registry, predicate: str, m: re.Match[str], reverse: bool,
               warnings: list[str]) -> list[DraftRelation]:
    """The relations one match states: one, or one per region of a list ("partners from the Middle East, Africa and Europe")."""
    if predicate in LEADERSHIP:
        found = _leadership(text, claim, registry, predicate, m, reverse, warnings)
        return [found] if found is not None else []
    if predicate != "partnerRegion":
        found = _relation(text, claim, registry, predicate, m, reverse, warnings)
        return [found] if found is not None else []
    subject = _actor_before(text, registry, claim.start, m.start("cue"), claim.speaker.entity)
    if subject is None or _unstated(text, claim, claim.start, m.start("cue")):
        return []
    out = []
    at = m.start("b")
    for s, e in registry.names_in(m.start("b"), claim.end):
        if not _LIST_GAP.fullmatch(text[at:s]):
            break
        region = registry.resolve(s, e)
        if region is None or region.type != "Region":
            break
        out.append(DraftRelation(subject[0], predicate, region, claim, (m.start(), e), round(min(0.8, subject[1]), 2)))
        at = e
    return out


def _unstated(text: str, claim: DraftClaim, lo: int, cue: int) -> bool:
    """Whether the text does not assert the relation: the words around the cue negate, plan, wish, offer, weigh,
    negotiate, rumour, deny, suppose or only report someone's claim of it.

    The assertion gate. The scope is the claim's own clause: a blocker just before the cue; a non-assertive
    frame, a condition or a hearsay noun earlier in the claim with no comma or semicolon between; a claim that
    opens with a condition or ends with one after the cue; or a claim whose attribution denies it.
    """
    if _BLOCKERS.search(text, max(lo, cue - 25), cue) or _NOT_AS_REPORTED.search(text, lo, cue):
        return True
    if _retracted(text, claim, cue):
        return True
    if _CONDITIONAL_OPENING.match(text, claim.start) or _INVERTED_OPENING.match(text, claim.start):
        return True
    condition = _CONDITIONAL.search(text, cue, claim.end)
    if condition is not None and not _CLAUSE_BREAK.search(text, cue, condition.start()):
        return True  # "X will sell … to Y if parliament agrees": the condition scopes over its main clause, not over
        # another clause ("X has sold … to Y, and it will stop if …": the sale is stated)
    for frame in (_NON_ASSERTIVE, _CONDITIONAL):
        # "May" capitalised is the month ("In May Orvik sold …"), not the modal
        if any(h.group() != "May" and not re.search(r"[,;]", text[h.end() : cue]) for h in frame.finditer(text, claim.start, cue)):
            return True
    if claim.frame is not None and _DENIALS.search(text, *claim.frame):
        return True
    if re.search(_DENIALS.pattern + r"\s+(?:that\s+)?$", text[max(0, claim.start - 40) : claim.start], re.IGNORECASE):
        return True  # a curator's claim carries no frame: "denied that" just before it is one
    return any(not re.search(r"[,;]", text[h.end() : cue]) for h in _HEARSAY.finditer(text, claim.start, cue))


def _retracted(text: str, claim: DraftClaim, cue: int) -> bool:
    """Whether a correction retracts what the claim says: reported by an earlier version or wrongly ("An earlier version
    of this article said that …", "It was incorrectly reported that …"), said to be wrongly reported in its own clause,
    or followed by a sentence saying it was wrong. Retracted content is not what the text states, so no relation; what
    the correction says is true instead is a claim of its own and drafted normally."""
    sentence = max(text.rfind(mark, 0, claim.start) for mark in (". ", "\n", "? ", "! ")) + 1
    if claim.frame is not None and _RETRACTION_SOURCE.search(text, *claim.frame):
        return True
    if _RETRACTION_SOURCE.search(text, sentence, claim.start):
        return True
    clause_end = re.compile(r"[,;]").search(text, cue, claim.end)
    if _RETRACTION_AFTER.search(text, cue, clause_end.start() if clause_end else claim.end):
        return True  # "X's sale of radars to Y was incorrectly reported"
    end = claim.end
    if not re.search(r"[.!?][”\"’']?$", text[claim.start : end]):  # the claim stops before its sentence's end
        rest = _SENTENCE_REST.match(text, end)
        end = rest.end() if rest else end
    return _RETRACTED_NEXT.match(text, end) is not None  # the very next sentence only


def _relation(text: str, claim: DraftClaim, registry: Registry, predicate: str, m: re.Match[str], reverse: bool,
              warnings: list[str]) -> DraftRelation | None:
    cue_start = m.start("cue")
    if _NEGATED_NOUN.search(text, max(claim.start, cue_start - 25), m.end("cue")):
        return None  # "has no contract with Y", "X and Y signed no agreement": there is none
    if predicate in COORDINATED and m.start("b") < cue_start:  # "X and (the Caldorian firm) Y signed a deal"
        if _unstated(text, claim, m.start("b"), cue_start):  # "X and Y may cooperate"
            return None
        before = _actor_before(text, registry, claim.start, m.start())
        after = _actor_before(text, registry, m.start("b"), cue_start)
        end = m.end()
    else:
        if _unstated(text, claim, claim.start, cue_start):
            return None
        if predicate in CURRENT and _CESSATION.search(text, max(claim.start, cue_start - 40), cue_start):
            return None  # "We stopped supplying Sundar": no export, whatever form reads one
        if predicate in CURRENT and _NONE_TRADED.search(text, max(claim.start, m.start() - 40), max(cue_start, m.start("b"))):
            return None  # "Norland has sold no boats to Karvia": a trade of nothing is no trade
        before = _actor_before(text, registry, claim.start, cue_start, claim.speaker.entity)
        after = _actor_at(text, registry, m.start("b"), claim.end, organisation=predicate == "memberOf", speaker=claim.speaker.entity)
        end = after[2] if after else m.end()
    if before is None or after is None:
        return None
    if predicate == "exportsTo" and not reverse and _ENDED_AFTER.match(text, after[2], claim.end):
        predicate = "stoppedCooperationWith"  # "Sales to Y ended in May", "exports to Y, halted since 2024": ended
    subject, obj = (after, before) if reverse else (before, after)
    if subject[0].id == obj[0].id:
        return None
    confidence = round(min(0.8, subject[1], obj[1]), 2)
    for entity, conf, _ in (subject, obj):
        if conf < 0.8:
            warnings.append(f"relation end “{entity.label}” has no type the text gives; proposed as a {entity.type} (at {claim.start})")
    return DraftRelation(subject[0], predicate, obj[0], claim, (m.start(), max(end, m.end())), confidence)


def _leadership(text: str, claim: DraftClaim, registry: Registry, predicate: str, m: re.Match[str], reverse: bool,
                warnings: list[str]) -> DraftRelation | None:
    """X chairs Y, or X holds the post "head of Y": X an agent (a person too), Y an organisation."""
    cue_start = m.start("cue")
    if _unstated(text, claim, claim.start, cue_start):
        return None
    guess = "Person" if predicate == "holds" else ""  # "Kerr heads …": who heads is a person unless typed otherwise
    if reverse:  # "Y is led by X"
        body = _actor_before(text, registry, claim.start, cue_start, claim.speaker.entity)
        agent = _actor_at(text, registry, m.start("b"), claim.end, agent=guess or "Person")
    else:
        agent = _actor_before(text, registry, claim.start, cue_start, claim.speaker.entity, agent=guess)
        body = _actor_at(text, registry, m.start("b"), claim.end, organisation=True)
    if agent is None or body is None or body[0].type not in ORGANISATION_TYPES or agent[0].id == body[0].id:
        return None
    obj = body[0]
    if predicate == "holds":
        obj = registry.propose(f"head of {body[0].label}", "Post", id_hint=f"post-head-of-{body[0].id}")
        obj.post_in = body[0]
    confidence = round(min(0.8, agent[1], body[1]), 2)
    for entity, conf, _ in (agent, body):
        if conf < 0.8:
            warnings.append(f"relation end “{entity.label}” has no type the text gives; proposed as a {entity.type} (at {claim.start})")
    return DraftRelation(agent[0], predicate, obj, claim, (m.start(), max(m.end(), agent[2], body[2])), confidence)


Actor = tuple[Entity, float, int]
"""An entity at one end of a relation, the confidence in its type, and where its name ends."""


def _actor_at(text: str, registry: Registry, start: int, limit: int, organisation: bool = False, agent: str = "",
              speaker: Entity | None = None) -> Actor | None:
    """The actor named at ``start``: a name, or a name and an actor noun ("Tervian army"); only an organisation
    when it is what a membership is of; a person too when ``agent`` (the type to guess) is given; "our yard" in
    what a person says is their organisation when the text names it beside them."""
    name = next(((s, e) for s, e in registry.names_in(start, limit) if s <= start + 1), None)
    if name is None and speaker is not None and speaker.type == "Person" and re.match(r"our\b", text[start:limit], re.IGNORECASE):
        return _own_organisation(text, registry, speaker, start, limit)
    if name is None:
        return None if organisation or agent else _described(text, registry, start, limit)
    if agent:
        return _actor(text, registry, *name, limit, guess=agent, ends=AGENT_ENDS)
    found = _actor(text, registry, *name, limit, guess="IntergovernmentalOrganization" if organisation else None)
    return None if found is None or (organisation and found[0].type not in ORGANISATION_TYPES) else found


def _described(text: str, registry: Registry, start: int, limit: int) -> Actor | None:
    """A lower-case description that is exactly the label of an existing grouping or category ("hostile countries")."""
    phrase = re.match(r"[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}", text[start:limit])
    if phrase is None:
        return None
    words_ = phrase.group().split()
    for n in range(len(words_), 0, -1):
        label = " ".join(words_[:n])
        found = link(registry.snapshot, label)
        if found is not None and found.score == EXACT and fold(found.label) == fold(label):
            entity = registry.known_label(label)
            if entity is not None and entity.type in RELATION_ENDS | DESCRIBED_ENDS:
                return entity, 0.8, start + len(label)
    return None


def _actor_before(text: str, registry: Registry, lo: int, cue: int, speaker: Entity | None = None,
                  agent: str | None = None) -> Actor | None:
    """The last actor named before the cue within the claim (the subject of the verb); "it" at the start of an
    organisation's claim is that organisation ("Orvik said it works with partners from …"). ``agent`` (not None)
    admits a person, guessing the type it names for an untyped name ("" for the usual guess)."""
    breaks = list(_CLAUSE_BREAK.finditer(text, lo, cue))
    own = _PRONOUN_SUBJECT.match(text, breaks[-1].end(), cue) if breaks else None
    if own is not None:  # "…, and we now sell to Z": the clause's own subject, not a name of the clause before
        if own.group(1).lower() not in ("we", "our", "it"):
            return None  # "they", "he", "she": nobody the relation rules can name
        lo = own.start(1)
    names = registry.names_in(lo, cue)
    if _COORDINATED_VERB.search(text, lo, cue):  # "Kerr has headed Vell Shipyards and also chairs …": Kerr chairs
        names = names[:1]
    relative = _RELATIVE_BEFORE.search(text, lo, cue)
    if relative is not None:  # "Ruiz, who has run X since 2020, also chairs Y": Ruiz chairs
        names = [n for n in names if n[1] <= relative.start()]
    for s, e in reversed(names):
        found = _actor(text, registry, s, e, cue) if agent is None else _actor(text, registry, s, e, cue, agent or None, AGENT_ENDS)
        if found is not None:
            return found
    if speaker is not None and speaker.type in ORGANISATION_TYPES and re.match(r"(?:it|the company)\b", text[lo:cue], re.IGNORECASE):
        return speaker, 0.7, lo
    if speaker is not None and speaker.type == "Person" and _own_organisation(text, registry, speaker, lo, cue) is not None:
        return _own_organisation(text, registry, speaker, lo, cue)
    return None


def _own_organisation(text: str, registry: Registry, speaker: Entity, start: int, limit: int) -> Actor | None:
    """The speaker's organisation where a quote or answer names it in the first person or by its own noun: "We ended all
    deliveries to Y", "… to our yard", "The ministry no longer buys from X", said by "X, head of procurement at Tervia's
    defence ministry" — the organisation the text names right after the speaker (:func:`_affiliation`); None otherwise."""
    first = _FIRST_PERSON.match(text, start, limit)
    own_noun = re.match(r"[“\"‘']?\s*the\s+([a-z][\w-]*)\b", text[start:limit], re.IGNORECASE)
    if first is None and own_noun is None:
        return None
    organisation = _affiliation(text, registry, speaker)
    if organisation is None:
        return None
    if first is not None:
        return organisation, 0.7, first.end()
    if own_noun is not None and fold(own_noun.group(1)) in fold(organisation.label).split():
        return organisation, 0.7, start + own_noun.end()
    return None  # "the navy" said by someone of the defence ministry is not the ministry


def _affiliation(text: str, registry: Registry, person: Entity) -> Entity | None:
    """The organisation (or country) the article names right after the person's first mention, None when it names
    none there: "Marta Ilves, chief executive of Halden Shipyards" → Halden Shipyards. Never guessed from elsewhere."""
    mention = text.find(person.label)
    if mention == -1:
        return None
    after = _AFFILIATION.match(text, mention + len(person.label))
    if after is None:
        return None
    line_end = text.find("\n", after.end())
    limit = len(text) if line_end == -1 else line_end
    name = next(((s, e) for s, e in registry.names_in(after.end(), limit) if s == after.end()), None)
    if name is None:
        return None
    found = _actor(text, registry, *name, limit)
    return found[0] if found is not None and found[0].type in ORGANISATION_TYPES | {"Country"} else None


def _actor(text: str, registry: Registry, s: int, e: int, limit: int, guess: str | None = None,
           ends: set[str] = RELATION_ENDS) -> Actor | None:
    noun_of = _NOUN_OF.search(text, max(0, s - 40), s)
    if noun_of is not None:  # "the navy of Sundar", "the defence ministry of Tervia"
        label = re.sub(r"^the\s+", "", text[noun_of.start() : e], flags=re.IGNORECASE)
        entity = registry.known_label(label) or registry.propose(label, "GovernmentBody")
        return entity, 0.8, e
    noun = _ACTOR_NOUN.match(text, e, limit) or _POSSESSED_NOUN.match(text, e, limit)
    if noun is not None:  # "the Amaru coast guard", "Tervia's defence ministry": the name and its noun are one actor
        label = text[s : noun.end()].strip()
        entity = registry.known_label(label) or registry.propose(label, "GovernmentBody")
        return entity, 0.8, noun.end()
    if text[s:e] in _HEAD_WORDS:  # "Arms transfers …": a capitalised head word alone names nobody
        return None
    country = _demonym(registry, text[s:e])
    if country is not None:  # "paid … for Caldorian fighter jets": the country the article names
        return country, 0.8, e
    named = registry.resolve(s, e)
    if named is not None:
        return (named, 0.8, e) if named.type in ends else None
    if "Person" in ends and guess is None and registry.person_like(s, e):
        guess = "Person"  # "Ana Ruiz chairs …": a person can chair or head
    if guess is None and registry.person_like(s, e):
        return None  # what a membership is of is an organisation, whatever its name looks like
    guessed = registry.resolve(s, e, type_hint=guess or ("Country" if len(text[s:e].split()) == 1 else "Company"))
    return None if guessed is None else (guessed, 0.6, e)


def _demonym(registry: Registry, word: str) -> Entity | None:
    """The country an adjective of nationality stands for, when the article names it ("Caldorian" → Caldoria,
    "Sundari" → Sundar); None for anything else. Only a country the text names is taken: none is coined."""
    if " " in word or not re.search(r"(?:n|i|ese|ish)$", word):
        return None
    stems = {word[:-1], word[:-2], word[:-3], word.removesuffix("ese"), word.removesuffix("ish")} - {word}
    for stem in sorted((x for x in stems if len(x) >= 4), key=len, reverse=True):
        named = re.search(rf"(?<![\w-]){re.escape(stem)}(?![\w-])", registry.text)
        if named is not None:
            entity = registry.resolve(named.start(), named.end(), type_hint="Country")
            if entity is not None and entity.type == "Country":
                return entity
    return None
