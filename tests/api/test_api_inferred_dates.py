"""A claim whose year a curator inferred: listed in the range only as an inferred match, and flagged.

Tiny inline graph (two claims on one in-memory store), queried through the same
graph.model.claims functions the /api/claims route calls.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.config import Settings, load_settings
from graph.model import claims
from graph.store import OxigraphStore

TRIG = """
@prefix dtkg: <https://w3id.org/dtkg/ontology#> . @prefix id: <https://w3id.org/dtkg/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <http://schema.org/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/dtkg/graph/entities> { id:ann a dtkg:Person ; skos:prefLabel "Ann"@en . }
<https://w3id.org/dtkg/graph/source/doc> {
  id:doc a dtkg:SourceDocument ; schema:name "Doc" ; dtkg:text "On November 13, Ann said yes. In 2024 Ann said no." .
  id:c1 a dtkg:Claim ; prov:wasAttributedTo id:ann ; schema:appearance id:doc ; dtkg:claimKind dtkg:IndirectSpeech ;
    dtkg:statedOn "--11-13"^^xsd:gMonthDay ; dtkg:inferredStatedOn "2025-11-13"^^xsd:date ;
    dtkg:inferenceBasis "The document was published in December 2025." ; dtkg:evidence id:c1-ev .
  id:c1-ev oa:hasSource id:doc ; oa:hasSelector id:c1-q , id:c1-p .
  id:c1-q a oa:TextQuoteSelector ; oa:exact "yes" .
  id:c1-p a oa:TextPositionSelector ; oa:start 25 ; oa:end 28 .
  id:c2 a dtkg:Claim ; prov:wasAttributedTo id:ann ; schema:appearance id:doc ; dtkg:claimKind dtkg:IndirectSpeech ;
    dtkg:statedOn "2024"^^xsd:gYear ; dtkg:evidence id:c2-ev .
  id:c2-ev oa:hasSource id:doc ; oa:hasSelector id:c2-q , id:c2-p .
  id:c2-q a oa:TextQuoteSelector ; oa:exact "no" .
  id:c2-p a oa:TextPositionSelector ; oa:start 47 ; oa:end 49 .
}
"""


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore(None)
    store.replace_all(ox.parse(TRIG.encode(), format=ox.RdfFormat.TRIG))
    return store


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings().replace(store=Path(tmp_path_factory.mktemp("none")) / "store")


def found(store: OxigraphStore, settings: Settings, start: dt.date, end: dt.date) -> dict[str, str | None]:
    page = claims.find(store, settings, claims.ClaimFilter(speaker="ann", date_from=start, date_to=end), 50, 0)
    return {c.id: c.date_match for c in page.items}


def test_inferred_year_matches_and_is_flagged(store: OxigraphStore, settings: Settings) -> None:
    assert found(store, settings, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == {"c1": "inferred"}


def test_stated_year_matches_as_stated(store: OxigraphStore, settings: Settings) -> None:
    assert found(store, settings, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == {"c2": "stated"}


def test_the_stated_date_is_kept_beside_the_inference(store: OxigraphStore, settings: Settings) -> None:
    claim = claims.get(store, settings, "c1")
    assert (claim.date.value, claim.date.precision) == ("--11-13", "month-day")
    assert claim.date.inferred == claims.InferredDate("2025-11-13", "The document was published in December 2025.")
