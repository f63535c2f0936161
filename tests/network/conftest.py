"""A tiny network in dtkg's vocabulary, built inline.

Fixture policy (see tests/conftest.py): the smallest data that shows the point.
Seven entities in two components, shaped so that every metric has a value you
can work out by hand:

* a star: ``hub`` (a StateIntermediary, a subclass of Company) has partners in
  regions ``r1``, ``r2``, ``r3``; ``hub→r1`` is backed by two claims (weight 2),
  ``hub→r2`` is valid from "--08-13" (no year: undated), ``hub→r3`` is valid to 2025;
* a path: countries ``a → b → c`` cooperate; ``b→c`` is valid from 2026-01.

Undirected view: hub's betweenness is 3 pairs / 15 = 0.2, b's is 1 / 15.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from graph.store import OxigraphStore

TINY = """
@prefix dtkg: <https://w3id.org/dtkg/ontology#> .
@prefix id:   <https://w3id.org/dtkg/id/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/dtkg/graph/ontology> {
  dtkg:partnerRegion a dtkg:RelationProperty , owl:ObjectProperty ; rdfs:label "has partners in region"@en .
  dtkg:cooperatesWith a dtkg:RelationProperty , owl:ObjectProperty ; rdfs:label "cooperates with"@en .
  dtkg:StateIntermediary rdfs:subClassOf dtkg:Company .
  dtkg:about a owl:ObjectProperty .
}

<https://w3id.org/dtkg/graph/entities> {
  id:hub a dtkg:StateIntermediary ; skos:prefLabel "Hub Export"@en , "Хаб"@ru .
  id:r1 a dtkg:Region ; skos:prefLabel "Region One"@en ; skos:notation "002"^^dtkg:M49 .
  id:r2 a dtkg:Region ; skos:prefLabel "Region Two"@en .
  id:r3 a dtkg:Region ; skos:prefLabel "Region Three"@en .
  id:a a dtkg:Country ; skos:prefLabel "Country A"@en .
  id:b a dtkg:Country ; skos:prefLabel "Country B"@en .
  id:c a dtkg:Country .
}

<https://w3id.org/dtkg/graph/source/tiny> {
  id:doc a dtkg:SourceDocument ; <http://schema.org/name> "Tiny source" .
  id:speaker a dtkg:Person ; skos:prefLabel "Speaker Person"@en .
  id:claim-1 a dtkg:Claim ; <http://www.w3.org/ns/prov#wasAttributedTo> id:speaker ; dtkg:statedOn "2026-02-01"^^xsd:date ;
      dtkg:claimKind dtkg:DirectQuote ; dtkg:evidence id:claim-1-ev ; dtkg:about id:hub .
  id:claim-1-ev <http://www.w3.org/ns/oa#hasSource> id:doc ; <http://www.w3.org/ns/oa#hasSelector> id:claim-1-q , id:claim-1-p .
  id:claim-1-q a <http://www.w3.org/ns/oa#TextQuoteSelector> ; <http://www.w3.org/ns/oa#exact> "Hub works with all three regions" .
  id:claim-1-p a <http://www.w3.org/ns/oa#TextPositionSelector> ; <http://www.w3.org/ns/oa#start> 0 ; <http://www.w3.org/ns/oa#end> 32 .

  id:hub dtkg:partnerRegion id:r1 , id:r2 , id:r3 .
  id:rel-h1 a dtkg:Relation ; dtkg:subject id:hub ; dtkg:relationType dtkg:partnerRegion ; dtkg:object id:r1 ;
      dtkg:supportedBy id:claim-1 , id:claim-2 .
  id:rel-h2 a dtkg:Relation ; dtkg:subject id:hub ; dtkg:relationType dtkg:partnerRegion ; dtkg:object id:r2 ;
      dtkg:validFrom "--08-13"^^xsd:gMonthDay ; dtkg:supportedBy id:claim-1 .
  id:rel-h3 a dtkg:Relation ; dtkg:subject id:hub ; dtkg:relationType dtkg:partnerRegion ; dtkg:object id:r3 ;
      dtkg:validTo "2025"^^xsd:gYear ; dtkg:supportedBy id:claim-1 .

  id:a dtkg:cooperatesWith id:b .
  id:b dtkg:cooperatesWith id:c .
  id:rel-ab a dtkg:Relation ; dtkg:subject id:a ; dtkg:relationType dtkg:cooperatesWith ; dtkg:object id:b ;
      dtkg:supportedBy id:claim-3 .
  id:rel-bc a dtkg:Relation ; dtkg:subject id:b ; dtkg:relationType dtkg:cooperatesWith ; dtkg:object id:c ;
      dtkg:validFrom "2026-01"^^xsd:gYearMonth ; dtkg:supportedBy id:claim-3 .

  # Not an edge: dtkg:about is not a RelationProperty.
}
"""


@pytest.fixture
def tiny_store() -> Iterator[OxigraphStore]:
    store = OxigraphStore(None)
    store.replace_all(ox.parse(TINY.encode(), ox.RdfFormat.TRIG))
    yield store
    store.close()
