"""Virtuoso's JSON results, made standard before pyoxigraph reads them (graph/store/virtuoso.py).

The answers below are shaped like those Virtuoso sent; the live server tests
(tests/store/test_store.py and the API suite on Virtuoso) run the same code on real answers.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.errors import StoreUnavailable
from graph.store import virtuoso


def parsed(document: dict[str, object], *, ask: bool = False) -> ox.QuerySolutions | ox.QueryBoolean:
    body = virtuoso._standard_json(json.dumps(document).encode(), ask=ask)
    return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)


def test_an_empty_language_tag_or_datatype_is_refused_as_damage_not_read_as_a_plain_literal() -> None:
    # what Virtuoso answers for a literal whose tag it lost (tests/store/test_virtuoso_tags.py makes one)
    lost_tag = {"type": "literal", "xml:lang": "", "value": "Rosoboronexport"}
    lost_type = {"type": "typed-literal", "datatype": "", "value": "2"}
    for term in (lost_tag, lost_type):
        answer = {"head": {"vars": ["label"]}, "results": {"bindings": [{"label": term}]}}
        with pytest.raises(StoreUnavailable, match="Virtuoso has lost the (language|datatype) of the literal .*README"):
            parsed(answer)


def test_a_real_language_tag_is_kept() -> None:
    answer = {"head": {"vars": ["label"]}, "results": {"bindings": [{"label": {"type": "literal", "xml:lang": "ru", "value": "Рособоронэкспорт"}}]}}
    rows = list(parsed(answer))  # type: ignore[arg-type]  # a SELECT answer
    assert rows[0]["label"] == ox.Literal("Рособоронэкспорт", language="ru")


def test_booleans_and_ask_answers() -> None:
    boolean = "http://www.w3.org/2001/XMLSchema#boolean"
    answer = {"head": {"vars": ["b"]}, "results": {"bindings": [{"b": {"type": "typed-literal", "datatype": boolean, "value": "1"}}]}}
    assert list(parsed(answer))[0]["b"] == ox.Literal("true", datatype=ox.NamedNode(boolean))  # type: ignore[arg-type]  # a SELECT answer
    ask = {"head": {"vars": ["__ask_retval"]}, "results": {"bindings": [{"__ask_retval": {"type": "literal", "value": "1"}}]}}
    assert bool(parsed(ask, ask=True)) is True
