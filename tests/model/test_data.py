"""The curated data files: full texts, spans, graph layout and hygiene rules."""

from __future__ import annotations

import hashlib
from pathlib import Path

import rdflib
from rdflib import BNode, URIRef

from graph import paths, vocab
from graph.model import ids
from graph.vocab import DTKG, OA, SCHEMA

SOURCES = ["rosoboronexport-backlog-interview", "russia-2025-defense-export-opinion"]


def _corpus(slug: str) -> str:
    with open(paths.CORPUS_DIR / f"{slug}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


def _doc(slug: str) -> URIRef:
    return URIRef(vocab.entity(f"doc-{slug}"))


def test_each_source_graph_holds_its_document_with_exact_text(curated: rdflib.Dataset) -> None:
    for slug in SOURCES:  # two fixed sources; a failure message names the slug
        graph = curated.graph(URIRef(vocab.source_graph(slug)))
        text = graph.value(_doc(slug), DTKG.text)
        assert str(text) == _corpus(slug), slug
        assert str(graph.value(_doc(slug), DTKG.sha256)) == hashlib.sha256(_corpus(slug).encode("utf-8")).hexdigest()
        assert str(graph.value(_doc(slug), DTKG.corpusFile)) == f"{slug}.txt"


def test_named_graphs_are_the_expected_ones(curated: rdflib.Dataset) -> None:
    names = {str(g.identifier) for g in curated.graphs() if len(g)}
    assert names == {vocab.ENTITIES_GRAPH, *(vocab.source_graph(s) for s in SOURCES)}


def test_span_equals_corpus_text_at_its_offsets(union: rdflib.Graph, evidence: URIRef) -> None:
    source = union.value(evidence, OA.hasSource)
    slug = vocab.entity_id(str(source)).removeprefix("doc-")
    text = _corpus(slug)
    quote = next(s for s in union.objects(evidence, OA.hasSelector) if (s, OA.exact, None) in union)
    position = next(s for s in union.objects(evidence, OA.hasSelector) if (s, OA.start, None) in union)
    start, end = int(union.value(position, OA.start)), int(union.value(position, OA.end))
    assert text[start:end] == str(union.value(quote, OA.exact))
    prefix, suffix = str(union.value(quote, OA.prefix)), str(union.value(quote, OA.suffix))
    assert text[start - len(prefix):start] == prefix
    assert text[end:end + len(suffix)] == suffix


def test_figure_wording_occurs_in_its_claims_span(union: rdflib.Graph, claim: URIRef) -> None:
    exact = str(union.value(URIRef(ids.quote_selector_iri(str(claim))), OA.exact))
    for figure in union.objects(claim, DTKG.assertsFigure):
        assert str(union.value(figure, DTKG.originalWording)) in exact


def test_claim_lives_in_its_sources_graph(curated: rdflib.Dataset, union: rdflib.Graph, claim: URIRef) -> None:
    source = union.value(claim, SCHEMA.appearance)
    slug = vocab.entity_id(str(source)).removeprefix("doc-")
    graph = curated.graph(URIRef(vocab.source_graph(slug)))
    assert (claim, rdflib.RDF.type, DTKG.Claim) in graph


def test_no_blank_nodes_in_data(union: rdflib.Graph) -> None:
    blank = [t for t in union if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    assert blank == []


def test_no_wikidata_identifiers_are_invented(union: rdflib.Graph) -> None:
    assert not [o for o in union.objects() if "wikidata.org" in str(o)]


def test_data_files_are_the_three_graphs(data_files: list[Path]) -> None:
    assert [p.name for p in data_files] == sorted(["entities.trig", *(f"{s}.trig" for s in SOURCES)])
