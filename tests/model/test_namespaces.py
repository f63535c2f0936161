"""graph.vocab: the DTKG namespace lists exactly the ontology's terms."""

from __future__ import annotations

import pytest
import rdflib

from graph import paths, vocab
from graph.vocab import DTKG, SCHEMA


def _ontology_terms() -> set[str]:
    graph = rdflib.Graph().parse(paths.ONTOLOGY_DIR / "dtkg.ttl", format="turtle")
    return {str(s)[len(vocab.ONTOLOGY):] for s in graph.subjects() if str(s).startswith(vocab.ONTOLOGY)}


def test_namespace_lists_exactly_the_ontology_terms() -> None:
    declared = set(DTKG.__annotations__)
    assert declared == _ontology_terms()


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        DTKG.notATerm  # noqa: B018


def test_namespace_base_is_the_ontology_base() -> None:
    assert str(DTKG.Claim) == vocab.ONTOLOGY + "Claim"


def test_schema_org_is_http() -> None:
    assert str(SCHEMA.Claim) == "http://schema.org/Claim"
