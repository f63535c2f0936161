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
import heapq
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack

import pyoxigraph as ox

from graph import vocab
from graph.errors import BadData

GENID = vocab.BASE + ".well-known/genid/"

MAX_LINKED_BLANKS = 64
"""Most blank nodes linked to one another (one connected group) that a change may hold.

RDFC-1.0 tells apart blank nodes that look alike by hashing their paths to
one another, which costs about the cube of such a group's size: 100 nested
``[ skos:note [ … ] ]`` take 0.9 s, 200 take 6 s, 2,000 took the server
minutes (issue 12, fault 5). 64 keeps the worst case near 0.2 s."""

MAX_BLANKS = 10_000
"""Most blank nodes in one change (the work is at least linear in them)."""


def _has_blank(quads: Iterable[ox.Quad]) -> bool:
    return any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name))


def canonical_lines(quads: Iterable[ox.Quad]) -> list[str]:
    """Sorted, duplicate-free N-Quads lines (the default graph written as such)."""
    return sorted({str(q) + " .\n" for q in quads})


SORT_CHUNK_LINES = 200_000
"""Lines :func:`content_hash` sorts in memory at once (~50 MB); more are sorted in runs on disk and merged."""


def content_hash(quads: Iterable[ox.Quad], *, chunk_lines: int = SORT_CHUNK_LINES) -> str:
    """sha256 of the canonical N-Quads: equal content, equal hash, whatever the order.

    The digest of the joined :func:`canonical_lines`, computed with bounded
    memory: lines are kept as UTF-8 bytes (which sort as their code points
    do), sorted ``chunk_lines`` at a time, spilled to temporary files when
    there are more, merged and fed to the hash one by one. At 1M triples the
    whole text in memory, joined and encoded, made ``dtkg serve``'s first
    ``/health`` (the dataset version) peak at 733 MB.
    """
    digest = hashlib.sha256()
    for line in _sorted_unique_lines(quads, chunk_lines):
        digest.update(line)
    return digest.hexdigest()


def _sorted_unique_lines(quads: Iterable[ox.Quad], chunk_lines: int) -> Iterator[bytes]:
    with ExitStack() as files:
        runs: list[Iterator[bytes]] = []
        chunk: set[bytes] = set()
        for q in quads:
            chunk.add((str(q) + " .\n").encode())
            if len(chunk) >= chunk_lines:
                runs.append(_spill(sorted(chunk), files))
                chunk = set()
        if not runs:
            yield from sorted(chunk)
            return
        runs.append(_spill(sorted(chunk), files))
        del chunk
        previous = None
        for line in heapq.merge(*runs):
            if line != previous:  # a quad in two runs (the input may repeat quads) counts once
                yield line
            previous = line


def _spill(lines: list[bytes], files: ExitStack) -> Iterator[bytes]:
    """One sorted run in a temporary file (an N-Quads line holds no raw newline), read back line by line."""
    run = files.enter_context(tempfile.TemporaryFile())
    run.writelines(lines)
    run.seek(0)
    return iter(run)


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
    check_blank_nodes(quads)
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


def check_blank_nodes(quads: Iterable[ox.Quad]) -> None:
    """Refuse (BadData, 400) blank-node structures too costly to canonicalise; linear time, no recursion."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for q in quads:
        blanks = [t.value for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.BlankNode)]
        for b in blanks:
            parent.setdefault(b, b)
        for b in blanks[1:]:
            parent[find(b)] = find(blanks[0])
        if len(parent) > MAX_BLANKS:
            raise BadData(f"the change has more than {MAX_BLANKS} blank nodes; give the nodes IRIs or split the change",
                          extra={"limit": MAX_BLANKS})
    sizes: dict[str, int] = {}
    for b in parent:
        root = find(b)
        sizes[root] = sizes.get(root, 0) + 1
    largest = max(sizes.values(), default=0)
    if largest > MAX_LINKED_BLANKS:
        raise BadData(
            f"the change links {largest} blank nodes to one another (nested [ … ] or chained _:b); at most "
            f"{MAX_LINKED_BLANKS} are accepted, because telling them apart costs the cube of their number: "
            "give some of them IRIs",
            extra={"limit": MAX_LINKED_BLANKS, "linked_blank_nodes": largest},
        )
