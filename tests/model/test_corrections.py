"""The eight corrections of the line-by-line review (issue 16), one regression test each.

Every test here failed on the data before its correction: it pins what the
sentence says (a future aim is not a present tie, a restated figure keeps the
report's bound, a quote is credited only to whoever is quoted) so the defect
cannot come back.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph import vocab
from graph.model import ids
from graph.vocab import DTKG, OA, SCHEMA

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
OPINION_DOC = "doc-russia-2025-defense-export-opinion"
AUTHOR = "author-russia-2025-defense-export-opinion"


def _id(slug: str) -> URIRef:
    return URIRef(vocab.entity(slug))


def _exact(union: rdflib.Graph, claim: URIRef) -> str:
    return str(union.value(URIRef(ids.quote_selector_iri(str(claim))), OA.exact))


def _span(union: rdflib.Graph, claim: URIRef) -> tuple[int, int]:
    position = URIRef(ids.position_selector_iri(str(claim)))
    return int(union.value(position, OA.start)), int(union.value(position, OA.end))  # type: ignore[arg-type]


def _claims_of(union: rdflib.Graph, speaker: str, doc: str) -> list[URIRef]:
    return [c for c in union.subjects(PROV.wasAttributedTo, _id(speaker))
            if (c, SCHEMA.appearance, _id(doc)) in union]


# 1. A future aim about partners in the CIS and CSTO is not a present relation with them.

def test_cis_and_csto_aim_is_not_a_present_tie(union: rdflib.Graph) -> None:
    for grouping in ("cis", "csto"):
        assert (_id("russia"), DTKG.cooperatesWith, _id(grouping)) not in union
        assert not list(union.subjects(DTKG.object, _id(grouping))) or all(
            union.value(rel, DTKG.relationType) == DTKG.chairs for rel in union.subjects(DTKG.object, _id(grouping)))
    plans = _id("mtc-future-plans")
    assert set(union.objects(plans, DTKG.partnersIn)) == {_id("cis"), _id("csto")}
    assert (plans, DTKG.supportedBy, _id("claim-5aa2b78df972")) in union
    assert (plans, DTKG.period, None) not in union  # the source gives the plans no period


# 2. "... particularly in Africa and Eurasia": Eurasia gets its edge as Africa has.

def test_russia_partner_region_eurasia(union: rdflib.Graph) -> None:
    assert (_id("russia"), DTKG.partnerRegion, _id("region-eurasia")) in union
    rel = URIRef(ids.relation_iri(vocab.entity("russia"), str(DTKG.partnerRegion), vocab.entity("region-eurasia")))
    assert set(union.objects(rel, DTKG.supportedBy)) == {_id("claim-5707d896b474"), _id("claim-b08d66c81b64")}


# 3. The clause after the semicolon may be the reporter's own: the ambiguity is recorded on the claim.

def test_ambiguous_attribution_is_noted(union: rdflib.Graph) -> None:
    claim = _id("claim-dd30a82d3a1e")
    assert union.value(claim, PROV.wasAttributedTo) == _id("mikheev")  # the curator keeps the attribution
    (note,) = list(union.objects(claim, DTKG.attributionNote))
    assert note.language == "en" and "semicolon" in str(note) and "reporter" in str(note)  # type: ignore[union-attr]


# 4. The author's "$15 billion" restates the report's "approximately $15 billion": no exact-versus-approximate conflict.

def test_restated_15_billion_keeps_the_reports_bound(union: rdflib.Graph) -> None:
    report_figure = _id("claim-d75ed68de6be-figure-1")
    for claim in ("claim-3a9a256827f2", "claim-0f7650cea1cc"):
        figure = URIRef(ids.figure_iri(vocab.entity(claim), 1))
        assert union.value(figure, DTKG.restates) == report_figure
        assert union.value(figure, DTKG.bound) == union.value(report_figure, DTKG.bound) == DTKG.Approximately
        assert union.value(figure, DTKG.indicator) == DTKG.ForexEarnings
        assert "approximately $15 billion" in str(union.value(figure, DTKG.inferenceBasis))
    bounds = {union.value(f, DTKG.bound) for f in union.subjects(DTKG.indicator, DTKG.ForexEarnings)}
    assert bounds == {DTKG.Approximately}


# 5. The report's quoted words are credited to the report only.

def test_quoted_words_are_not_also_the_authors(union: rdflib.Graph) -> None:
    quote = _id("claim-9ecf22cd3024")
    start, end = _span(union, quote)
    for claim in _claims_of(union, AUTHOR, OPINION_DOC):
        other_start, other_end = _span(union, claim)
        assert other_end <= start or other_start >= end, claim
    assert _exact(union, _id("claim-80a9cda4d219")) == (
        "This remarkable achievement occurred despite what the report describes as")
    assert (_id("claim-dba9261e63a8"), RDF.type, DTKG.Claim) not in union


# 6. One stance rule: a sentence that prescribes an action ("should/must ...", "it is essential to ...") is advice.

PRESCRIPTIVE = ("should conduct", "should consider", "It’s crucial to", "essential for", "must be understood",
                "we must", "must balance", "should be subject", "must be evaluated", "should be welcomed")


def test_prescriptions_are_advice_whoever_speaks(union: rdflib.Graph) -> None:
    prescriptive = [c for c in union.subjects(RDF.type, DTKG.Claim) if any(w in _exact(union, c) for w in PRESCRIPTIVE)]
    assert len(prescriptive) == len(PRESCRIPTIVE)
    speakers = {union.value(c, PROV.wasAttributedTo) for c in prescriptive}
    assert speakers == {_id("unnamed-arms-export-expert"), _id(AUTHOR)}
    for claim in prescriptive:
        assert (claim, DTKG.claimKind, DTKG.Advice) in union, _exact(union, claim)
    for claim in union.subjects(DTKG.claimKind, DTKG.Advice):
        assert any(w in _exact(union, claim) for w in PRESCRIPTIVE), _exact(union, claim)


# 7. Missing facts.

def test_interviewers_premise_links_rosoboronexport_to_the_record_backlog(union: rdflib.Graph) -> None:
    claim = _id("claim-e867ed9b3084")
    assert _exact(union, claim) == "Rosoboronexport reported a record order backlog of $55 billion"
    assert union.value(claim, PROV.wasAttributedTo) == _id("rosoboronexport")
    assert (claim, DTKG.about, _id("rosoboronexport")) in union
    figure = union.value(claim, DTKG.assertsFigure)
    assert union.value(figure, DTKG.indicator) == DTKG.OrderBacklog
    assert union.value(figure, DTKG.statedAsRecord) == Literal(True)


def test_mikheevs_backlog_is_a_record(union: rdflib.Graph) -> None:
    figure = _id("claim-90a25c8a1c90-figure-1")
    assert union.value(figure, DTKG.statedAsRecord) == Literal(True)


def test_commission_meeting_outcome_and_what_it_analysed(union: rdflib.Graph) -> None:
    meeting = _id("mtc-commission-meeting-01-30")
    assert {str(o) for o in union.objects(meeting, DTKG.outcome)} == {
        "analyzed these results", "outlined ambitious plans for the future"}
    assert union.value(meeting, DTKG.analysed) == _id("claim-d75ed68de6be-figure-1")


def test_sustainably_is_the_reports_word(union: rdflib.Graph) -> None:
    (claim,) = [c for c in union.subjects(RDF.type, DTKG.Claim) if _exact(union, c) == "sustainably"]
    assert union.value(claim, PROV.wasAttributedTo) == _id("kremlin-official-reports")
    assert (claim, DTKG.claimKind, DTKG.DirectQuote) in union


def test_africa_cooperation_specifics_are_facts(union: rdflib.Graph) -> None:
    rel = _id("rel-9112f4274a7d")
    assert {_id("claim-de1e97b5ba21"), _id("claim-f8283f005983"), _id("claim-a56fb4aa1c4a"),
            _id("claim-5707d896b474")} <= set(union.objects(rel, DTKG.supportedBy))
    aspects = {str(union.value(a, DTKG.activity)): union.value(a, DTKG.cooperationStatus)
               for a in union.subjects(DTKG.aspectOf, rel)}
    assert aspects == {
        "supply of significant weapons and military equipment to African countries": DTKG.Historical,
        "training for production, operation, repair, and military personnel": DTKG.Historical,
        "increased supplies": DTKG.ReadinessExpressed,
        "comprehensive maintenance of previously delivered equipment": DTKG.ReadinessExpressed,
        "licensed production of Russian military products": DTKG.ReadinessExpressed,
    }


def test_future_plans_aims(union: rdflib.Graph) -> None:
    aims = {str(a) for a in union.objects(_id("mtc-future-plans"), DTKG.aim)}
    assert aims == {"improve characteristics of existing weapons", "develop new promising models",
                    "strengthen strategic areas of military-technical cooperation, particularly with partners in the CIS and CSTO"}


def test_claims_say_what_they_are_about(union: rdflib.Graph) -> None:
    for claim in ("claim-acf8dbd501ba", "claim-6ec92045cc74", "claim-3a9a256827f2", "claim-5aa2b78df972"):
        assert (_id(claim), DTKG.about, _id("russia")) in union, claim


# 8. Outside knowledge is marked with its basis and a reference.

OUTSIDE = [
    ("rosoboronexport", SKOS.altLabel, Literal("JSC Rosoboronexport", lang="en")),
    ("rosoboronexport", SKOS.altLabel, Literal("АО «Рособоронэкспорт»", lang="ru")),
    ("hostile-countries", SKOS.altLabel, Literal("unfriendly countries", lang="en")),
    ("region-africa", SKOS.notation, Literal("002", datatype=DTKG.M49)),
    ("region-africa", SKOS.exactMatch, _id("m49-002")),
    ("region-central-asia", SKOS.exactMatch, _id("m49-143")),
    ("region-europe", SKOS.exactMatch, _id("m49-150")),
    ("region-latin-america", SKOS.closeMatch, _id("m49-419")),
]


@pytest.mark.parametrize(("subject", "predicate", "obj"), OUTSIDE, ids=[f"{s}-{o}" for s, _, o in OUTSIDE])
def test_outside_knowledge_is_marked_with_its_basis(
        union: rdflib.Graph, subject: str, predicate: URIRef, obj: rdflib.term.Node) -> None:
    assert (_id(subject), predicate, obj) in union
    marks = [m for m in union.subjects(RDF.subject, _id(subject))
             if union.value(m, RDF.predicate) == predicate and union.value(m, RDF.object) == obj]
    assert len(marks) == 1, (subject, predicate, obj)
    (mark,) = marks
    assert (mark, RDF.type, DTKG.OutsideKnowledge) in union
    assert str(union.value(mark, DTKG.inferenceBasis)).startswith("Curator knowledge")
    assert union.value(mark, DTKG.reference) is not None


def test_mikheev_post_stays_out(union: rdflib.Graph) -> None:
    assert (_id("mikheev"), URIRef("http://www.w3.org/ns/org#holds"), None) not in union
    assert (_id("mikheev"), RDF.type, DTKG.Person) in union
