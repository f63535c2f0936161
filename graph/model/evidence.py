"""An entity's evidence grouped by claim: each sentence once, with every fact on the page it supports.

One sentence often supports several facts (a list of partner regions is six
relations); listing the sentence under each relation repeats it six times and
hides that it is one statement. The entity page shows each claim once, with its
words and speaker, followed by the facts it supports, and the relation rows
point to it by speaker and date instead of by a claim hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph import vocab
from graph.config import Settings
from graph.model.claims import Claim, read_many
from graph.model.entities import Entity
from graph.model.snapshot import current
from graph.store import Store


@dataclass
class Supported:
    claim: Claim
    facts: list[str] = field(default_factory=list)
    """What the claim supports on this page, as a reader says it: "has partners in region Africa"."""


def grouped(store: Store, settings: Settings, entity: Entity) -> list[Supported]:
    """The claims behind the entity's relations and roles, in document order, each with its facts."""
    facts: dict[str, list[str]] = {}
    for rel in entity.relations:
        said = f"{rel.predicate_label} {rel.target.label}" if rel.direction == "out" else f"{rel.target.label} {rel.predicate_label} {entity.label}"
        for e in rel.evidence:
            facts.setdefault(e.claim, []).append(said)
    for role in entity.roles:
        said = " ".join(p for p in (
            role.role.label if role.role else "", role.post.label if role.post else "",
            ("of " + role.organization.label) if role.organization else "",
        ) if p)
        for claim_id in role.evidence:
            if said not in facts.setdefault(claim_id, []):
                facts[claim_id].append(said)
    for value in entity.properties.get("dtkg:supportedBy", []):
        if isinstance(value, dict) and value.get("id"):
            facts.setdefault(value["id"], []).append(f"what is recorded about {entity.label}")
    if not facts:
        return []
    read = read_many(store, current(store, settings), [vocab.entity(c) for c in facts])
    read.sort(key=lambda c: (c.source.id, c.span.start or 0))
    return [Supported(c, list(dict.fromkeys(facts[c.id]))) for c in read]
