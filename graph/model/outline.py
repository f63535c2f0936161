"""What a reader needs first about some kinds of entity: a programme's period and aims, an organisation's meetings.

These facts are in the graph as statements on other nodes (a ``time:Interval``,
meetings pointing at their commission), so the generic entity view lists them
as opaque ids or not at all; the page states them at the top instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.config import Settings
from graph.model.dates import precision_of
from graph.model.snapshot import Ref, current, rows, text
from graph.store import Store


@dataclass(frozen=True)
class Period:
    start: str | None
    end: str | None


@dataclass
class Programme:
    period: Period
    aims: list[str] = field(default_factory=list)


@dataclass
class Meeting:
    meeting: Ref
    held_on: str | None
    precision: str
    chairs: list[Ref] = field(default_factory=list)


def programme(store: Store, iri: str) -> Programme | None:
    """The period and aims of a programme; None for an entity with no period."""
    found = rows(store, "api-entity-programme", {"entity": iri})
    if not found:
        return None
    out = Programme(Period(text(found[0].get("begin")), text(found[0].get("end"))))
    for r in found:
        aim = text(r.get("aim"))
        if aim and aim not in out.aims:
            out.aims.append(aim)
    return out


def meetings(store: Store, settings: Settings, iri: str) -> list[Meeting]:
    """The organisation's meetings in date order, each with who chaired it."""
    snap = current(store, settings)
    out: dict[str, Meeting] = {}
    for r in rows(store, "api-entity-meetings", {"entity": iri}):
        node = r["meeting"].value
        held = r.get("heldOn")
        meeting = out.setdefault(
            node,
            Meeting(snap.ref(node), text(held), precision_of(held.datatype.value) if held is not None else "unknown"),
        )
        if "chair" in r:
            chair = snap.ref(r["chair"].value)
            if chair not in meeting.chairs:
                meeting.chairs.append(chair)
    return list(out.values())
