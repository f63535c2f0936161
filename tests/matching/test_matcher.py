"""graph.matching.Matcher on a tiny inline set of names: reasons, scores, ranking, types, auto-match."""

from __future__ import annotations

import pytest

from graph.errors import BadRequest
from graph.matching import AUTO_MATCH_SCORE, Label, Matcher, Reason

E = "https://w3id.org/dtkg/id/"
ONT = "https://w3id.org/dtkg/ontology#"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
LABELS = [
    Label(E + "ros", "Rosoboronexport", "en", True),
    Label(E + "ros", "Рособоронэкспорт", "ru", True),
    Label(E + "ros", "АО «Рособоронэкспорт»", "ru", False),
    Label(E + "ros", "ROE", "en", False),
    Label(E + "mik", "Mikheev", "en", True),
    Label(E + "mik", "Михеев", "ru", True),
    Label(E + "mik", "Mikheyev", "en", False),
    Label(E + "putin", "Vladimir Putin", "en", True),
    Label(E + "putin", "Putin", "en", False),
    Label(E + "csto", "Collective Security Treaty Organization", "en", True),
    Label(E + "csto", "Организация Договора о коллективной безопасности", "ru", True),
    Label(E + "ap", "Asia-Pacific", "en", True),
    Label(E + "ca", "Central Asia", "en", True),
    Label(E + "africa", "Africa", "en", True),
    Label(E + "m49-002", "Africa", "en", True),
    Label(E + "exp", "Rosoboronexport Export Office", "en", True),
]
TYPES = {
    E + "ros": [ONT + "StateIntermediary"],
    E + "mik": [ONT + "Person"],
    E + "putin": [ONT + "Person"],
    E + "csto": [ONT + "IntergovernmentalOrganization"],
    E + "ap": [ONT + "Region"],
    E + "ca": [ONT + "Region"],
    E + "africa": [ONT + "Region"],
    E + "m49-002": [SKOS_CONCEPT],
    E + "exp": [ONT + "Organization"],
}
SUPER = {
    ONT + "StateIntermediary": {ONT + "StateIntermediary", ONT + "Organization", ONT + "Agent"},
    ONT + "IntergovernmentalOrganization": {ONT + "IntergovernmentalOrganization", ONT + "Organization", ONT + "Agent"},
    ONT + "Person": {ONT + "Person", ONT + "Agent"},
}


def resolve(name: str) -> str:
    for iri in {c for classes in SUPER.values() for c in classes} | {ONT + "Region", SKOS_CONCEPT}:
        if name in (iri, iri.rsplit("#", 1)[-1]):
            return iri
    raise BadRequest(f"type: unknown type {name!r}")


MATCHER = Matcher.build(LABELS, TYPES, SUPER, display=lambda iri: iri.rsplit("/", 1)[-1], resolve_type=resolve)


@pytest.mark.parametrize(
    ("name", "entity", "reason"),
    [
        ("Mikheev", "mik", Reason.EXACT),
        ("Михеев", "mik", Reason.EXACT),
        ("MIKHEYEV", "mik", Reason.ALIAS),
        ("Miheev", "mik", Reason.TRANSLITERATION),
        ("Михеева", "mik", Reason.FUZZY),
        ("A. Mikheev", "mik", Reason.INITIALS),
        ("Alexander Mikheev", "mik", Reason.PARTIAL),
        ("Rosoboroneksport", "ros", Reason.TRANSLITERATION),
        ("Rosoboronexprot", "ros", Reason.FUZZY),
        ("ROE", "ros", Reason.ALIAS),
        ("JSC Rosoboronexport", "ros", Reason.PARTIAL),
        ("CSTO", "csto", Reason.ACRONYM),
        ("ОДКБ", "csto", Reason.ACRONYM),
        ("odkb", "csto", Reason.ACRONYM),
        ("Collective Security Treaty Organisation", "csto", Reason.FUZZY),
        ("V. Putin", "putin", Reason.INITIALS),
        ("Путин", "putin", Reason.TRANSLITERATION),
        ("asia-pac", "ap", Reason.PREFIX),
        ("oboron", "ros", Reason.SUBSTRING),
    ],
)
def test_name_finds_entity_with_reason(name: str, entity: str, reason: Reason) -> None:
    found = MATCHER.match(name)
    assert found[0].id == entity
    assert found[0].reason == reason
    assert 0 <= found[0].score <= 100


def test_match_carries_iri_label_and_types() -> None:
    first = MATCHER.match("Miheev")[0]
    assert (first.iri, first.label, first.types) == (E + "mik", "mik", ("Person",))
    assert first.matched in {"Mikheev", "Михеев"}


def test_exact_above_transliteration_above_fuzzy() -> None:
    exact = MATCHER.match("Mikheev")[0].score
    translit = MATCHER.match("Miheev")[0].score
    fuzzy = MATCHER.match("Mikheevs")[0].score
    assert exact > translit > fuzzy


def test_real_entity_above_code_list_concept_unless_type_asks_for_concepts() -> None:
    assert [m.id for m in MATCHER.match("Africa")] == ["africa", "m49-002"]
    assert [m.id for m in MATCHER.match("Africa", types=[SKOS_CONCEPT])] == ["m49-002"]


def test_prefix_then_word_prefix() -> None:
    assert [m.id for m in MATCHER.match("asia")][:2] == ["ap", "ca"]


def test_type_filter_includes_subclasses() -> None:
    assert [m.id for m in MATCHER.match("rosoboronexport", types=["Organization"])] == ["ros", "exp"]
    assert MATCHER.match("rosoboronexport", types=["Person"]) == []


def test_unknown_type_is_refused() -> None:
    with pytest.raises(BadRequest):
        MATCHER.match("Mikheev", types=["Spaceship"])


def test_contradicting_initials_are_not_auto_matched() -> None:
    found = MATCHER.match("A. Putin")
    assert found[0].id == "putin" and found[0].score < AUTO_MATCH_SCORE
    assert not Matcher.auto_match(found)


@pytest.mark.parametrize("name", ["Mikheev", "Miheev", "ROE", "ОДКБ", "A. Mikheev", "Africa", "V. Putin"])
def test_unambiguous_strong_matches_are_auto_matched(name: str) -> None:
    assert Matcher.auto_match(MATCHER.match(name))


@pytest.mark.parametrize("name", ["asia", "export", "Moscow", "the"])
def test_weak_or_ambiguous_matches_are_not_auto_matched(name: str) -> None:
    assert not Matcher.auto_match(MATCHER.match(name))


def test_each_entity_appears_once_with_limit() -> None:
    found = MATCHER.match("рособоронэкспорт", limit=None)
    assert len({m.id for m in found}) == len(found)
    assert len(MATCHER.match("a", limit=1)) <= 1


@pytest.mark.parametrize("name", ["", "   ", "«»", "zzzz", "x\" } ; DROP ALL ; #", "q" * 5000])
def test_no_match(name: str) -> None:
    assert MATCHER.match(name) == []
