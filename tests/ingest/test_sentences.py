"""graph.ingest.sentences: exact offsets, quotations kept whole, interview roles."""

from __future__ import annotations

from graph.ingest.sentences import split

TEXT = "Mr. Okafor said the U.S. deal was done. “We are ready. We will deliver,” she said. Is it true?\nQ: What now?\nA: We grow fast."


def test_every_sentence_is_a_slice_of_the_text() -> None:
    for sentence in split(TEXT):
        assert TEXT[sentence.start : sentence.end] == sentence.text(TEXT)
        assert sentence.text(TEXT) == sentence.text(TEXT).strip()


def test_abbreviations_and_quotations_do_not_split() -> None:
    texts = [s.text(TEXT) for s in split(TEXT)]
    assert texts[0] == "Mr. Okafor said the U.S. deal was done."
    assert texts[1] == "“We are ready. We will deliver,” she said."


def test_questions_and_answers_have_their_roles_and_no_prefix() -> None:
    roles = [(s.role, s.text(TEXT)) for s in split(TEXT)]
    assert ("question", "Is it true?") in roles
    assert ("question", "What now?") in roles
    assert ("answer", "We grow fast.") in roles


def test_a_line_without_final_punctuation_is_a_heading() -> None:
    (heading, body) = split("Northwind grows\nThe order book grew.")
    assert heading.role == "heading" and body.role == "text"


def test_no_at_the_end_of_a_sentence_is_not_the_abbreviation_of_number() -> None:
    text = "Will prices fall? Frankly, no. Demand keeps rising. Pier No. 4 is closed."
    assert [text[s.start : s.end] for s in split(text)] == [
        "Will prices fall?", "Frankly, no.", "Demand keeps rising.", "Pier No. 4 is closed."]
