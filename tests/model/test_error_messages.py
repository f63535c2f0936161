"""graph/ errors say what to look for, not which HTTP route to call: the CLI prints them too, the API adds links."""

from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.model.snapshot import not_found, resolve


def test_not_found_names_the_search_term_not_a_route() -> None:
    error = not_found("no-such-thing", "claim")
    assert "/api/" not in error.detail
    assert error.search == "no-such-thing"
    assert error.extra == {"id": "no-such-thing"}


def test_a_malformed_id_suggests_a_search_without_a_term() -> None:
    with pytest.raises(NotFound) as caught:
        resolve("no such thing!")
    assert "/api/" not in caught.value.detail
    assert caught.value.search == ""
