"""The content hash: the sha256 of the canonical N-Quads text, however it is fed.

Fixture policy: a handful of quads written here, with non-ASCII literals in two scripts,
because the hash sorts UTF-8 bytes where the canonical lines sort code points.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest

from graph.rdf import canonical


def test_content_hash_is_the_sha256_of_the_joined_canonical_lines() -> None:
    g = ox.NamedNode("https://example.org/g")
    s = ox.NamedNode("https://example.org/s")
    p = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    names = ["Région", "Рособоронэкспорт", "Zeta", "zeta", "Ωmega", "émigré", "Ａ", "a\U0001F600"]
    quads = [ox.Quad(s, p, ox.Literal(name), g) for name in names] * 2
    expected = hashlib.sha256("".join(canonical.canonical_lines(quads)).encode()).hexdigest()
    assert canonical.content_hash(quads) == expected
    assert canonical.content_hash(reversed(quads)) == expected


@pytest.mark.parametrize("chunk_lines", [1, 2, 3, 100])
def test_sorting_in_runs_on_disk_gives_the_same_hash(chunk_lines: int) -> None:
    """Runs spilled to temporary files and merged: same lines, same order, repeats counted once."""
    g = ox.NamedNode("https://example.org/g")
    p = ox.NamedNode("https://example.org/p")
    quads = [ox.Quad(ox.NamedNode(f"https://example.org/s{i % 7}"), p, ox.Literal(f"Рособоронэкспорт {i % 5}\nline"), g)
             for i in range(40)]
    expected = hashlib.sha256("".join(canonical.canonical_lines(quads)).encode()).hexdigest()
    assert canonical.content_hash(quads, chunk_lines=chunk_lines) == expected
