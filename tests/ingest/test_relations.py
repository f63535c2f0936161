"""graph.ingest.relations: the network edges a claim states, drafted like curated relations and conforming."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import paths, vocab
from graph.validation import validate_files
from tests.ingest.conftest import Drafter

DTKG = vocab.PREFIXES["dtkg"]


def _edges(answer: dict[str, object]) -> list[tuple[str, str, str]]:
    return [(r["subject"]["label"], r["predicate"], r["object"]["label"]) for r in answer["relations"]]  # type: ignore[index, attr-defined]


@pytest.mark.parametrize(
    ("sentence", "edge"),
    [
        ("Orvik Aerospace will supply 12 helicopters to the Tervian army, the company said.",
         ("Orvik Aerospace", "exportsTo", "Tervian army")),
        ("Orvik Aerospace sold radars worth 3.5 million euros to Tervia in 2024.", ("Orvik Aerospace", "exportsTo", "Tervia")),
        ("Tervia ordered 40 drones from Orvik Aerospace, the ministry said.", ("Orvik Aerospace", "exportsTo", "Tervia")),
        ("Orvik Aerospace signed a contract with Halden Systems on Monday.", ("Orvik Aerospace", "cooperatesWith", "Halden Systems")),
        ("Orvik Aerospace and the rival firm Halden Systems signed an agreement to build engines.",
         ("Orvik Aerospace", "cooperatesWith", "Halden Systems")),
        ("Orvik Aerospace will cooperate with Halden Systems on radars.", ("Orvik Aerospace", "cooperatesWith", "Halden Systems")),
        ("Tervia has suspended arms exports to Dorsa, the ministry said.", ("Tervia", "stoppedCooperationWith", "Dorsa")),
        ("Tervia stopped supplying rifles to Dorsa in March.", ("Tervia", "stoppedCooperationWith", "Dorsa")),
        ("The Dorsan air force took delivery of six trainers from Orvik Aerospace in May.", ("Orvik Aerospace", "exportsTo", "Dorsan air force")),
        ("Dorsa stopped buying Halden Systems sonars after the 2022 audit.", ("Dorsa", "stoppedCooperationWith", "Halden Systems")),
        ("Orvik Aerospace will sell Tervia up to 30 tanks.", ("Orvik Aerospace", "exportsTo", "Tervia")),
        ("Orvik Aerospace has delivered two of four frigates ordered by the Tervian navy.", ("Orvik Aerospace", "exportsTo", "Tervian navy")),
        ("The Tervian army will receive 12 helicopters from Orvik Aerospace.", ("Orvik Aerospace", "exportsTo", "Tervian army")),
        ("Tervia has joined the Northern Patrol Group, the ministry said.", ("Tervia", "memberOf", "Northern Patrol Group")),
        ("Orvik Aerospace is a member of the Baltic Radar Consortium.", ("Orvik Aerospace", "memberOf", "Baltic Radar Consortium")),
        # the fifth held-out set's phenomena, on new sentences
        ("Halden Systems is building four corvettes for the coast guard of Dorsa.", ("Halden Systems", "exportsTo", "coast guard of Dorsa")),
        ("The army of Dorsa bought 200 trucks from Rask Vehicles last year.", ("Rask Vehicles", "exportsTo", "army of Dorsa")),
        ("Orvik Aerospace and Halden Systems cooperated on a radar prototype in 2021.",
         ("Orvik Aerospace", "cooperatesWith", "Halden Systems")),
        ("Tervia stopped cooperating with the Dorsan navy after the election.", ("Tervia", "stoppedCooperationWith", "Dorsan navy")),
        # the contract is the relation, not an export: what it is "to build … for" is its content
        ("Orvik Aerospace signed a contract to build two tankers for the Tervian navy.", ("Orvik Aerospace", "cooperatesWith", "Tervian navy")),
        # the sixth held-out set's phenomena, on new sentences: a coordinated subject that stops cooperating, a
        # purchase paid for (the maker an adjective of a country the article names)
        ("Orvik Aerospace and Halden Systems ended their partnership on trainer jets last year.",
         ("Orvik Aerospace", "stoppedCooperationWith", "Halden Systems")),
        ("Dorsa is a small market. Tervia paid 45 million euros for Dorsan patrol boats.", ("Dorsa", "exportsTo", "Tervia")),
        ("Tervia paid 45 million euros for Orvik Aerospace trainers.", ("Orvik Aerospace", "exportsTo", "Tervia")),
        # a hearsay clause ends at a comma: what follows is stated
        ("Despite reports of a delay, Orvik Aerospace delivered six trainers to Tervia in May.", ("Orvik Aerospace", "exportsTo", "Tervia")),
        # the assertion gate stops at a comma and knows the month from the modal
        ("In May Orvik Aerospace sold six trainers to Tervia.", ("Orvik Aerospace", "exportsTo", "Tervia")),
        ("After talks in March, Orvik Aerospace sold six trainers to Tervia.", ("Orvik Aerospace", "exportsTo", "Tervia")),
        # the seventh held-out set's missed forms, on new sentences: the seller paid before the amount, "supply Y with",
        # a joint venture dissolved by a coordinated subject, "presides over", "runs", a relative clause before the verb
        ("The Tervian navy paid Halden Systems 40 million euros for two sonars.", ("Halden Systems", "exportsTo", "Tervian navy")),
        ("Orvik Aerospace will provide Dorsa with six trainers.", ("Orvik Aerospace", "exportsTo", "Dorsa")),
        ("Orvik Aerospace and Halden Systems, which dissolved their joint venture in 2023, now compete for the order.",
         ("Orvik Aerospace", "stoppedCooperationWith", "Halden Systems")),
        ("Ana Ruiz presides over the Tervian Defence Association.", ("Ana Ruiz", "chairs", "Tervian Defence Association")),
        ("Ana Ruiz runs Halden Systems.", ("Ana Ruiz", "holds", "head of Halden Systems")),
        ("Halden Systems, which lost the tender, sold radars to Dorsa.", ("Halden Systems", "exportsTo", "Dorsa")),
        # the eighth held-out set's missed forms, on new sentences: "collaborated" by a coordinated subject, a
        # purchase cancelled "from" the seller, a possessive actor noun, and a condition in another clause than the cue
        ("Rask Vehicles and Orvik Aerospace collaborated on a bridge-laying tank.", ("Rask Vehicles", "cooperatesWith", "Orvik Aerospace")),
        ("Dorsa cancelled the planned purchase of six sonars from Halden Systems.", ("Dorsa", "stoppedCooperationWith", "Halden Systems")),
        ("Tervia's coast guard has halted its orders of patrol boats from Rask Vehicles.",
         ("Tervia's coast guard", "stoppedCooperationWith", "Rask Vehicles")),
        ("Orvik Aerospace has sold trainers to Dorsa, but it will halt deliveries if the war spreads.", ("Orvik Aerospace", "exportsTo", "Dorsa")),
        ("Halden Systems supplied sonars to Tervia; the navy may order more if the budget allows.", ("Halden Systems", "exportsTo", "Tervia")),
        # the ninth held-out set's phenomena, on new sentences: a cessation is stopped cooperation, never a current
        # trade — "stopped supplying Y" (the buyer right after the gerund), every form of the stop verbs ("has frozen",
        # "ceased"), "stopped buying … from X"
        ("Rask Vehicles stopped supplying Dorsa after the coup.", ("Rask Vehicles", "stoppedCooperationWith", "Dorsa")),
        ("Halden Systems has ceased arming the Dorsan police, the company said.", ("Halden Systems", "stoppedCooperationWith", "Dorsan police")),
        ("Dorsa has frozen its contract purchases of radars from Orvik Aerospace.", ("Dorsa", "stoppedCooperationWith", "Orvik Aerospace")),
        ("Tervia ceased all arms sales to Dorsa in 2023.", ("Tervia", "stoppedCooperationWith", "Dorsa")),
        ("The Tervian navy stopped buying sonars from Halden Systems last year.", ("Tervian navy", "stoppedCooperationWith", "Halden Systems")),
    ],
)
def test_relation_forms(drafted: Drafter, sentence: str, edge: tuple[str, str, str]) -> None:
    assert _edges(drafted(sentence)) == [edge]


def test_a_relative_clause_before_the_verb_leaves_the_subject_before_it(drafted: Drafter) -> None:
    answer = drafted("Ana Ruiz, who has run Halden Systems since 2020, also presides over the Tervian Defence Association.")
    assert sorted(_edges(answer)) == [("Ana Ruiz", "chairs", "Tervian Defence Association"), ("Ana Ruiz", "holds", "head of Halden Systems")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Orvik Aerospace did not sell helicopters to Tervia.",
        "Orvik Aerospace plans to supply helicopters to Tervia.",
        "Three companies bid to supply radars to the Amaru coast guard.",
        "Ana Ruiz sold her shares to Orvik Aerospace.",  # a person is no network node
        "Arms transfers to Tervia rose last year.",
        "Tervia has applied to join the Northern Patrol Group.",
        "Ana Ruiz joined Orvik Aerospace in 2020.",  # a person's job is no network edge
        "Tervia revoked all export licences for radars to Dorsa.",  # a licence is not a delivery
        "Orvik Aerospace and Halden Systems may cooperate on drones.",
        # the sixth held-out set's phenomenon, on new sentences: a reported or denied clause states no relation
        "Claims that Orvik Aerospace sold drones to Dorsa were rejected by the ministry.",
        "Allegations of Halden Systems shipping rifles to the Dorsan police are unfounded, the company said.",
        "The Dorsan government denied that Halden Systems had sold radars to Tervia.",
        "Halden Systems denies selling sonars to the Dorsan navy.",
        "Orvik Aerospace dismissed reports that it had signed a contract with Halden Systems.",
        # the seventh held-out set's phenomena, on new sentences: the assertion gate — rumours, talks, offers, wishes,
        # deliberation, conditions, counterfactuals and obligations state no relation, however far the cue
        "Halden Systems is said to be negotiating to sell four radars to Dorsa.",
        "Orvik Aerospace is reportedly close to a deal to supply trainers to the Dorsan air force.",
        "Tervia is in talks to buy patrol boats from Halden Systems.",
        "Halden Systems has offered to supply three corvettes to Dorsa.",
        "Halden Systems offered Dorsa 30 armoured trucks at a discount.",
        "The Dorsan navy would like to acquire two submarines from Orvik Aerospace.",
        "Tervia is weighing whether to buy drones from Orvik Aerospace.",
        "If Tervia orders the jets from Orvik Aerospace, the first would arrive in 2029.",
        "Unless Dorsa objects, Halden Systems will deliver four radars to Tervia.",
        "Should Dorsa buy sonars from Halden Systems, its navy would need new ships.",
        "Had Tervia bought the trucks from Rask Vehicles, it would have saved money.",
        "Were Orvik Aerospace to sell jets to Dorsa, Tervia would protest.",
        "Orvik Aerospace will sell helicopters to Tervia only if parliament agrees.",
        "Tervia would have bought the radars from Halden Systems a year earlier.",
        "Dorsa should buy its rifles from Rask Vehicles instead.",
        "Ana Ruiz presided over the meeting of the Tervian Defence Association.",  # one meeting is not the body
        "Halden Systems will not supply Dorsa with radars.",
        # a condition after the cue in the same clause still blocks it; a comma alone opens no new clause
        "Orvik Aerospace will sell trainers to Dorsa as long as the embargo stays lifted.",
        "Orvik Aerospace will sell trainers to Dorsa, if parliament agrees.",
        # the ninth held-out set's phenomenon, on new sentences: what a stop verb governs is no current export, even
        # where no stop form reads the ended relation
        "Dorsa froze orders for sonars from Halden Systems.",
        "Tervia discontinued the supply of radars to Dorsa.",
    ],
)
def test_no_relation_is_drafted_that_the_text_does_not_state(drafted: Drafter, sentence: str) -> None:
    assert drafted(sentence)["relations"] == []


def test_a_relation_is_supported_by_the_claim_that_states_it_and_has_its_words(drafted: Drafter) -> None:
    article = "Tervia has suspended arms exports to Dorsa, the foreign ministry said."
    answer = drafted(article)
    (relation,) = answer["relations"]
    (claim,) = answer["claims"]
    assert relation["claim"] == claim["id"]
    assert relation["span"]["exact"] == article[relation["span"]["start"] : relation["span"]["end"]] == "suspended arms exports to Dorsa"
    assert relation["predicate_label"] == "stopped cooperation with"
    assert relation["confidence"] < 0.8  # both ends are names the text gives no type for
    assert any("has no type the text gives" in w for w in answer["warnings"])


def test_the_draft_holds_the_truthy_triple_and_its_relation_node_and_conforms(drafted: Drafter, tmp_path: Path) -> None:
    answer = drafted("Orvik Aerospace signed a €2.4 billion contract with Halden Systems, the company said on Monday.",
                     published="2025-03-04")
    (relation,) = answer["relations"]
    draft = tmp_path / "draft.trig"
    draft.write_text(answer["draft"], encoding="utf-8")
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(answer["draft"].encode(), format=ox.RdfFormat.TRIG)}
    subject, obj = ox.NamedNode(vocab.entity("orvik-aerospace")), ox.NamedNode(vocab.entity("halden-systems"))
    node = ox.NamedNode(vocab.entity(relation["id"]))
    assert (subject, ox.NamedNode(DTKG + "cooperatesWith"), obj) in triples
    assert (node, ox.NamedNode(DTKG + "supportedBy"), ox.NamedNode(vocab.entity(relation["claim"]))) in triples
    report = validate_files([*sorted(paths.DATA_DIR.glob("*.trig")), draft])
    assert report.conforms, report.to_text()


def test_a_curator_keeps_only_the_relations_accepted(drafted: Drafter) -> None:
    article = "Tervia has suspended arms exports to Dorsa. Orvik Aerospace sold radars to Tervia."
    answer = drafted(article)
    assert len(answer["relations"]) == 2
    kept = answer["relations"][1]["id"]
    again = drafted(article, claims=answer["claims"], keep_relations=[kept])
    assert [r["id"] for r in again["relations"]] == [kept]
    assert kept in again["draft"] and answer["relations"][0]["id"] not in again["draft"]


def test_a_membership_is_drafted_as_the_curated_org_membership_and_conforms(drafted: Drafter, tmp_path: Path) -> None:
    answer = drafted("Tervia has joined the Northern Patrol Initiative, the ministry said on Monday.", published="2025-03-04")
    (relation,) = answer["relations"]
    assert relation["object"]["id"] == "northern-patrol-initiative"
    entity = {e["id"]: e for e in answer["entities"]}["northern-patrol-initiative"]
    assert entity["type"] == "IntergovernmentalOrganization" and entity["new"]
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(answer["draft"].encode(), format=ox.RdfFormat.TRIG)}
    node = ox.NamedNode(vocab.entity(relation["id"]))
    org = vocab.PREFIXES["org"]
    assert (node, ox.NamedNode(org + "member"), ox.NamedNode(vocab.entity("tervia"))) in triples
    assert (node, ox.NamedNode(org + "role"), ox.NamedNode(DTKG + "Member")) in triples
    draft = tmp_path / "draft.trig"
    draft.write_text(answer["draft"], encoding="utf-8")
    report = validate_files([*sorted(paths.DATA_DIR.glob("*.trig")), draft])
    assert report.conforms, report.to_text()


def test_partners_in_a_list_of_regions_give_one_edge_per_region(drafted: Drafter) -> None:
    answer = drafted("Orvik Aerospace said it works with partners from the Middle East, the Asia-Pacific region and Africa, "
                     "and with customers in Tervia.")
    assert _edges(answer) == [("Orvik Aerospace", "partnerRegion", region) for region in ("Middle East", "Asia-Pacific", "Africa")]


@pytest.mark.parametrize(
    ("sentence", "edge"),
    [
        ("Tervia chairs the Northern Patrol Group this year.", ("Tervia", "chairs", "Northern Patrol Group")),
        ("Ana Ruiz is the chair of the Baltic Radar Consortium.", ("Ana Ruiz", "chairs", "Baltic Radar Consortium")),
        ("Ana Ruiz has headed Orvik Aerospace since 2019.", ("Ana Ruiz", "holds", "head of Orvik Aerospace")),
        ("Piet Hollander leads Halden Systems, the company said.", ("Piet Hollander", "holds", "head of Halden Systems")),
        ("Orvik Aerospace, which is led by former general Piet Hollander, lost the tender.",
         ("Piet Hollander", "holds", "head of Orvik Aerospace")),
        # a second verb phrase shares the clause's subject: who chairs is the first name, not the company before "and"
        ("Ana Ruiz joined Orvik Aerospace in 2019 and now chairs the Baltic Radar Consortium.",
         ("Ana Ruiz", "chairs", "Baltic Radar Consortium")),
    ],
)
def test_chairing_and_heading_are_drafted_as_the_curated_chairs_and_post_holding(drafted: Drafter, sentence: str,
                                                                               edge: tuple[str, str, str]) -> None:
    assert _edges(drafted(sentence)) == [edge]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dorsa chaired the Northern Patrol Group meeting in May.",  # one meeting is not the body (MODEL.md)
        "Ana Ruiz does not chair the Baltic Radar Consortium.",
        "Ana Ruiz may lead Orvik Aerospace next year.",
        "The consortium leads the market in radars.",
    ],
)
def test_no_chair_or_post_is_drafted_that_the_text_does_not_state(drafted: Drafter, sentence: str) -> None:
    assert drafted(sentence)["relations"] == []


def test_a_chair_is_a_membership_and_a_head_a_post_holding_and_both_conform(drafted: Drafter, tmp_path: Path) -> None:
    answer = drafted("Ana Ruiz has headed Orvik Aerospace since 2019. Tervia chairs the Northern Patrol Group, "
                     "the ministry said on Monday.", published="2025-03-04")
    holds, chairs = sorted(answer["relations"], key=lambda r: r["predicate"], reverse=True)
    assert (holds["predicate"], chairs["predicate"]) == ("holds", "chairs")
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(answer["draft"].encode(), format=ox.RdfFormat.TRIG)}
    org = vocab.PREFIXES["org"]
    post = ox.NamedNode(vocab.entity(holds["object"]["id"]))
    assert (ox.NamedNode(vocab.entity(holds["subject"]["id"])), ox.NamedNode(org + "holds"), post) in triples
    assert (post, ox.NamedNode(org + "postIn"), ox.NamedNode(vocab.entity("orvik-aerospace"))) in triples
    assert (ox.NamedNode(vocab.entity(holds["id"])), ox.NamedNode(str(vocab.RDF.type)), ox.NamedNode(DTKG + "PostHolding")) in triples
    assert (ox.NamedNode(vocab.entity(chairs["id"])), ox.NamedNode(org + "role"), ox.NamedNode(DTKG + "Chair")) in triples
    draft = tmp_path / "draft.trig"
    draft.write_text(answer["draft"], encoding="utf-8")
    report = validate_files([*sorted(paths.DATA_DIR.glob("*.trig")), draft])
    assert report.conforms, report.to_text()


def test_we_in_an_answer_is_the_organisation_named_beside_the_interviewee(drafted: Drafter) -> None:
    """The eighth held-out set's "we" of an interview answer, on a new interview: resolved only when the text names it."""
    named = ("Interview with Ivo Sark, sales director of Rask Vehicles\n"
             "Q: Who buys your trucks?\n"
             "A: We sold forty trucks to Dorsa last year.\n"
             "Q: And partners?\n"
             "A: Our company cooperates with Halden Systems on engines.\n")
    assert sorted(_edges(drafted(named, title="Interview with Ivo Sark"))) == [
        ("Rask Vehicles", "cooperatesWith", "Halden Systems"), ("Rask Vehicles", "exportsTo", "Dorsa")]
    unnamed = ("Interview with Ivo Sark\n"
               "Q: Who buys your trucks?\n"
               "A: We sold forty trucks to Dorsa last year.\n")
    assert _edges(drafted(unnamed, title="Interview with Ivo Sark")) == []


def test_a_cessation_is_never_drafted_as_a_current_export(drafted: Drafter) -> None:
    """The ninth held-out set's "We stopped supplying Sundar", on a new interview: the interviewee's company stopped."""
    article = ("Interview with Lea Brun, export director of Rask Vehicles\n"
               "Q: Who buys your trucks?\n"
               "A: We stopped supplying Tervia in May, and we now sell to Dorsa.\n")
    assert sorted(_edges(drafted(article, title="Interview with Lea Brun"))) == [
        ("Rask Vehicles", "exportsTo", "Dorsa"), ("Rask Vehicles", "stoppedCooperationWith", "Tervia")]


def test_a_name_before_a_verb_in_a_heading_is_no_weapon(drafted: Drafter) -> None:
    """The ninth held-out set's "Tervia freezes frigate order" heading, on a new article: "Dorsa halts tank order" made
    Dorsa a weapon system (a weapon noun two words on), so no relation could end at it."""
    article = "Dorsa halts tank order\nNORDBY, 4 May 2026 — Dorsa has halted its order for 40 tanks from Rask Vehicles, a minister said.\n"
    answer = drafted(article, title="Dorsa halts tank order")
    assert _edges(answer) == [("Dorsa", "stoppedCooperationWith", "Rask Vehicles")]
    assert {e["label"]: e["type"] for e in answer["entities"]}["Dorsa"] != "WeaponSystem"


# The tenth round (set 10's first-run phenomena, on new sentences): an ended relation said with "no longer", trade
# stated by a noun, and a noun trade followed by a stop verb (ended, never a current export).
@pytest.mark.parametrize(
    ("sentence", "edges"),
    [
        ("Baltic Marine no longer buys steel from Ostra.", [("Baltic Marine", "stoppedCooperationWith", "Ostra")]),
        ("Baltic Marine no longer sells engines to Norland's navy.", [("Baltic Marine", "stoppedCooperationWith", "Norland's navy")]),
        ("Karva Arms no longer supplies Ostra.", [("Karva Arms", "stoppedCooperationWith", "Ostra")]),
        ("Karva Arms no longer works with the Ostra army.", [("Karva Arms", "stoppedCooperationWith", "Ostra army")]),
        ("Baltic Marine resumed shipments of engines to Karvia in May.", [("Baltic Marine", "exportsTo", "Karvia")]),
        ("Ostra doubled its deliveries of shells to Karvia this year.", [("Ostra", "exportsTo", "Karvia")]),
        ("Karva Arms' sales to Norland ended in June.", [("Karva Arms", "stoppedCooperationWith", "Norland")]),
        ("Baltic Marine's exports to Ostra, halted since 2023, will resume.", [("Baltic Marine", "stoppedCooperationWith", "Ostra")]),
        # still nothing the text does not state
        ("Karva Arms did not resume deliveries of rifles to Karvia.", []),
        ("Karva Arms may resume shipments of rifles to Karvia.", []),
        ("Baltic Marine no longer trusts its old supplier, Karva Arms.", []),
    ],
)
def test_ended_and_noun_trade(drafted: Drafter, sentence: str, edges: list[tuple[str, str, str]]) -> None:
    assert _edges(drafted(sentence)) == edges


def test_the_speakers_own_organisation_by_its_noun_or_our_is_the_one_named_beside_them(drafted: Drafter) -> None:
    """Set 10's "The ministry no longer buys from X" and "… to our yard" in an answer, on a new interview: the speaker's
    organisation named beside them, and only when its label has that noun ("the navy" is not the ministry)."""
    article = ("Ten minutes with Karl Ode, head of procurement at Norland's defence ministry\n"
               "Why did you drop Baltic Marine?\n"
               "The ministry no longer buys from Baltic Marine because its cutters were late.\n"
               "Who else supplies you?\n"
               "Westvik Shipyards resumed deliveries of engines to our ministry in May.\n"
               "And the navy?\n"
               "The navy still buys rifles from Karva Arms, but that is not my budget.\n")
    assert sorted(_edges(drafted(article, title="Ten minutes with Karl Ode"))) == [
        ("Norland's defence ministry", "stoppedCooperationWith", "Baltic Marine"),
        ("Westvik Shipyards", "exportsTo", "Norland's defence ministry")]


@pytest.mark.parametrize(
    ("sentence", "edges"),
    [
        # the eleventh round: a trade of nothing states no trade; a real one beside it still does
        ("Karva Arms has sold no rifles to Ostra since 2023.", []),
        ("Ostra bought nothing from Baltic Marine last year.", []),
        ("Karva Arms has exported none of its new rifles to Ostra.", []),
        ("Karva Arms sold twelve rifles to Ostra in 2023.", [("Karva Arms", "exportsTo", "Ostra")]),
    ],
)
def test_a_trade_of_nothing_is_no_relation(drafted: Drafter, sentence: str, edges: list[tuple[str, str, str]]) -> None:
    assert _edges(drafted(sentence)) == edges


@pytest.mark.parametrize(
    ("sentence", "edges"),
    [
        # the twelfth round: a negated relation noun or verb phrase states no relation
        ("Baltic Marine has no partnership with Ostra, a spokesman said.", []),
        ("Karva Arms signed no agreement with Varna in 2024.", []),
        ("Karva Arms and Baltic Marine signed no agreement last year.", []),
        ("There is no deal between Karva Arms and Baltic Marine.", []),
        ("Baltic Marine never cooperated with Tallin Defence.", []),
        ("Karva Arms has made no sales to Ostra since 2020.", []),
        # a negation elsewhere in the sentence does not negate the relation
        ("Baltic Marine sold two tugs to Ostra without a licence.", [("Baltic Marine", "exportsTo", "Ostra")]),
        ("Karva Arms signed a contract with Varna in 2024.", [("Karva Arms", "cooperatesWith", "Varna")]),
    ],
)
def test_a_negated_relation_states_none(drafted: Drafter, sentence: str, edges: list[tuple[str, str, str]]) -> None:
    assert _edges(drafted(sentence)) == edges


@pytest.mark.parametrize(
    ("article", "edges"),
    [
        # what a correction retracts states no relation; what it says is true instead is drafted
        ("An earlier version of this article said that Tallin Defence had sold twenty rifles to Ostra. "
         "Tallin Defence sold the rifles to Varna.", [("Tallin Defence", "exportsTo", "Varna")]),
        ("An earlier version of this article stated that Baltic Marine signed a contract with Karva Arms.", []),
        ("An earlier version of this report reported that Ostra bought radars from Baltic Marine.", []),
        ("It was incorrectly reported that Karva Arms sold guns to Ostra.", []),
        ("Karva Arms's sale of guns to Ostra was incorrectly reported on Monday.", []),
        ("Karva Arms did not, as previously reported, sell rifles to Varna. It sold them to Ostra.", []),
        ("A wire report on Monday said that Baltic Marine would ship four tugs to Varna. That was wrong. "
         "Baltic Marine shipped the tugs to Ostra, the company said.", [("Baltic Marine", "exportsTo", "Ostra")]),
        # not a retraction: the same report without a correction, or a “That was wrong.” two sentences later
        ("Baltic Marine sold two tugs to Ostra. The navy said little else. That was wrong, critics said.",
         [("Baltic Marine", "exportsTo", "Ostra")]),
        ("A wire report on Monday said that Baltic Marine would ship four tugs to Varna. The tugs are ready.",
         [("Baltic Marine", "exportsTo", "Varna")]),
    ],
)
def test_retracted_content_states_no_relation(drafted: Drafter, article: str, edges: list[tuple[str, str, str]]) -> None:
    assert _edges(drafted(article)) == edges


def test_retracted_content_is_not_the_outlets_assertion(drafted: Drafter) -> None:
    """The claim a correction retracts is attributed to the earlier version, never to the author of the correction."""
    answer = drafted("An earlier version of this article said that Tallin Defence had sold twenty rifles to Ostra.")
    speakers = [c["speaker"]["label"] for c in answer["claims"] if "Ostra" in c["text"]]
    assert speakers and not any("author of" in s for s in speakers)
