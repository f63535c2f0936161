"""Blank nodes of a curation change, replaced by IRIs that depend on the content only.

A change must be revertible exactly, and a blank node in a store cannot be
named again by a later request, so every blank node of an upload becomes a
``/.well-known/genid/`` IRI (RDF 1.1 §3.5 skolemisation) before anything is
stored. The IRIs come from the RDFC-1.0 canonical form of the upload: the same
content always yields the same IRIs and the same :func:`content_hash`, which is
what makes a repeated upload recognisable as a duplicate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from graph import vocab

GENID = vocab.BASE + ".well-known/genid/"


def _has_blank(quads: Iterable[ox.Quad]) -> bool:
    return any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name))


def canonical_lines(quads: Iterable[ox.Quad]) -> list[str]:
    """Sorted, duplicate-free N-Quads lines (the default graph written as such)."""
    return sorted({str(q) + " .\n" for q in quads})


def content_hash(quads: Iterable[ox.Quad]) -> str:
    """sha256 of the canonical N-Quads: equal content, equal hash, whatever the order."""
    return hashlib.sha256("".join(canonical_lines(quads)).encode()).hexdigest()


def change_hash(kind: str, removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> str:
    """sha256 of a change that is not a plain upload: a ``kind`` line, then the canonical lines it removes and adds.

    An upload is known by its content alone (:func:`content_hash`); a revert or an
    update also by what it takes away, and by what it is (``revert <change IRI>``,
    ``update``), so the same diff made two ways gets two hashes.
    """
    lines = [kind + "\n", *("- " + x for x in canonical_lines(removed)), *("+ " + x for x in canonical_lines(added))]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def skolemise(quads: Sequence[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node replaced by a content-derived genid IRI."""
    if not _has_blank(quads):
        return list(quads)
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    canonical = list(dataset)
    seed = content_hash(canonical)
    names: dict[str, ox.NamedNode] = {}

    def name(term: ox.BlankNode) -> ox.NamedNode:
        if term.value not in names:
            digest = hashlib.sha256(f"{seed}:{term.value}".encode()).hexdigest()[:32]
            names[term.value] = ox.NamedNode(GENID + digest)
        return names[term.value]

    out = []
    for q in canonical:
        s = name(q.subject) if isinstance(q.subject, ox.BlankNode) else q.subject
        o = name(q.object) if isinstance(q.object, ox.BlankNode) else q.object
        g = name(q.graph_name) if isinstance(q.graph_name, ox.BlankNode) else q.graph_name
        out.append(ox.Quad(s, q.predicate, o, g))
    return sorted(out, key=str)
