"""Entities that take part in no relation, as the network shows them: one node, alone, with its claims.

Every entity page links to the network, but the projected graph holds only the
ends of relations: a speaker who is quoted but linked to no one (Mikheev), the
Commission, the federal project would be "not found". The network answers for
them from the store instead: the facts :mod:`~graph.network.project` describes
a node from (label, asserted types), and the claims it made
or that are about it, shaped like a relation's evidence so the page's panel
shows them the same way.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graph.config import Settings
from graph.model import claims
from graph.model.dates import readable
from graph.model.snapshot import current, not_found, resolve
from graph.store import Store

CLAIMS_SHOWN = 200
"""Claims by and about a lone entity listed in the panel (each way); the entity page lists them all."""


def facts(store: Store, settings: Settings, nid: str) -> dict[str, list[Any]]:
    """The entity's label and asserted types as the network-nodes query gives them, or NotFound when there is no such entity."""
    iri = resolve(nid)
    snap = current(store, settings)
    if not snap.known(iri):
        raise not_found(nid)
    return {
        "type": [ox.NamedNode(t) for t in snap.types.get(iri, ())],
        "prefLabel": [ox.Literal(snap.label(iri), language="en")],
    }


def evidence(store: Store, settings: Settings, nid: str) -> list[dict[str, Any]]:
    """The claims the entity made, then those about it, each once, as relation evidence reads."""
    seen: dict[str, dict[str, Any]] = {}
    for where in (claims.ClaimFilter(speaker=nid), claims.ClaimFilter(about=nid)):
        for claim in claims.find(store, settings, where, CLAIMS_SHOWN, 0).items:
            if claim.id in seen:
                continue
            seen[claim.id] = {
                "claim": claim.id,
                "text": claim.text or claim.span.exact or "",
                "start": claim.span.start,
                "end": claim.span.end,
                "speaker": claim.speaker.id,
                "speaker_label": claim.speaker.label,
                "stated_on": claim.date.value,
                "stated_on_text": readable(claim.date.value, claim.date.precision) if claim.date.value else None,
                "document": claim.source.id,
                "document_title": claim.source.title,
                "kinds": list(claim.kinds),
                "role": "speaker" if claim.speaker.id == nid else "about",
            }
    return list(seen.values())
