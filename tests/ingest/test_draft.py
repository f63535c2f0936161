"""graph.ingest.draft: the TriG conforms to the shapes as produced, and is the same every time."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph import paths, vocab
from graph.validation import validate_files
from tests.ingest.conftest import Drafter

ARTICLE = (
    "Harbourline Gazette, 4 March 2025. Northwind Dynamics, a maker of patrol boats, says its order book has grown.\n"
    "Chief executive Mara Okafor told reporters on Tuesday that the order backlog stands at about EUR 2.4 billion. "
    "She added that deliveries would stay on schedule through next year.\n"
    "“We will hire more than 300 welders,” Okafor said. According to the annual report of the Coastal Shipbuilders "
    "Association, exports rose by between 10 and 12 per cent in 2024. On 3 July, the navy will order up to 12 frigates "
    "for Africa, officials said. Russia and the S-400 were not mentioned. The deal is a remarkable success.\n"
)


def test_the_draft_conforms_with_the_curated_data(drafted: Drafter, tmp_path: Path) -> None:
    answer = drafted(ARTICLE, publisher="Harbourline Gazette", url="https://example.org/northwind")
    draft = tmp_path / "draft.trig"
    draft.write_text(answer["draft"], encoding="utf-8")
    report = validate_files([*sorted(paths.DATA_DIR.glob("*.trig")), draft])
    assert report.conforms, report.to_text()


def test_the_draft_holds_the_text_spans_and_figure_bounds(drafted: Drafter) -> None:
    answer = drafted(ARTICLE, published="2025-03-04")
    quads = list(ox.parse(answer["draft"].encode(), format=ox.RdfFormat.TRIG))
    dtkg = vocab.ONTOLOGY
    texts = [q.object.value for q in quads if q.predicate.value == dtkg + "text"]
    assert texts == [ARTICLE]
    bounds = {q.object.value.rsplit("#", 1)[1] for q in quads if q.predicate.value == dtkg + "bound"}
    assert {"Approximately", "MoreThan", "Range", "AtMost"} <= bounds
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {vocab.source_graph(answer["source"]["id"]), vocab.ENTITIES_GRAPH}


def test_drafting_twice_gives_the_same_draft(drafted: Drafter) -> None:
    assert drafted(ARTICLE)["draft"] == drafted(ARTICLE)["draft"]


def test_claim_items_have_the_fields_of_api_claims_plus_confidence(drafted: Drafter) -> None:
    from api.models import Claim

    for claim in drafted(ARTICLE)["claims"]:
        assert set(claim) == set(Claim.model_fields) | {"confidence"}
        assert Claim.model_validate(claim)
        assert isinstance(claim["speaker"]["new"], bool)
        assert 0 < claim["confidence"] <= 1
