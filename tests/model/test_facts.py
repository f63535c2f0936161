"""The curated data says what the two source documents say, and no more.

Each test asserts concrete values from the corpus: a wrong amount, bound,
date, speaker or relation fails it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph import vocab
from graph.model import ids
from graph.vocab import DTKG, OA, SCHEMA

PREFIXES = """
PREFIX dtkg: <https://w3id.org/dtkg/ontology#>
PREFIX id: <https://w3id.org/dtkg/id/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX time: <http://www.w3.org/2006/time#>
"""

FIGURES = PREFIXES + """
SELECT ?claim ?speaker ?value ?currency ?unit ?bound ?period ?asof ?stated ?wording WHERE {
    ?claim dtkg:assertsFigure ?figure ; prov:wasAttributedTo ?speaker .
    ?figure dtkg:indicator ?indicator ; schema:value ?value ; dtkg:bound ?bound ; dtkg:originalWording ?wording ;
            dtkg:supportedBy ?claim .
    OPTIONAL { ?figure schema:currency ?currency }
    OPTIONAL { ?figure schema:unitText ?unit }
    OPTIONAL { ?figure dtkg:referencePeriod ?period }
    OPTIONAL { ?figure dtkg:asOf ?asof }
    OPTIONAL { ?claim dtkg:statedOn ?stated }
}"""


def _id(slug: str) -> URIRef:
    return URIRef(vocab.entity(slug))


def _figures(union: rdflib.Graph, indicator: URIRef, speaker: str) -> list[rdflib.query.ResultRow]:
    rows = union.query(FIGURES, initBindings={"indicator": indicator, "speaker": _id(speaker)})
    return list(rows)  # type: ignore[arg-type]


def _role(union: rdflib.Graph, claim: URIRef, role: URIRef) -> set[URIRef]:
    query = PREFIXES + "SELECT ?agent WHERE { ?claim prov:qualifiedAttribution ?a . ?a prov:hadRole ?role ; prov:agent ?agent }"
    return {row.agent for row in union.query(query, initBindings={"claim": claim, "role": role})}  # type: ignore[union-attr]


def test_backlog_55_billion_by_mikheev_on_november_13(union: rdflib.Graph) -> None:
    (row,) = _figures(union, DTKG.OrderBacklog, "mikheev")
    assert row.value.toPython() == Decimal("55000000000")
    assert str(row.currency) == "USD"
    assert row.bound == DTKG.Exact
    assert row.stated == Literal("--11-13", datatype=XSD.gMonthDay)
    assert row.asof == Literal("--11-13", datatype=XSD.gMonthDay)
    assert (row.claim, DTKG.claimKind, DTKG.IndirectSpeech) in union
    assert (row.claim, DTKG.inferredStatedOn, None) not in union  # no year was stated, none is invented


def test_more_than_30_weapon_types_contracted_in_2024(union: rdflib.Graph) -> None:
    (row,) = _figures(union, DTKG.WeaponTypesContracted, "mikheev")
    assert row.value.toPython() == Decimal("30")
    assert row.bound == DTKG.MoreThan
    assert row.currency is None and "types" in str(row.unit)
    assert row.period == Literal("2024", datatype=XSD.gYear)
    assert row.stated == Literal("--11-13", datatype=XSD.gMonthDay)


def test_forex_earnings_approximately_15_billion_from_kremlin_reports(union: rdflib.Graph) -> None:
    (row,) = _figures(union, DTKG.ForexEarnings, "kremlin-official-reports")
    assert row.value.toPython() == Decimal("15000000000")
    assert str(row.currency) == "USD"
    assert row.bound == DTKG.Approximately
    assert row.period == Literal("2025", datatype=XSD.gYear)
    assert str(row.wording) == "approximately $15 billion"
    assert _role(union, row.claim, DTKG.ReportedSource) == {_id("kremlin-official-reports")}
    assert _role(union, row.claim, DTKG.Reporter) == {_id("author-russia-2025-defense-export-opinion")}
    assert _role(union, row.claim, DTKG.Speaker) == set()


def test_projects_and_partner_states(union: rdflib.Graph) -> None:
    (projects,) = _figures(union, DTKG.CooperationProjects, "author-russia-2025-defense-export-opinion")
    assert (projects.value.toPython(), projects.bound) == (Decimal("340"), DTKG.MoreThan)
    states = {(r.value.toPython(), r.bound, str(r.wording))
              for r in _figures(union, DTKG.PartnerStates, "author-russia-2025-defense-export-opinion")}
    assert (Decimal("14"), DTKG.Exact, "14 states") in states
    assert (Decimal("30"), DTKG.MoreThan, "over 30 countries") in states  # the opinion section's own figure


def test_products_reached_over_30_countries(union: rdflib.Graph) -> None:
    (row,) = _figures(union, DTKG.CountriesReached, "author-russia-2025-defense-export-opinion")
    assert (row.value.toPython(), row.bound, str(row.unit)) == (Decimal("30"), DTKG.MoreThan, "countries")
    assert (row.claim, DTKG.claimKind, DTKG.DocumentAssertion) in union


def test_federal_project_runs_2026_to_2028(union: rdflib.Graph) -> None:
    query = PREFIXES + """SELECT ?begin ?end ?claim WHERE {
        id:federal-project-mtc-2026-2028 a dtkg:FederalProject ; dtkg:period ?p ; dtkg:aim ?aim ; dtkg:supportedBy ?claim .
        ?p a time:Interval ; time:hasBeginning/time:inXSDgYear ?begin ; time:hasEnd/time:inXSDgYear ?end . }"""
    (row,) = list(union.query(query))
    assert (row.begin, row.end) == (Literal("2026", datatype=XSD.gYear), Literal("2028", datatype=XSD.gYear))  # type: ignore[union-attr]
    quote = URIRef(ids.quote_selector_iri(str(row.claim)))  # type: ignore[union-attr]
    assert "for 2026-2028" in str(union.value(quote, OA.exact))


def test_russia_chairs_csto_from_january_2026(union: rdflib.Graph) -> None:
    query = PREFIXES + """SELECT ?rel ?from ?begin WHERE {
        id:russia dtkg:chairs id:csto .
        ?rel a dtkg:Relation , org:Membership ; dtkg:subject id:russia ; dtkg:relationType dtkg:chairs ; dtkg:object id:csto ;
             dtkg:validFrom ?from ; org:role dtkg:Chair ; org:memberDuring/time:hasBeginning/time:inXSDgYearMonth ?begin ;
             dtkg:supportedBy ?claim . }"""
    (row,) = list(union.query(query))
    assert row.__getattr__("from") == Literal("2026-01", datatype=XSD.gYearMonth)  # type: ignore[union-attr]
    assert row.begin == Literal("2026-01", datatype=XSD.gYearMonth)  # type: ignore[union-attr]


def test_putin_chaired_the_meeting_not_the_commission(union: rdflib.Graph) -> None:
    meeting = _id("mtc-commission-meeting-01-30")
    assert (_id("putin"), DTKG.chairs, meeting) in union
    assert (meeting, DTKG.meetingOf, _id("mtc-commission")) in union
    assert (meeting, DTKG.heldOn, Literal("--01-30", datatype=XSD.gMonthDay)) in union
    assert (_id("putin"), DTKG.chairs, _id("mtc-commission")) not in union


REGIONS = ["middle-east", "asia-pacific", "africa", "latin-america", "central-asia", "europe"]


@pytest.mark.parametrize("region", REGIONS)
def test_rosoboronexport_partner_regions(union: rdflib.Graph, region: str) -> None:
    query = PREFIXES + """SELECT ?stated WHERE {
        ?rel a dtkg:Relation ; dtkg:subject ?s ; dtkg:relationType dtkg:partnerRegion ; dtkg:object ?o ;
             dtkg:supportedBy ?claim .
        ?claim prov:wasAttributedTo id:mikheev ; dtkg:statedOn ?stated . }"""
    subject, obj = _id("rosoboronexport"), _id(f"region-{region}")
    assert (subject, DTKG.partnerRegion, obj) in union
    (row,) = list(union.query(query, initBindings={"s": subject, "o": obj}))
    assert row.stated == Literal("--08-13", datatype=XSD.gMonthDay)  # type: ignore[union-attr]


def test_rosoboronexport_partner_regions_are_exactly_six(union: rdflib.Graph) -> None:
    assert set(union.objects(_id("rosoboronexport"), DTKG.partnerRegion)) == {_id(f"region-{r}") for r in REGIONS}


def test_stopped_cooperation_with_hostile_countries_on_august_13(union: rdflib.Graph) -> None:
    query = PREFIXES + """SELECT ?claim ?stated WHERE {
        id:rosoboronexport dtkg:stoppedCooperationWith id:hostile-countries .
        ?rel dtkg:subject id:rosoboronexport ; dtkg:relationType dtkg:stoppedCooperationWith ;
             dtkg:object id:hostile-countries ; dtkg:supportedBy ?claim .
        ?claim prov:wasAttributedTo id:mikheev ; dtkg:statedOn ?stated . }"""
    (row,) = list(union.query(query))
    assert row.stated == Literal("--08-13", datatype=XSD.gMonthDay)  # type: ignore[union-attr]
    assert (_id("hostile-countries"), rdflib.RDF.type, DTKG.CountryCategory) in union


@pytest.mark.parametrize(("kind", "minimum"), [(DTKG.Opinion, 10), (DTKG.Forecast, 2), (DTKG.Advice, 4)])
def test_expert_claims_have_stances(union: rdflib.Graph, kind: URIRef, minimum: int) -> None:
    query = PREFIXES + """SELECT ?claim WHERE {
        ?claim prov:wasAttributedTo id:unnamed-arms-export-expert ; dtkg:claimKind ?kind , dtkg:DirectQuote . }"""
    claims = list(union.query(query, initBindings={"kind": kind}))
    assert len(claims) >= minimum


def test_expert_advice_includes_due_diligence(union: rdflib.Graph) -> None:
    query = PREFIXES + """SELECT ?exact WHERE {
        ?claim prov:wasAttributedTo id:unnamed-arms-export-expert ; dtkg:claimKind dtkg:Advice ;
               dtkg:evidence/oa:hasSelector/oa:exact ?exact . }"""
    texts = {str(r.exact) for r in union.query(query)}  # type: ignore[union-attr]
    assert "Countries should conduct thorough due diligence before engaging in arms procurement." in texts


def test_expert_is_anonymous_and_not_merged(union: rdflib.Graph) -> None:
    expert = _id("unnamed-arms-export-expert")
    assert set(union.objects(expert, rdflib.RDF.type)) == {DTKG.AnonymousAgent}
    assert (expert, SCHEMA.name, None) not in union
    assert not list(union.objects(expert, rdflib.URIRef("http://www.w3.org/2002/07/owl#sameAs")))


def test_no_claim_is_spoken_by_the_interviewer(union: rdflib.Graph) -> None:
    """The interviewer never speaks a claim; relaying a premise ("Recently, Rosoboronexport reported ...") makes them its reporter."""
    interviewer = _id("unnamed-interviewer")
    assert (_id("doc-rosoboronexport-backlog-interview"), DTKG.interviewer, interviewer) in union
    assert list(union.subjects(rdflib.URIRef("http://www.w3.org/ns/prov#wasAttributedTo"), interviewer)) == []
    roles = {union.value(a, rdflib.URIRef("http://www.w3.org/ns/prov#hadRole"))
             for a in union.subjects(rdflib.URIRef("http://www.w3.org/ns/prov#agent"), interviewer)}
    assert roles <= {DTKG.Reporter}


def test_no_claim_quotes_a_question(union: rdflib.Graph) -> None:
    """A question is never a claim: no span holds a question sentence or lies inside one."""
    text = str(union.value(_id("doc-rosoboronexport-backlog-interview"), DTKG.text))
    sentences = [s.strip() for line in text.split("\n") for s in line.removeprefix("Q: ").split(". ")]
    questions = [s for s in sentences if s.endswith("?")]
    assert questions
    for exact in union.objects(None, OA.exact):
        assert "?" not in str(exact)
        assert not any(str(exact) in q for q in questions), str(exact)


def test_opinion_piece_opinions_are_the_authors(union: rdflib.Graph) -> None:
    query = PREFIXES + """SELECT DISTINCT ?speaker WHERE {
        ?claim schema:appearance id:doc-russia-2025-defense-export-opinion ; dtkg:claimKind dtkg:Opinion ;
               prov:wasAttributedTo ?speaker . }"""
    assert {r.speaker for r in union.query(query)} == {_id("author-russia-2025-defense-export-opinion")}  # type: ignore[union-attr]


def test_mikheev_has_no_stated_post(union: rdflib.Graph) -> None:
    assert list(union.objects(_id("mikheev"), rdflib.URIRef("http://www.w3.org/ns/org#holds"))) == []
    assert list(union.subjects(DTKG.subject, _id("mikheev"))) == []


def test_region_mappings_follow_m49(union: rdflib.Graph) -> None:
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    exact = {(str(s), str(union.value(o, skos.notation))) for s, o in union.subject_objects(skos.exactMatch)}
    assert exact == {(vocab.entity("region-africa"), "002"), (vocab.entity("region-central-asia"), "143"),
                     (vocab.entity("region-europe"), "150")}
    assert (_id("region-latin-america"), skos.closeMatch, _id("m49-419")) in union
    for region in ("region-middle-east", "region-asia-pacific"):
        assert not list(union.objects(_id(region), skos.exactMatch)) + list(union.objects(_id(region), skos.closeMatch))


def test_multilingual_labels(union: rdflib.Graph) -> None:
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    labels = {(s, str(o)) for s, p, o in union.triples((None, None, None)) if p in (skos.prefLabel, skos.altLabel)}
    for slug, label in [("rosoboronexport", "Рособоронэкспорт"), ("mikheev", "Михеев"), ("mikheev", "Mikheyev"),
                        ("csto", "ОДКБ"), ("cis", "СНГ"), ("putin", "Путин"), ("russia", "Россия")]:
        assert (_id(slug), label) in labels
