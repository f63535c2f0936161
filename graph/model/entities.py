"""Entities for people who do not write SPARQL: search by name, one entity with its evidence.

Search uses the label index of the current :mod:`graph.model.snapshot` (no store
scan per request); one entity's page is a handful of named queries with the
entity bound as a term (``queries/api-entity*.rq``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from graph import vocab
from graph.config import Settings
from graph.model.snapshot import Page, Ref, Snapshot, current, not_found, paginate, resolve, rows, text, unique
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


def search(
    store: Store, settings: Settings, q: str | None, type_name: str | None, limit: int, offset: int
) -> Page[EntitySummary]:
    """Entities whose label or alias matches ``q`` (exact, then prefix, then substring)."""
    snap = current(store, settings)
    allowed: set[str] | None = None
    if type_name:
        allowed = set(snap.instances(snap.class_for(type_name)))
    if q and q.strip():
        found = [hit.entity for hit in snap.index.search(q)]
    else:
        found = snap.entities
    if allowed is not None:
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
    made = claim_count(store, iri, PROV + "wasAttributedTo")
    about = claim_count(store, iri, vocab.ONTOLOGY + "about")
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
    )


def claim_count(store: Store, iri: str, by: str) -> int:
    found = rows(store, "api-entity-claim-counts", {"entity": iri, "by": by})
    return int(found[0]["count"].value) if found else 0


def relations(store: Store, snap: Snapshot, iri: str) -> list[Relation]:
    """Relations from and to the entity, each with its supporting claims and their documents."""
    by_node: dict[str, Relation] = {}
    for direction, near, far in (("out", "subject", "object"), ("in", "object", "subject")):
        params = {"entity": iri, "near": vocab.ONTOLOGY + near, "far": vocab.ONTOLOGY + far}
        sources = {
            r["claim"].value: r["source"].value
            for r in rows(store, "api-entity-evidence", {"entity": iri, "near": params["near"]})
        }
        for r in rows(store, "api-entity-relations", params):
            node = r["relation"].value
            rel = by_node.get(node)
            if rel is None:
                predicate = r["predicate"].value
                rel = by_node[node] = Relation(
                    id=vocab.entity_id(node),
                    predicate=vocab.compact(predicate),
                    predicate_label=text(r.get("predicateLabel")) or vocab.entity_id(predicate),
                    direction=direction,
                    target=snap.ref(r["target"].value),
                    valid_from=text(r.get("validFrom")),
                    valid_to=text(r.get("validTo")),
                )
            if "claim" in r:
                claim = r["claim"].value
                source = sources.get(claim)
                evidence = Evidence(vocab.entity_id(claim), vocab.entity_id(source) if source else None)
                if evidence not in rel.evidence:
                    rel.evidence.append(evidence)
    return list(by_node.values())


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
