"""Which claims each speaker, entity, source and claim kind has, read once per store version.

The claims list selects by one of four properties (``?claim ?by ?value``: the
speaker, an entity the claim is about, its source, its kind) and an entity page
counts the claims an entity made and the claims about it. Asked of the store per
request, each is a query whose cost grows with the claims of the key: at 1M
triples ``api-claim-ids`` took 10–40 ms of CPU (up to 0.4 s of waiting under
load) for a prolific speaker or a country, and ``api-entity-claim-counts`` ~5.6
ms per entity page. A load that asks many different speakers and entities (a
crawl, many readers) paid it on almost every request: that was the p99 of the
distinct-pages loads (BENCHMARKS.md, issue 18 point 2). So every link is read
once per store version (``queries/api-claim-links.rq``, one query) into a
:class:`ClaimLinks` kept by :meth:`Snapshot.table` like the claim and relation
tables: built in the background, dropped with the snapshot when a write makes
a new version. Until it is ready the per-key queries answer, with the same ids
and counts (tested).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pyoxigraph as ox

from graph.model.snapshot import Snapshot, rows, solutions
from graph.store import Store

LINK_TABLE = "claim-links"
"""Key of the per-version :class:`ClaimLinks` in :meth:`Snapshot.table`."""
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClaimLinks:
    """(property IRI, value IRI) → the claims with ``?claim <property> <value>``, for the four claims filters."""

    claims: dict[tuple[str, str], frozenset[str]]

    def of(self, by: str, value: str) -> frozenset[str]:
        return self.claims.get((by, value), NONE)


def link_table(store: Store, snap: Snapshot) -> ClaimLinks:
    """Every link of ``api-claim-links`` grouped by (property, value); ~3 s (the engine) and ~10 MB at 1M triples.

    Only IRI values are kept: the filters and counts bind an IRI, which a literal
    or blank node never equals. IRIs are the snapshot's own string objects where
    it has them (claims with a place, named entities), so the table adds the
    sets, not another copy of ~40k IRIs.
    """
    same = {iri: iri for iri in snap.claim_order}
    same.update((iri, iri) for iri in snap.names)
    grouped: dict[tuple[str, str], set[str]] = {}
    for row in solutions(store, "api-claim-links"):
        value = row["value"]
        if not isinstance(value, ox.NamedNode):
            continue
        by, iri, claim = row["by"].value, value.value, row["claim"].value
        key = (same.setdefault(by, by), same.get(iri, iri))
        grouped.setdefault(key, set()).add(same.get(claim, claim))
    return ClaimLinks({key: frozenset(found) for key, found in grouped.items()})


def ready(store: Store, snap: Snapshot) -> ClaimLinks | None:
    """This version's table once it is built; None meanwhile (the first call starts the build)."""
    return snap.table(LINK_TABLE, functools.partial(link_table, store, snap))


def claims_with(store: Store, snap: Snapshot, by: str, value: str) -> frozenset[str]:
    """The claims with ``?claim <by> <value>``: from the table, or its query while the table is built."""
    table = ready(store, snap)
    if table is not None:
        return table.of(by, value)
    return snap.memo(("claim-ids", by, value), functools.partial(claim_ids, store, by, value))


def claim_ids(store: Store, by: str, value: str) -> frozenset[str]:
    """The claims with ``?claim <by> <value>``, from the store's index (``api-claim-ids``)."""
    return frozenset(r["claim"].value for r in rows(store, "api-claim-ids", {"by": by, "value": value}))


def count(store: Store, snap: Snapshot, by: str, value: str) -> int:
    """How many claims have ``?claim <by> <value>`` (an entity page's claims made and about it)."""
    table = ready(store, snap)
    if table is not None:
        return len(table.of(by, value))
    found = rows(store, "api-entity-claim-counts", {"entity": value, "by": by})
    return int(found[0]["count"].value) if found else 0


def warm(store: Store, snap: Snapshot) -> None:
    """Start building this version's table (server start-up), so no request pays a per-key query."""
    ready(store, snap)
