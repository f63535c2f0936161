"""Speakers, kinds and spans of drafted claims, one news-English form per case."""

from __future__ import annotations

import re

import pytest

from graph.ingest.entities import Registry
from graph.ingest.speakers import Speakers
from tests.ingest.conftest import Drafter

INTRO = "Defence Minister Jan Novak visited the Vell shipyard. "


@pytest.mark.parametrize(
    ("sentence", "speaker", "kind", "text"),
    [
        ("Jan Novak said that the navy needs new frigates.", "Jan Novak", "indirect-speech", "the navy needs new frigates"),
        ("Jan Novak told reporters the navy needs new frigates.", "Jan Novak", "indirect-speech", "the navy needs new frigates"),
        ("The navy needs new frigates, Jan Novak said.", "Jan Novak", "indirect-speech", "The navy needs new frigates"),
        ("The navy needs new frigates, said Jan Novak.", "Jan Novak", "indirect-speech", "The navy needs new frigates"),
        ("According to Jan Novak, the navy needs new frigates.", "Jan Novak", "indirect-speech", "the navy needs new frigates"),
        ("Jan Novak said in a statement that the navy needs new frigates.", "Jan Novak", "indirect-speech", "the navy needs new frigates"),
        ("“The navy needs new frigates,” Jan Novak said.", "Jan Novak", "direct-quote", "The navy needs new frigates"),
        ("Jan Novak said: “The navy needs new frigates.”", "Jan Novak", "direct-quote", "The navy needs new frigates."),
        ("She said the navy needs new frigates.", "Jan Novak", "indirect-speech", "the navy needs new frigates"),
        ("He said the navy needs new frigates.", "Jan Novak", "indirect-speech", "the navy needs new frigates"),
        ("The minister said the navy needs new frigates.", "Jan Novak", "indirect-speech", "the navy needs new frigates"),
        ("The navy needs new frigates.", "author of “Test article”", "document-assertion", "The navy needs new frigates."),
        # an appositive between the speaker and the verb, before or after the content
        ("Ana Ruiz, head of sales at Orvik Aerospace, said her company had cut prices.", "Ana Ruiz", "indirect-speech",
         "her company had cut prices"),
        ("The navy needs new frigates, the head of the navy, Ana Ruiz, said on Monday.", "Ana Ruiz", "indirect-speech",
         "The navy needs new frigates"),
        ("“The navy needs new frigates,” the shipyard's chief engineer, Ana Ruiz, wrote in a memo.", "Ana Ruiz", "direct-quote",
         "The navy needs new frigates"),
        ("Orvik Aerospace, which lost the tender, said it would appeal.", "Orvik Aerospace", "indirect-speech", "it would appeal"),
        # negated reporting is the author's statement that nothing was said
        ("The ministry confirmed the sale but did not say how many frigates it bought.", "author of “Test article”",
         "document-assertion", "The ministry confirmed the sale but did not say how many frigates it bought."),
        ("Neither company disclosed the price of the frigates.", "author of “Test article”", "document-assertion",
         "Neither company disclosed the price of the frigates."),
        ("The ministry would not confirm the sale, but Jan Novak said the frigates were paid for.", "Jan Novak",
         "indirect-speech", "the frigates were paid for"),
        # a plural group speaks, not the organisation it comes from
        ("Officials at the Ministry of Defence said the frigates were late.", "unnamed Officials at the Ministry of",
         "indirect-speech", "the frigates were late"),
        ("Dock workers welcomed the order but warned that jobs were at risk.", "unnamed Dock workers", "indirect-speech",
         "jobs were at risk"),
        # an appositive name after "According to"; a participle after the verb
        ("According to the alliance's secretary-general, Ana Ruiz, the frigates were late.", "Ana Ruiz", "indirect-speech",
         "the frigates were late"),
        ("Ana Ruiz denied this, saying that the frigates were paid for.", "Ana Ruiz", "indirect-speech", "the frigates were paid for"),
        # a fragment quoted as a name for something
        ("Jan Novak called the purchase “a long overdue step”.", "Jan Novak", "direct-quote", "a long overdue step"),
        # the seventh held-out set's phenomena, on new sentences: a subject with its name in apposition before "said" is
        # the speaker, not inverted content; a count before a verb's form makes it a noun; a report "calculates"; a
        # gerund after "denied" is the author's report of a denial, not speech
        ("The agency's chief economist, Tomas Berg, said exports rose sharply last year.", "Tomas Berg", "indirect-speech",
         "exports rose sharply last year"),
        ("Tervia is weighing whether to join the pact, which unites 14 states.", "author of “Test article”",
         "document-assertion", "Tervia is weighing whether to join the pact, which unites 14 states."),
        ("Had the navy waited, it would have paid less, the audit office calculates.", "audit office", "indirect-speech",
         "Had the navy waited, it would have paid less"),
        ("Halden Systems denied selling radars to the coast guard.", "author of “Test article”", "document-assertion",
         "Halden Systems denied selling radars to the coast guard."),
    ],
)
def test_attribution_forms(drafted: Drafter, sentence: str, speaker: str, kind: str, text: str) -> None:
    answer = drafted(INTRO + sentence)
    claim = answer["claims"][-1]
    assert (claim["speaker"]["label"], claim["kind"], claim["text"]) == (speaker, kind, text)


def test_spans_are_exactly_the_text(drafted: Drafter) -> None:
    article = INTRO + "“We will buy two frigates,” Novak said on Tuesday. She added that costs fell by less than 5%."
    for claim in drafted(article)["claims"]:
        assert article[claim["span"]["start"] : claim["span"]["end"]] == claim["text"] == claim["span"]["exact"]


def test_a_bare_quote_takes_the_speaker_of_the_previous_quote(drafted: Drafter) -> None:
    answer = drafted("“We are ready,” said Lena Ortiz. “The yard will hire 300 welders.”")
    assert [c["speaker"]["label"] for c in answer["claims"]] == ["Lena Ortiz", "Lena Ortiz"]


def test_a_report_speaks_as_a_reported_source_and_the_author_reports_it(drafted: Drafter) -> None:
    answer = drafted("According to the annual report of the Coastal Shipbuilders Association, exports rose by 12 per cent in 2024.")
    (claim,) = answer["claims"]
    assert claim["speaker"]["label"].startswith("annual report of the Coastal Shipbuilders Association")
    assert claim["reported_by"]["id"] == answer["source"]["author"]["id"]
    assert claim["speaker"]["id"] != claim["reported_by"]["id"]
    assert "ReportedSource" in answer["draft"]


def test_an_organisation_speaks_and_is_referred_back_to(drafted: Drafter) -> None:
    answer = drafted("The Ministry of Defence said exports rose. The ministry added that it will hire staff.")
    assert [c["speaker"]["label"] for c in answer["claims"]] == ["Ministry of Defence", "Ministry of Defence"]


def test_interview_questions_are_never_claims_and_answers_are_the_interviewees(drafted: Drafter) -> None:
    article = ("Interview with Lena Ortiz, trade economist\n"
               "Q: What does the backlog tell us about demand?\n"
               "A: The backlog shows strong demand for frigates. Prices will rise next year.\n")
    answer = drafted(article, title="Interview with Lena Ortiz")
    assert [c["text"] for c in answer["claims"]] == ["The backlog shows strong demand for frigates.", "Prices will rise next year."]
    assert {c["speaker"]["label"] for c in answer["claims"]} == {"Lena Ortiz"}
    assert all("?" not in c["text"] for c in answer["claims"])
    assert answer["claims"][1]["stance"] == "forecast"


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Jan Novak said the navy should buy frigates.", "advice"),
        ("Jan Novak said the navy will buy frigates next year.", "forecast"),
        ("In my view, this is a reckless purchase.", "opinion"),
        ("Jan Novak said the navy bought frigates.", None),
        ("Jan Novak said: “I would prefer a faster yard.”", "opinion"),
        ("Jan Novak said: “The order should have come years ago.”", "opinion"),
        ("Jan Novak said the order was smaller than expected.", None),
        ("Jan Novak said the price was too high.", "opinion"),
        ("Jan Novak said the frigates are due in 2027.", "forecast"),
        ("Halden Systems expects to open two plants in Dorsa.", "forecast"),
        ("Jan Novak said the order could rise to 40 trucks if Dorsa agrees.", "forecast"),  # a possible change
        ("Jan Novak said the last two tankers should reach the fleet in the autumn.", "forecast"),
        # the sixth held-out set's phenomena, on new sentences
        ("Jan Novak said the trials had taken too long.", "opinion"),
        ("Jan Novak said the official count was an overestimate.", "opinion"),
        ("The order is worth 40 million euros, and a second batch could raise it to 70 million euros.", "forecast"),
        # the seventh held-out set's phenomena, on new sentences: an inverted condition is no advice, a possibility under
        # a condition is a forecast, a counterfactual and a negated plan are none
        ("Should the budget grow, the navy would order more frigates.", "forecast"),
        ("If the trials succeed, the army could field the trucks in May.", "forecast"),
        ("Had the navy waited, it would have paid twice as much for the frigates.", None),
        ("Halden Systems does not plan to build a second plant in Dorsa.", None),
        # the eighth held-out set's phenomena, on new sentences: a wish is no stance (a preference stays an opinion)
        ("Jan Novak said: “We would love to build frigates for Dorsa one day.”", None),
        ("Jan Novak said: “We would like to open a plant in Tervia.”", None),
    ],
)
def test_stances(drafted: Drafter, sentence: str, stance: str | None) -> None:
    assert drafted(sentence)["claims"][-1]["stance"] == stance


def test_no_year_is_stated_that_the_text_does_not_give(drafted: Drafter) -> None:
    answer = drafted("On 3 July, Jan Novak said the navy bought frigates last year.", published="2025-03-05")
    (claim,) = answer["claims"]
    assert claim["date"]["value"] == "--07-03" and claim["date"]["precision"] == "month-day"
    assert claim["date"]["inferred"]["value"] == "2024-07-03" and claim["date"]["inferred"]["basis"]
    assert '"--07-03"^^xsd:gMonthDay' in answer["draft"]


def test_a_quotation_of_several_sentences_gives_one_claim_per_sentence(drafted: Drafter) -> None:
    answer = drafted("“When the navy asked ‘can you build it?’, we said yes. We will deliver in May,” said Ana Ruiz.")
    assert [(c["speaker"]["label"], c["kind"], c["text"]) for c in answer["claims"]] == [
        ("Ana Ruiz", "direct-quote", "When the navy asked ‘can you build it?’, we said yes."),
        ("Ana Ruiz", "direct-quote", "We will deliver in May"),
    ]


def test_passive_reporting_names_no_speaker_so_the_last_one_is_assumed_with_a_warning(drafted: Drafter) -> None:
    answer = drafted("The Ministry of Defence said exports rose. It was also announced that the navy will buy four frigates.")
    last = answer["claims"][-1]
    assert (last["speaker"]["label"], last["kind"], last["text"]) == (
        "Ministry of Defence", "indirect-speech", "the navy will buy four frigates")
    assert last["confidence"] <= 0.6
    assert any("names no speaker" in w for w in answer["warnings"])


def test_passive_reporting_with_nobody_before_it_is_an_unnamed_source(drafted: Drafter) -> None:
    (claim,) = drafted("It was reported that the navy will buy four frigates.")["claims"]
    assert claim["speaker"]["label"] == "unnamed source" and claim["speaker"]["new"]


def test_speaker_labelled_interview_turns(drafted: Drafter) -> None:
    article = ("Interview with Lena Ortiz\n"
               "Harbour Gazette: Exports have doubled. Why?\n"
               "Ortiz: Demand for frigates is strong.\n"
               "Harbour Gazette: Some say prices are too high.\n"
               "Ortiz: I don't think they are.\n")
    answer = drafted(article, title="Interview with Lena Ortiz")
    assert [(c["speaker"]["label"], c["text"], c["stance"]) for c in answer["claims"]] == [
        ("Lena Ortiz", "Demand for frigates is strong.", None),
        ("Lena Ortiz", "I don't think they are.", "opinion"),
    ]


def test_a_dateline_after_a_headline_gives_the_publication_date(drafted: Drafter) -> None:
    answer = drafted("Orvik wins order\nSORREL, 3 March 2026 — Orvik Aerospace won the order, the company said on Monday.")
    (claim,) = answer["claims"]
    assert claim["date"]["inferred"]["value"] == "2026-03-02"


def test_it_was_reported_is_hearsay_from_an_unnamed_source_even_after_a_speaker(drafted: Drafter) -> None:
    answer = drafted("Orvik Aerospace said exports rose. It was reported last week that the navy will buy four frigates.")
    assert answer["claims"][-1]["speaker"]["label"] == "unnamed source"


def test_a_generic_noun_refers_back_to_the_company(drafted: Drafter) -> None:
    answer = drafted("Orvik Aerospace has delivered four frigates, the shipbuilder said on Monday.")
    assert answer["claims"][0]["speaker"]["label"] == "Orvik Aerospace"


@pytest.mark.parametrize(
    "heading",
    ["Interview: Colonel Lena Ortiz, head of procurement",
     # the seventh held-out set's phenomenon, on a new heading: a person named in the heading without a known cue
     "Three questions for Lena Ortiz, head of the Tervian procurement office"],
)
def test_an_interview_heading_names_the_interviewee(drafted: Drafter, heading: str) -> None:
    article = (f"{heading}\n"
               "Q. Why new tanks?\n"
               "A. Our tanks are old.\n")
    answer = drafted(article, title="New tanks for the army")
    assert [(c["speaker"]["label"], c["text"]) for c in answer["claims"]] == [("Lena Ortiz", "Our tanks are old.")]


def test_a_passive_expectation_is_the_authors_statement_not_speech(drafted: Drafter) -> None:
    claim = drafted("The new hangars are expected to open before the winter.")["claims"][-1]
    assert (claim["kind"], claim["speaker"]["label"].startswith("author of"), claim["stance"]) == ("document-assertion", True, "forecast")


def test_a_one_off_label_heading_a_labelled_interview_is_no_turn_and_names_the_interviewee(drafted: Drafter) -> None:
    article = ("Interview: Admiral Petra Lind, commander of the coastal fleet\n"
               "Harbour Gazette: Does Tervia still buy patrol boats from you?\n"
               "Lind: Tervia has not ordered a boat from us since 2022.\n"
               "Harbour Gazette: Are the new boats ready?\n"
               "Lind: Four of them are ready for patrol duty.\n")
    answer = drafted(article, title="The coastal fleet")
    assert [(c["speaker"]["label"], c["text"]) for c in answer["claims"]] == [
        ("Petra Lind", "Tervia has not ordered a boat from us since 2022."),
        ("Petra Lind", "Four of them are ready for patrol duty."),
    ]


def test_a_questions_auxiliary_is_not_part_of_the_name_after_it() -> None:
    text = "Does Tervia still buy patrol boats? Had Orvik Aerospace known, it would have bid."
    assert [text[s:e] for s, e in Registry(None, text).names_in(0, len(text))] == ["Tervia", "Orvik Aerospace"]


def test_according_to_the_statement_is_whoever_spoke_in_the_statement(drafted: Drafter) -> None:
    answer = drafted("Orvik Aerospace said in a statement on Monday that exports rose. The Tervian navy denied that it had "
                     "ordered trainers. Sales will grow again next year, according to the statement.")
    assert answer["claims"][-1]["speaker"]["label"] == "Orvik Aerospace"


def test_a_passive_estimate_of_a_value_is_the_authors_statement_not_speech(drafted: Drafter) -> None:
    (claim,) = drafted("The price of the refit is estimated at about 12 million euros.")["claims"]
    assert (claim["kind"], claim["speaker"]["label"], claim["text"]) == (
        "document-assertion", "author of “Test article”", "The price of the refit is estimated at about 12 million euros.")


# the seventh held-out set's phenomena, on new texts: an interviewee named only in the intro before the first
# question; and unlabelled turns under an interview heading
def test_an_interviewee_named_only_in_the_intro_answers_and_the_intro_is_the_authors(drafted: Drafter) -> None:
    article = ("Tervia's new navy chief\n"
               "Sofia Brandauer took command of Tervia's navy in June. She met us at the harbour.\n"
               "Q. What comes first?\n"
               "A. The old patrol boats must be replaced.\n")
    answer = drafted(article, title="Tervia's new navy chief")
    labels = [(c["speaker"]["label"], c["text"]) for c in answer["claims"]]
    assert labels[-1] == ("Sofia Brandauer", "The old patrol boats must be replaced.")
    assert all(label.startswith("author of") for label, _ in labels[:-1])


@pytest.mark.parametrize(
    ("article", "speakers"),
    [
        (("In conversation: Mila Hart, director of the Orvik Arms Institute\n"
          "Why do exports keep rising?\n"
          "Demand in the region is strong. Prices have fallen by a third.\n"
          "Will that last?\n"
          "I doubt that it will last.\n"), ["Mila Hart"] * 3),
        # the tenth round: a heading with no cue ("Ten minutes with X"), but the question lines put to "you", each
        # answered on the next line, are an interview's turns
        (("Ten minutes with Karl Ode, chief of Norland's coast guard\n"
          "Why did you choose Westvik Yards?\n"
          "Their cutters were the only ones delivered on time.\n"
          "Will your budget grow?\n"
          "It will grow by a tenth next year.\n"), ["Karl Ode"] * 2),
        # a column's rhetorical questions make no interview: no heading announces one
        (("Why does Tervia keep buying jets?\n"
          "The air force has too many already.\n"
          "Who pays for them?\n"
          "Taxpayers do, year after year.\n"), ["author of “Exports”"] * 2),
    ],
)
def test_unlabelled_question_lines_are_turns_only_under_an_interview_heading(drafted: Drafter, article: str,
                                                                             speakers: list[str]) -> None:
    answer = drafted(article, title="Exports")
    assert [c["speaker"]["label"] for c in answer["claims"]] == speakers
    assert not any(c["text"].endswith("?") for c in answer["claims"])


def test_a_speech_verb_in_the_passive_is_no_speaker_frame(drafted: Drafter) -> None:
    """The eighth held-out set's "If no supplier is found, …" on a new sentence: the author's forecast, not speech."""
    answer = drafted("Halden Systems said the sonar trials failed. Unless a buyer is found soon, the yard could close in May.")
    last = answer["claims"][-1]
    assert last["text"] == "Unless a buyer is found soon, the yard could close in May."
    assert last["kind"] == "document-assertion" and last["stance"] == "forecast"


# the ninth held-out set's phenomena, on new texts
def test_a_word_ending_in_a_role_is_no_title_so_she_is_still_the_person(drafted: Drafter) -> None:
    """"… finds Caldoria ahead" read "head" as a title, so the country became a person and "She added" went to it."""
    article = ("Budget review puts Norland ahead\n"
               "Norland spent more on radars than any neighbour, analyst Petra Holm wrote.\n"
               "She added that Dorsa has bought no radars since 2022.\n")
    answer = drafted(article, title="Budget review puts Norland ahead")
    assert [c["speaker"]["label"] for c in answer["claims"]] == ["Petra Holm", "Petra Holm"]
    assert {e["label"]: e["type"] for e in answer["entities"]}.get("Norland") != "Person"


def test_a_qualified_organisation_noun_is_another_body_and_a_role_refers_back_to_an_unnamed_speaker(drafted: Drafter) -> None:
    """"according to the finance ministry" after "a defence ministry spokesman" is not that spokesman; "the spokesman
    added" is."""
    answer = drafted("Exports rose by a tenth, a foreign ministry spokeswoman said on Monday. The spokeswoman added that "
                     "the navy would buy no jets. Imports fell, according to the trade ministry.")
    assert [c["speaker"]["label"] for c in answer["claims"]] == [
        "unnamed foreign ministry spokeswoman", "unnamed foreign ministry spokeswoman", "unnamed trade ministry"]


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # a "would" inside an indirect question, or only in a concession, forecasts nothing
        ("The ministry did not disclose when the sonars would be installed.", None),
        ("Tervia had ordered six radars, though it would not order more unless prices fell, the ministry said.", None),
        ("Tervia will order six radars, though the price is not agreed, the ministry said.", "forecast"),
    ],
)
def test_a_forecast_only_asked_about_or_conceded_gives_no_stance(drafted: Drafter, sentence: str, stance: str | None) -> None:
    (claim,) = drafted(sentence)["claims"]
    assert claim["stance"] == stance


# The tenth round (set 10's first-run phenomena, on new sentences). A label is words, never punctuation: an
# attribution "…, NP, Name, said." at a sentence end gave the speaker "unnamed ." (the full stop after "said" read
# as the inverted speaker) and left the name in the claim.
@pytest.mark.parametrize(
    ("sentence", "speaker", "text"),
    [
        ("Deliveries of the trucks resumed in May, the firm's export manager, Lena Dahl, said.", "Lena Dahl",
         "Deliveries of the trucks resumed in May"),
        ("The plant will close in June, the company's chief engineer, Ivo Stam, said!", "Ivo Stam", "The plant will close in June"),
        ("The yard has 400 workers, Ivo Stam, its owner, said.", "Ivo Stam", "The yard has 400 workers"),
    ],
)
def test_an_attribution_ending_the_sentence_names_the_speaker_not_its_full_stop(drafted: Drafter, sentence: str, speaker: str,
                                                                                  text: str) -> None:
    claim = drafted(sentence)["claims"][-1]
    assert (claim["speaker"]["label"], claim["text"]) == (speaker, text)


@pytest.mark.parametrize("words", [".", " , ", "“", "—", "the ."])
def test_an_unnamed_speaker_label_is_never_empty_or_punctuation(words: str) -> None:
    text = f"X {words} Y"
    speaker = Speakers(Registry(None, text), text).resolve(2, 2 + len(words))
    assert speaker.entity.label == "unnamed speaker"


def test_no_drafted_label_is_empty_or_punctuation(drafted: Drafter) -> None:
    article = ("Orvik Marine resumed deliveries, the company's sales director, Erik Lund, said. The yard is full, said. "
               "“We are ready,” . The order, they said, was signed.")
    answer = drafted(article)
    labels = [c["speaker"]["label"] for c in answer["claims"]] + [e["label"] for e in answer["entities"]]
    assert labels and all(re.search(r"\w", label.removeprefix("unnamed")) for label in labels)


# Reported speech is unwound to its innermost source (the convention of the evaluation gold; MODEL.md keeps speaker
# and reporter apart): whoever only passes the words on does not say them.
@pytest.mark.parametrize(
    ("sentence", "speaker", "text"),
    [
        ("Norland's trade minister, Pia Lund, told reporters that the shipyard's owner had assured her the corvettes "
         "would sail in May.", "unnamed shipyard's owner", "the corvettes would sail in May"),
        ("Sven Ek said a customs officer had told him that Baltic Marine no longer ships engines to Ostra.",
         "unnamed customs officer", "Baltic Marine no longer ships engines to Ostra"),
        # one level only: what is promised is no clause, and a plain report is the reporter's own
        ("Pia Lund said the company had promised new engines.", "Pia Lund", "the company had promised new engines"),
        ("Pia Lund said the navy had ordered four boats from Westvik Yards.", "Pia Lund",
         "the navy had ordered four boats from Westvik Yards"),
        # a pronoun or a possessive object of "told" is no part of what was said
        ("Ivo Stam told my colleagues last week that the frigates are ready.", "Ivo Stam", "the frigates are ready"),
    ],
)
def test_reported_speech_goes_to_its_innermost_source(drafted: Drafter, sentence: str, speaker: str, text: str) -> None:
    claim = drafted(sentence)["claims"][-1]
    assert (claim["speaker"]["label"], claim["kind"], claim["text"]) == (speaker, "indirect-speech", text)


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # the tenth round: "unlikely" forecasts (that something will not happen); "may"/"might" before a verb is a
        # possible future with no condition; the month "May", a guess about the past and "could" alone are none
        ("A new order from Norland is unlikely before the election.", "forecast"),
        ("Karvia is unlikely to buy more tanks, a diplomat said.", "forecast"),
        ("Norland may reopen the Ostra yard next spring, an official suggested.", "forecast"),
        ("In May the Ostra yard reopened after a strike.", None),
        ("Norland may have sold rifles to Karvia, two officials said.", None),
        ("The Ostra yard could build six ships a year.", None),
    ],
)
def test_unlikely_and_a_bare_possibility_are_forecasts(drafted: Drafter, sentence: str, stance: str | None) -> None:
    (claim,) = drafted(sentence)["claims"]
    assert claim["stance"] == stance


def test_a_written_answer_is_the_answering_ministers_and_reports_others_speech_as_theirs(drafted: Drafter) -> None:
    """Set 10's "Answer from the Minister …, X:" on a new text: the named answer runs on over the next lines; speech it
    reports from someone else is that source's; what the minister's own department expects stays his."""
    article = ("Senate of Norland — Written answers, 4 March 2026\n"
               "Question from Eva Holm MP: Has Norland sold patrol boats to Karvia?\n"
               "Answer from the Minister of Defence, Olav Berg: Norland sold two patrol boats to Karvia in 2025.\n"
               "The Karvian embassy told my officials last month that the boats are used for fisheries patrols.\n"
               "My department expects to finish its review within four weeks.\n")
    claims = drafted(article)["claims"]
    assert [(c["speaker"]["label"], c["kind"], c["text"]) for c in claims] == [
        ("Olav Berg", "direct-quote", "Norland sold two patrol boats to Karvia in 2025."),
        ("unnamed Karvian embassy", "indirect-speech", "the boats are used for fisheries patrols"),
        ("Olav Berg", "direct-quote", "My department expects to finish its review within four weeks."),
    ]
    assert claims[-1]["stance"] == "forecast"
    answer = drafted(article)  # no interviewee is looked for, so the heading's "Senate of Norland" is no person
    assert [(r["subject"]["label"], r["predicate"], r["object"]["label"]) for r in answer["relations"]] == [("Norland", "exportsTo", "Karvia")]
    assert "Person" not in {e["type"] for e in answer["entities"] if "Norland" in e["label"]}


def test_a_clause_after_a_name_gives_it_no_role(drafted: Drafter) -> None:
    """"X, told parliament that the company's director …" made X a director, so "the company's director" later was X."""
    answer = drafted("Norland's trade minister, Pia Lund, told parliament that the company's director had assured her "
                     "the corvettes would sail. Ivo Stam said the company's director had assured him the boats were ready.")
    assert [c["speaker"]["label"] for c in answer["claims"]] == ["unnamed company's director"] * 2


def test_the_shipyard_refers_back_to_the_company_named_before(drafted: Drafter) -> None:
    """Set 10's "Orvik Marine is to deliver …, the shipyard said" gave an unnamed shipyard; "the shipyard" is the last company."""
    (claim,) = drafted("NORBY, 4 May 2026 — Baltic Marine is to build two ferries for the Norland navy, the shipyard said on Monday.\n")["claims"]
    assert claim["speaker"]["label"] == "Baltic Marine"
