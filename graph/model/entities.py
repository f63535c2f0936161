"""Entities for people who do not write SPARQL: search by name, one entity with its evidence.

Search uses the label index of the current :mod:`graph.model.snapshot` (no store
scan per request); one entity's page is a handful of named queries with the
entity bound as a term (``queries/api-entity*.rq``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from graph import vocab
from graph.config import Settings
from graph.matching import Match
from graph.model import claim_links
from graph.model.snapshot import (
    Page,
    Ref,
    Snapshot,
    current,
    not_found,
    paginate,
    resolve,
    rows,
    solutions,
    text,
    unique,
)
from graph.store import Store

RDF_TYPE = str(vocab.RDF.type)
SKOS = str(vocab.SKOS)
RDFS = str(vocab.RDFS)
SCHEMA = str(vocab.SCHEMA)
PROV = str(vocab.PROV)
NAME_PROPERTIES = {SKOS + "prefLabel", SKOS + "altLabel", RDFS + "label", SCHEMA + "name", RDF_TYPE}
DESCRIPTION_PROPERTIES = (SKOS + "definition", SCHEMA + "description", RDFS + "comment", SKOS + "scopeNote")
SAME_AS_PROPERTIES = {SKOS + "exactMatch", SKOS + "closeMatch", str(vocab.OWL.sameAs)}


@dataclass(frozen=True)
class EntitySummary:
    id: str
    iri: str
    label: str
    types: list[str]
    aliases: list[str]


@dataclass(frozen=True)
class Evidence:
    claim: str
    source: str | None


@dataclass
class Relation:
    predicate: str
    predicate_label: str
    direction: str
    target: Ref
    valid_from: str | None
    valid_to: str | None
    evidence: list[Evidence] = field(default_factory=list)
    id: str = ""


@dataclass
class Role:
    kind: str
    role: Ref | None
    post: Ref | None
    organization: Ref | None
    valid_from: str | None
    valid_to: str | None
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OutsideKnowledge:
    """A statement about the entity that no source makes, with the curator's basis and a reference."""

    predicate: str
    value: Any
    basis: str | None
    reference: str | None


@dataclass
class Entity:
    id: str
    iri: str
    label: str
    types: list[str]
    aliases: list[str]
    description: str | None
    same_as: list[str]
    properties: dict[str, list[Any]]
    relations: list[Relation]
    roles: list[Role]
    claims_made: int
    claims_about: int
    outside_knowledge: list[OutsideKnowledge]


SEARCH_FLOOR = 50.0
"""Lowest matcher score listed by search: below it a candidate is noise rather than a guess."""


def match(
    store: Store, settings: Settings, name: str, *, types: Sequence[str] | None = None, limit: int | None = 5
) -> list[Match]:
    """Candidates for one name in the current graph: the entry point for ingestion's entity linking.

    Built on the matcher of the current graph version, so a curation change is
    seen on the next call; see :class:`graph.matching.Matcher` for scores and ranking.
    """
    return current(store, settings).matcher.match(name, types=types, limit=limit)


def search(
    store: Store, settings: Settings, q: str | None, type_name: str | None, limit: int, offset: int
) -> Page[EntitySummary]:
    """Entities whose names match ``q`` through the one matcher (:mod:`graph.matching`), best first.

    Search shows every candidate down to :data:`SEARCH_FLOOR` (prefixes and
    substrings included, for a search box); without ``q``, all entities by label.
    """
    snap = current(store, settings)
    if q and q.strip():
        types = [type_name] if type_name else None
        found = [m.iri for m in snap.matcher.match(q, types=types, limit=None, min_score=SEARCH_FLOOR)]
    else:
        found = snap.entities
        if type_name:
            allowed = set(snap.instances(snap.class_for(type_name)))
            found = [iri for iri in found if iri in allowed]
    page = paginate(found, limit, offset)
    return Page([summary(snap, iri) for iri in page.items], page.total, limit, offset)


def summary(snap: Snapshot, iri: str) -> EntitySummary:
    return EntitySummary(
        id=vocab.entity_id(iri), iri=iri, label=snap.label(iri), types=snap.type_names(iri), aliases=snap.aliases(iri)
    )


def entity(store: Store, settings: Settings, entity_id: str) -> Entity:
    iri = resolve(entity_id)
    snap = current(store, settings)
    params = {"entity": iri}
    statements = rows(store, "api-entity", params)
    if not statements:
        raise not_found(entity_id)
    description = None
    for prop in DESCRIPTION_PROPERTIES:
        values = [r["o"] for r in statements if r["p"].value == prop and isinstance(r["o"], ox.Literal)]
        english = [v for v in values if (v.language or "en") == "en"] or values
        if english:
            description = english[0].value
            break
    same_as = sorted({r["o"].value for r in statements if r["p"].value in SAME_AS_PROPERTIES})
    properties: dict[str, list[Any]] = {}
    for r in statements:
        predicate = r["p"].value
        if predicate in NAME_PROPERTIES or predicate in SAME_AS_PROPERTIES or predicate in DESCRIPTION_PROPERTIES:
            continue
        properties.setdefault(vocab.compact(predicate), []).append(value_of(snap, r["o"]))
    found_relations = relations(store, snap, iri)
    # truthy triples of curated relations are listed, with evidence, under relations
    for shown in {rel.predicate for rel in found_relations if rel.direction == "out"}:
        properties.pop(shown, None)
    made = claim_links.count(store, snap, PROV + "wasAttributedTo", iri)
    about = claim_links.count(store, snap, vocab.ONTOLOGY + "about", iri)
    return Entity(
        id=vocab.entity_id(iri),
        iri=iri,
        label=snap.label(iri),
        types=sorted({vocab.entity_id(r["o"].value) for r in statements if r["p"].value == RDF_TYPE}),
        aliases=snap.aliases(iri),
        description=description,
        same_as=same_as,
        properties=properties,
        relations=found_relations,
        roles=roles(store, snap, iri, found_relations),
        claims_made=made,
        claims_about=about,
        outside_knowledge=[
            OutsideKnowledge(vocab.compact(r["p"].value), value_of(snap, r["o"]), text(r.get("basis")), text(r.get("reference")))
            for r in rows(store, "api-entity-outside-knowledge", params)
        ],
    )


RELATION_TABLE = "relations"
"""Key of the per-version :class:`RelationTable` in :meth:`Snapshot.table`."""

DIRECTIONS = (("out", "subject", "object"), ("in", "object", "subject"))
"""(direction, the entity's end, the other end): relations from the entity first, as the page lists them."""

RelationRow = tuple[str, str, str | None, str, str | None, str | None, str | None]
"""One row of ``api-entity-relations`` as text: (relation, predicate, predicate label, other end, valid from,
valid to, supporting claim)."""


@dataclass(frozen=True)
class RelationTable:
    """Every entity's relation rows, read once per store version (``api-relations``).

    A country at 1M triples has hundreds of relations: ``api-entity-relations``
    cost ~60 ms of CPU for its page, every time a page nobody asked before was
    served (issue 18 point 2). The table keeps the rows as tuples of shared
    strings (~20k relations at 1M; see BENCHMARKS.md for its memory), already in
    the query's order, and an entity page builds its :class:`Relation` objects
    from them, so no request shares a mutable object with another.
    """

    outgoing: dict[str, tuple[RelationRow, ...]]
    """Entity IRI → rows of the relations whose subject it is, ordered as ``api-entity-relations`` orders them."""
    incoming: dict[str, tuple[RelationRow, ...]]
    """Entity IRI → rows of the relations whose object it is, same order."""
    sources: dict[str, str]
    """Supporting claim IRI → the document it appears in (``api-entity-evidence``)."""


def relations(store: Store, snap: Snapshot, iri: str) -> list[Relation]:
    """Relations from and to the entity, each with its supporting claims and their documents.

    From the version's :class:`RelationTable` once it is ready; until then (its
    first seconds at 1M triples) from the per-entity queries, with the same answer.
    """
    table = snap.table(RELATION_TABLE, functools.partial(relation_table, store))
    return relations_from_table(snap, table, iri) if table is not None else relations_from_store(store, snap, iri)


def relations_from_store(store: Store, snap: Snapshot, iri: str) -> list[Relation]:
    """:func:`relations` read by the entity's own queries (``api-entity-relations``, ``api-entity-evidence``)."""
    by_node: dict[str, Relation] = {}
    for direction, near, far in DIRECTIONS:
        params = {"entity": iri, "near": vocab.ONTOLOGY + near, "far": vocab.ONTOLOGY + far}
        sources = {
            r["claim"].value: r["source"].value
            for r in rows(store, "api-entity-evidence", {"entity": iri, "near": params["near"]})
        }
        found = [
            (r["relation"].value, r["predicate"].value, text(r.get("predicateLabel")), r["target"].value,
             text(r.get("validFrom")), text(r.get("validTo")), text(r.get("claim")))
            for r in rows(store, "api-entity-relations", params)
        ]
        add_relations(snap, by_node, direction, found, sources)
    return list(by_node.values())


def relations_from_table(snap: Snapshot, table: RelationTable, iri: str) -> list[Relation]:
    """:func:`relations` read from the version's :class:`RelationTable`: no query."""
    by_node: dict[str, Relation] = {}
    add_relations(snap, by_node, "out", table.outgoing.get(iri, ()), table.sources)
    add_relations(snap, by_node, "in", table.incoming.get(iri, ()), table.sources)
    return list(by_node.values())


def add_relations(
    snap: Snapshot, by_node: dict[str, Relation], direction: str, found: Iterable[RelationRow], sources: Mapping[str, str]
) -> None:
    """Fold one direction's rows (one per relation and claim) into relations with their evidence.

    A relation already seen (one whose two ends are the entity, listed "out")
    only gains the evidence it lacks.
    """
    for node, predicate, label, target, valid_from, valid_to, claim in found:
        rel = by_node.get(node)
        if rel is None:
            rel = by_node[node] = Relation(
                id=vocab.entity_id(node),
                predicate=vocab.compact(predicate),
                predicate_label=label or vocab.entity_id(predicate),
                direction=direction,
                target=snap.ref(target),
                valid_from=valid_from,
                valid_to=valid_to,
            )
        if claim is not None:
            source = sources.get(claim)
            evidence = Evidence(vocab.entity_id(claim), vocab.entity_id(source) if source else None)
            if evidence not in rel.evidence:
                rel.evidence.append(evidence)


def relation_table(store: Store) -> RelationTable:
    """Every relation's rows (``api-relations``, ~2 s of CPU at 1M triples), grouped by entity and ordered.

    Each row sorts by what ``api-entity-relations`` orders by (predicate, other
    end, relation, claim; an unbound claim first, and SPARQL's blank node < IRI <
    literal for the other end); equal strings are stored once.
    """
    pool: dict[str, str] = {}

    def kept(term: Any) -> str | None:
        return None if term is None else pool.setdefault(term.value, term.value)

    outgoing: dict[str, list[tuple[tuple[Any, ...], RelationRow]]] = {}
    incoming: dict[str, list[tuple[tuple[Any, ...], RelationRow]]] = {}
    sources: dict[str, str] = {}
    for r in solutions(store, "api-relations"):
        node, predicate, label = kept(r["relation"]), kept(r["predicate"]), kept(r.get("predicateLabel"))
        valid_from, valid_to, claim = kept(r.get("validFrom")), kept(r.get("validTo")), kept(r.get("claim"))
        if claim is not None and "source" in r:
            sources[claim] = kept(r["source"]) or ""
        subject, obj = r["subject"], r["object"]
        for entity, other, grouped in ((subject, obj, outgoing), (obj, subject, incoming)):
            row: RelationRow = (node or "", predicate or "", label, kept(other) or "", valid_from, valid_to, claim)
            key = (predicate, term_rank(other), other.value, node, claim is not None, claim or "")
            grouped.setdefault(kept(entity) or "", []).append((key, row))
    return RelationTable(
        outgoing={e: tuple(row for _, row in sorted(found, key=first)) for e, found in outgoing.items()},
        incoming={e: tuple(row for _, row in sorted(found, key=first)) for e, found in incoming.items()},
        sources=sources,
    )


def first(pair: tuple[tuple[Any, ...], RelationRow]) -> tuple[Any, ...]:
    return pair[0]


def term_rank(term: Any) -> int:
    """SPARQL ORDER BY's order of term kinds: blank nodes, then IRIs, then literals."""
    return 0 if isinstance(term, ox.BlankNode) else 1 if isinstance(term, ox.NamedNode) else 2


def warm(store: Store, settings: Settings) -> None:
    """At server start: begin the :class:`RelationTable` of the current version (in its own background thread),
    so the first entity pages need not query their relations."""
    try:
        snap = current(store, settings)
    except Exception:  # reported by the snapshot's own warm-up; the first request tries again
        return
    snap.table(RELATION_TABLE, functools.partial(relation_table, store))


def roles(store: Store, snap: Snapshot, iri: str, found_relations: list[Relation]) -> list[Role]:
    """Posts held (validity and evidence from the post-holding relation) and memberships with a role."""
    holdings = {r.target.id: r for r in found_relations if r.predicate == "org:holds" and r.direction == "out"}
    out: list[Role] = []
    for r in rows(store, "api-entity-roles", {"entity": iri}):
        post = snap.ref(r["post"].value)
        holding = holdings.get(post.id)
        out.append(
            Role(
                kind="post",
                role=concept_ref(snap, text(r.get("role"))),
                post=post,
                organization=snap.ref(r["organization"].value) if "organization" in r else None,
                valid_from=holding.valid_from if holding else None,
                valid_to=holding.valid_to if holding else None,
                evidence=[e.claim for e in holding.evidence] if holding else [],
            )
        )
    memberships: dict[str, Role] = {}
    for r in rows(store, "api-entity-memberships", {"entity": iri}):
        node = r["membership"].value
        role = memberships.get(node)
        if role is None:
            role = memberships[node] = Role(
                kind="membership",
                role=concept_ref(snap, r["role"].value),
                post=None,
                organization=snap.ref(r["organization"].value),
                valid_from=text(r.get("validFrom")),
                valid_to=text(r.get("validTo")),
            )
        if "claim" in r:
            role.evidence = unique([*role.evidence, vocab.entity_id(r["claim"].value)])
    return out + list(memberships.values())


def concept_ref(snap: Snapshot, iri: str | None) -> Ref | None:
    return Ref(vocab.entity_id(iri), snap.label(iri)) if iri else None


def describe(store: Store, entity_id: str) -> list[ox.Triple]:
    """The linked-data description served at ``/id/{id}``: the resource and its claims' evidence."""
    from graph.sparql import catalogue

    iri = resolve(entity_id, what="resource")
    query = catalogue.get("api-describe")
    result = store.query(query.text, query.bind({"entity": iri}))
    triples = sorted({ox.Triple(t.subject, t.predicate, t.object) for t in result}, key=str)  # type: ignore[union-attr]  # api-describe is a CONSTRUCT: triples
    if not triples:
        raise not_found(entity_id, "resource")
    return triples


def value_of(snap: Snapshot, term: Any) -> Any:
    """A property value as JSON: entities as refs, numbers as numbers, the rest as text."""
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(vocab.ENTITY):
            ref = snap.ref(term.value)
            return {"id": ref.id, "label": ref.label}
        return vocab.compact(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype.endswith(("#integer", "#nonNegativeInteger", "#decimal")):
            return number(term.value)
        return term.value
    return str(term)


def number(raw: str) -> int | float | str:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    return int(value) if value == value.to_integral_value() else float(value)
