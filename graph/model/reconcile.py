"""The W3C Reconciliation Service API 0.2 (what OpenRefine speaks), over the one matcher.

A reconciliation client sends a batch of named queries (``{"q0": {"query":
"Miheev", "type": "Person", "limit": 3, "properties": [...]}}``) and gets, per
query, ranked candidates with ``id``, ``name``, ``type``, ``score`` and ``match``.
Everything here is read-only and works on the current graph version:

* :func:`parse_batch` checks a batch against the specification's query schema
  and dtkg's limits, and names the offending field in a 400 (:class:`BadBatch`);
* :func:`reconcile` ranks candidates with :class:`graph.matching.Matcher`, then
  applies the type and property conditions;
* :func:`manifest`, :func:`suggest_entities`, :func:`suggest_types`,
  :func:`suggest_properties` and :func:`preview` serve the rest of the protocol.

Property conditions use the ontology's relation properties (``dtkg:memberOf``,
``dtkg:partnerRegion``, ``org:holds`` …, the same that the partner network
draws): a candidate meeting every condition gains :data:`PROPERTY_BONUS`
points, one failing them loses up to :data:`PROPERTY_PENALTY`, the way
Wikidata's service lets properties confirm or contradict a name.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from graph import vocab
from graph.config import Settings
from graph.errors import DtkgError, InvalidParameter
from graph.matching import AUTO_MATCH_SCORE, Match, Matcher, Reason
from graph.matching.fold import fold
from graph.model import entities
from graph.model.snapshot import Snapshot, current, rows
from graph.store import Store

MAX_BATCH = 100
"""Most queries in one batch (OpenRefine sends 10 by default)."""
MAX_QUERY_CHARS = 1000
"""Longest ``query`` string, and longest property value."""
MAX_LIMIT = 100
DEFAULT_LIMIT = 5
MAX_PROPERTIES = 20
PROPERTY_BONUS = 5.0
PROPERTY_PENALTY = 20.0
TYPE_PENALTY = 10.0
"""Points lost by a candidate outside the requested types when ``type_strict`` is ``should``."""
PROPERTY_ONLY_SCORE = 80.0
"""Score of a candidate found by its properties alone, when it meets all of them: never an auto-match."""
QUERY_FIELDS = {"query", "type", "limit", "properties", "type_strict"}
PREVIEW_SIZE = (400, 140)
"""Width and height, in pixels, of the preview card OpenRefine shows in a frame."""
SUGGEST_LIMIT = 10


class BadBatch(InvalidParameter):
    """A reconciliation request that does not follow the protocol or dtkg's limits: 400 naming the field.

    The protocol's clients expect a 400 here, where dtkg's REST API answers an unknown value with 422.
    """

    status = 400
    title = "Bad reconciliation query"


@dataclass(frozen=True)
class Condition:
    """One property condition: the relation property and the entities (or texts) it should lead to."""

    pid: str
    entities: frozenset[str]
    texts: frozenset[str]


@dataclass(frozen=True)
class Query:
    key: str
    text: str | None
    types: tuple[str, ...]
    type_strict: str
    limit: int
    conditions: tuple[Condition, ...]


def parse_queries_field(raw: str) -> Any:
    """The ``queries`` form or query-string field: a JSON object, or a 400 naming the field."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadBatch("queries", f"not valid JSON ({exc.msg} at character {exc.pos})") from None


def parse_batch(store: Store, settings: Settings, raw: Any) -> list[Query]:
    """Check a batch (already decoded from JSON) and resolve its types and properties."""
    if not isinstance(raw, dict):
        raise BadBatch("queries", "must be a JSON object of named queries, e.g. {\"q0\": {\"query\": \"Mikheev\"}}")
    if len(raw) > MAX_BATCH:
        raise BadBatch("queries", f"{len(raw)} queries in one batch; at most {MAX_BATCH}")
    snap = current(store, settings)
    return [_parse_query(store, snap, str(key), value) for key, value in raw.items()]


def _parse_query(store: Store, snap: Snapshot, key: str, raw: Any) -> Query:
    where = f"queries.{key[:50]}"
    if not isinstance(raw, dict):
        raise BadBatch(where, "each query must be a JSON object")
    unknown = sorted(set(raw) - QUERY_FIELDS)
    if unknown:
        raise BadBatch(f"{where}.{unknown[0][:50]}", f"unknown field; a query has {', '.join(sorted(QUERY_FIELDS))}")
    text = raw.get("query")
    if text is not None:
        if not isinstance(text, str):
            raise BadBatch(f"{where}.query", "must be a string")
        if len(text) > MAX_QUERY_CHARS:
            raise BadBatch(f"{where}.query", f"{len(text)} characters; at most {MAX_QUERY_CHARS}")
        if not text.strip():
            text = None
    conditions = _parse_properties(store, snap, where, raw.get("properties"))
    if text is None and not conditions:
        raise BadBatch(f"{where}.query", "a query needs a non-empty query string or at least one property")
    return Query(
        key=key,
        text=text,
        types=_parse_types(snap, where, raw.get("type")),
        type_strict=_parse_type_strict(where, raw.get("type_strict")),
        limit=_parse_limit(where, raw.get("limit")),
        conditions=conditions,
    )


def _parse_types(snap: Snapshot, where: str, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or len(names) > 20:
        raise BadBatch(f"{where}.type", "must be a type id or a list of at most 20 type ids")
    out = []
    for name in names:
        try:
            out.append(snap.class_for(name[:200]))
        except DtkgError:
            known = ", ".join(sorted({vocab.entity_id(c) for c in snap.by_class}))
            raise BadBatch(f"{where}.type", f"unknown type {name[:200]!r}; types with entities: {known}") from None
    return tuple(out)


def _parse_type_strict(where: str, raw: Any) -> str:
    if raw is None:
        return "any"
    if raw not in ("any", "should", "all"):
        raise BadBatch(f"{where}.type_strict", "must be one of any, should, all")
    return str(raw)


def _parse_limit(where: str, raw: Any) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw) or not 1 <= raw <= MAX_LIMIT:
        raise BadBatch(f"{where}.limit", f"must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def _parse_properties(store: Store, snap: Snapshot, where: str, raw: Any) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_PROPERTIES:
        raise BadBatch(f"{where}.properties", f"must be a list of at most {MAX_PROPERTIES} {{pid, v}} objects")
    known = relation_properties(store, snap)
    out = []
    for i, item in enumerate(raw):
        field_name = f"{where}.properties[{i}]"
        if not isinstance(item, dict) or "pid" not in item or "v" not in item or set(item) - {"pid", "v"}:
            raise BadBatch(field_name, "must be an object with exactly pid and v")
        pid = item["pid"]
        if not isinstance(pid, str) or _property_iri(known, pid) is None:
            names = ", ".join(p.id for p in known.values())
            raise BadBatch(f"{field_name}.pid", f"unknown property {str(pid)[:200]!r}; properties: {names}")
        out.append(_condition(snap, f"{field_name}.v", _property_iri(known, pid) or "", item["v"]))
    return tuple(out)


def _condition(snap: Snapshot, field_name: str, pid: str, raw: Any) -> Condition:
    values = raw if isinstance(raw, list) else [raw]
    if not values or len(values) > 20:
        raise BadBatch(field_name, "must be a value or a list of 1 to 20 values")
    found: set[str] = set()
    texts: set[str] = set()
    for value in values:
        if isinstance(value, dict):
            given = value.get("id")
            if not isinstance(given, str) or not given.strip():
                raise BadBatch(field_name, "an entity value is an object with a string id")
            found.add(given if given.startswith(vocab.ENTITY) else vocab.entity(given.strip()[:200]))
        elif isinstance(value, str | int | float | bool):
            text = str(value).lower() if isinstance(value, bool) else str(value)
            if len(text) > MAX_QUERY_CHARS:
                raise BadBatch(field_name, f"{len(text)} characters; at most {MAX_QUERY_CHARS}")
            texts.add(fold(text))
            as_id = vocab.entity(text.strip()) if text.strip().replace("-", "").isalnum() else None
            if as_id and snap.known(as_id):
                found.add(as_id)
            else:  # a name: every entity it matches strongly (an ambiguous name may stand for several)
                found.update(m.iri for m in snap.matcher.match(text, limit=5) if m.score >= AUTO_MATCH_SCORE)
        else:
            raise BadBatch(field_name, "values are strings, numbers, booleans or {id, name} objects")
    return Condition(pid, frozenset(found), frozenset(texts))


# ---- answering ----


def reconcile(store: Store, settings: Settings, queries: Sequence[Query]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """One result list per query key, as the specification's result batch."""
    snap = current(store, settings)
    return {q.key: {"result": [candidate(snap, m, auto) for m, auto in answer(store, snap, q)]} for q in queries}


def answer(store: Store, snap: Snapshot, query: Query) -> list[tuple[Match, bool]]:
    """Ranked candidates of one query, each with whether it is auto-matched."""
    matcher = snap.matcher
    pool = max(query.limit * 4, 20)
    if query.text is not None:
        strict_types = list(query.types) if query.types and query.type_strict != "should" else None
        found = matcher.match(query.text, types=strict_types, limit=pool)
    else:
        found = _by_properties(store, snap, query, pool)
    ranked: list[Match] = []
    for m in found:
        classes = matcher.classes_of(m.iri)
        value = m.score
        if query.types and query.type_strict == "all" and not set(query.types) <= classes:
            continue
        if query.types and query.type_strict == "should" and not set(query.types) & classes:
            value -= TYPE_PENALTY
        if query.conditions:
            met = _conditions_met(store, m.iri, query.conditions)
            if query.text is None:
                value = PROPERTY_ONLY_SCORE * met
            elif met == 1.0:
                value = min(100.0, value + PROPERTY_BONUS)
            else:
                value -= PROPERTY_PENALTY * (1.0 - met)
        ranked.append(replace(m, score=round(max(0.0, value), 1)))
    ranked.sort(key=lambda m: -m.score)
    ranked = ranked[: query.limit]
    auto = Matcher.auto_match(ranked)
    return [(m, auto and i == 0) for i, m in enumerate(ranked)]


def _by_properties(store: Store, snap: Snapshot, query: Query, pool: int) -> list[Match]:
    """Candidates of a query without a name: the subjects of its first condition's relations."""
    subjects: list[str] = []
    for condition in query.conditions[:1]:
        for value in sorted(condition.entities):
            for row in rows(store, "api-relation-subjects", {"property": condition.pid, "value": value}):
                iri = row["entity"].value
                if iri.startswith(vocab.ENTITY) and iri not in subjects:
                    subjects.append(iri)
    return [_as_match(snap, iri) for iri in subjects[:pool]]


def _as_match(snap: Snapshot, iri: str) -> Match:
    return Match(iri, vocab.entity_id(iri), snap.label(iri), tuple(snap.type_names(iri)), 0.0, Reason.PARTIAL, "")


def _conditions_met(store: Store, iri: str, conditions: Sequence[Condition]) -> float:
    """The share of conditions the entity's own relations meet (0.0–1.0)."""
    values: dict[str, set[str]] = {}
    for row in rows(store, "api-entity", {"entity": iri}):
        values.setdefault(row["p"].value, set()).add(row["o"].value)
    met = 0
    for condition in conditions:
        have = values.get(condition.pid, set())
        if have & condition.entities or {fold(v) for v in have} & condition.texts:
            met += 1
    return met / len(conditions)


def candidate(snap: Snapshot, m: Match, auto: bool) -> dict[str, Any]:
    reason = f"{m.reason}: {m.matched}" if m.matched else "property conditions"
    return {
        "id": m.id,
        "name": m.label,
        "type": [_type(snap, c) for c in snap.types.get(m.iri, [])],
        "score": m.score,
        "match": auto,
        "description": reason,
    }


def _type(snap: Snapshot, class_iri: str) -> dict[str, str]:
    return {"id": vocab.entity_id(class_iri), "name": snap.class_labels.get(class_iri, vocab.entity_id(class_iri))}


# ---- manifest, suggest, preview ----

DEFAULT_TYPES = ("Person", "FormalOrganization", "Country", "Region")


def manifest(store: Store, settings: Settings, base_url: str) -> dict[str, Any]:
    """The service manifest OpenRefine reads when the service is added."""
    snap = current(store, settings)
    base = base_url.rstrip("/")
    default_types = []
    for name in DEFAULT_TYPES:
        try:
            default_types.append(_type(snap, snap.class_for(name)))
        except DtkgError:
            continue
    return {
        "versions": ["0.2"],
        "name": "dtkg — defense-trade actors",
        "identifierSpace": vocab.ENTITY,
        "schemaSpace": vocab.ONTOLOGY,
        "documentation": base + "/docs",
        "view": {"url": base + "/id/{{id}}"},
        "defaultTypes": default_types,
        "preview": {"url": base + "/reconcile/preview?id={{id}}", "width": PREVIEW_SIZE[0], "height": PREVIEW_SIZE[1]},
        "suggest": {
            kind: {"service_url": base, "service_path": f"/reconcile/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
    }


def suggest_entities(
    store: Store, settings: Settings, prefix: str, types: Sequence[str] | None, cursor: int
) -> dict[str, list[dict[str, Any]]]:
    """Entities for a partly typed name (OpenRefine's "search for match" box)."""
    snap = current(store, settings)
    if types:
        for name in types:
            try:
                snap.class_for(name)
            except DtkgError:
                raise BadBatch("type", f"unknown type {name[:200]!r}") from None
    found = snap.matcher.match(prefix, types=types or None, limit=cursor + SUGGEST_LIMIT, min_score=entities.SEARCH_FLOOR)
    return {
        "result": [
            {"id": m.id, "name": m.label, "description": f"{m.reason}: {m.matched}",
             "notable": [_type(snap, c) for c in snap.types.get(m.iri, [])]}
            for m in found[cursor:]
        ]
    }


def suggest_types(store: Store, settings: Settings, prefix: str) -> dict[str, list[dict[str, str]]]:
    """Classes that have entities, whose id or label contains the typed text."""
    snap = current(store, settings)
    wanted = fold(prefix)
    result = []
    for iri in sorted(snap.by_class, key=lambda c: -len(snap.by_class[c])):
        kind = _type(snap, iri)
        if wanted in fold(kind["id"]) or wanted in fold(kind["name"]):
            result.append(kind)
    return {"result": result[:SUGGEST_LIMIT]}


@dataclass(frozen=True)
class PropertyInfo:
    id: str
    iri: str
    name: str
    description: str | None


def suggest_properties(store: Store, settings: Settings, prefix: str) -> dict[str, list[dict[str, str]]]:
    """Relation properties whose id or label contains the typed text."""
    snap = current(store, settings)
    wanted = fold(prefix)
    result = []
    for p in relation_properties(store, snap).values():
        if wanted in fold(p.id) or wanted in fold(p.name):
            item = {"id": p.id, "name": p.name}
            if p.description:
                item["description"] = p.description
            result.append(item)
    return {"result": result[:SUGGEST_LIMIT]}


_properties: dict[str, dict[str, PropertyInfo]] = {}
_properties_lock = threading.Lock()


def relation_properties(store: Store, snap: Snapshot) -> Mapping[str, PropertyInfo]:
    """The ontology's relation properties by IRI, read once per graph version."""
    with _properties_lock:
        known = _properties.get(snap.version)
    if known is not None:
        return known
    found: dict[str, PropertyInfo] = {}
    for row in rows(store, "api-relation-properties"):
        iri = row["property"].value
        short = vocab.compact(iri)
        pid = short.removeprefix("dtkg:")
        name = row["label"].value if "label" in row else pid
        found[iri] = PropertyInfo(pid, iri, name, row["definition"].value if "definition" in row else None)
    with _properties_lock:
        _properties.clear()  # one graph version at a time
        _properties[snap.version] = found
    return found


def _property_iri(known: Mapping[str, PropertyInfo], pid: str) -> str | None:
    wanted = pid.strip()
    for iri, p in known.items():
        if wanted in (iri, p.id, vocab.compact(iri)):
            return iri
    return None
