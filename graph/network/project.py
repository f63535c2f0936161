"""The partner network: curated relations projected into a networkx graph.

The network is declared, then projected. ``queries/network-edges.rq`` states
which triples are edges (those whose predicate the ontology declares a
``dtkg:RelationProperty``), with the qualified relation node that carries
validity time and the supporting claims; ``queries/network-nodes.rq`` gives the
labels and types of the entities at the ends. This module turns those rows into
a :class:`networkx.MultiDiGraph`; this package is the only one that imports networkx.

* Nodes are entities keyed by their short id (``rosoboronexport``), with
  ``label``, ``type`` (most specific asserted class), ``types``, ``m49`` where
  the entity is a region with a UN M49 code, and the metrics below.
* Edges are directed (subject → object), keyed by the relation node's id
  (``rel-130b38d6fc89``), typed by ``relation`` (``dtkg:partnerRegion``), with
  ``valid_from`` / ``valid_to`` at the source's precision, ``claims`` (the
  supporting claim ids, space-separated so that GraphML can hold them) and
  ``weight`` = number of supporting claims (at least 1).

Metrics (degree, weighted degree, betweenness, PageRank, Louvain community,
connected component) are computed on the undirected, weight-summed view: the
direction of a relation is grammar ("Rosoboronexport has partners in Africa"),
while "who works with whom" is symmetric. They are computed once per graph
version and filter set and cached (:class:`NetworkCache`); a request never
recomputes them.

``as_of`` filtering is precision-aware: a validity bound is the whole period
its datatype names, so a relation valid from ``"2026-01"^^xsd:gYearMonth`` is
valid as of 2026-03-01 but not as of 2025-12-31. A relation with no usable date
is always included and says so (``undated``); a month-day without a year
(``"--01-30"^^xsd:gMonthDay``) cannot be placed in time and counts as undated.
"""

from __future__ import annotations

import hashlib
import operator
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph import vocab
from graph.config import Settings, load_settings
from graph.errors import InvalidParameter, NotFound
from graph.model.dates import parse_as_of, period_of, precision_of, readable, readable_period, valid_during
from graph.network import alone
from graph.network.metrics import FAST_BACKEND_ABOVE, compute_metrics, pagerank_and_communities, weighted_pairs
from graph.network.views import View, select
from graph.sparql import catalogue
from graph.store import Rows, Store, layout

# ---------------------------------------------------------------------------
# Names and dates


def normalise_name(raw: str) -> str:
    """A relation or type name as the user writes it: ``partnerRegion``, ``dtkg:partnerRegion`` or a full IRI."""
    value = raw.strip()
    if value.startswith(("http://", "https://")):
        return vocab.compact(value)
    if ":" in value:
        return value
    return f"dtkg:{value}"


def node_id(iri: str) -> str:
    """Entities under ``…/id/`` by their short id, anything else by its full IRI."""
    return iri[len(vocab.ENTITY):] if iri.startswith(vocab.ENTITY) and "/" not in iri[len(vocab.ENTITY):] else iri


# ---------------------------------------------------------------------------
# Projection


@dataclass(frozen=True)
class Filters:
    """Which part of the network to look at; the empty filter is the whole network."""

    relations: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    as_of: str | None = None
    undated: str = "show"
    """``show`` keeps relations with no validity (the page greys them), ``hide`` drops them; either way the meta counts them."""

    @classmethod
    def of(
        cls, relations: Iterable[str] = (), types: Iterable[str] = (), as_of: str | None = None, undated: str = "show"
    ) -> Filters:
        as_of = as_of.strip() if as_of else None
        if as_of:
            parse_as_of(as_of)
        if undated not in ("show", "hide"):
            raise InvalidParameter("undated", f"must be show or hide, got {undated[:20]!r}")
        return cls(
            relations=frozenset(normalise_name(r) for r in relations if r.strip()),
            types=frozenset(normalise_name(t) for t in types if t.strip()),
            as_of=as_of or None,
            undated=undated,
        )


def _literal_value(term: Any) -> tuple[str, str | None] | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return term.value, term.datatype.value if term.datatype else None
    return str(getattr(term, "value", term)), None


Row = Mapping[str, Any] | ox.QuerySolution
"""One row of a network query: a query solution as is, or a mapping (tests); a missing variable reads as ``None``."""


def relations(edge_rows: Iterable[Row]) -> dict[str, dict[str, Any]]:
    """Rows of the edge query merged into one record per relation, keyed by the relation's id.

    Rows are mappings from variable name to pyoxigraph term (a query solution
    works as is); missing variables are ``None``. Several rows of one relation
    (one per supporting claim) merge into one record with the set of its claims.
    Both the networkx graph (:func:`project`) and the igraph graph of the metrics
    (:func:`ranks`) are built from these records.
    """
    edges: dict[str, dict[str, Any]] = {}
    # Rows repeat the same few predicates and entities: look each IRI up once
    # (the merge is on the path that issue 18 times at 50k relations).
    short: dict[str, str] = {}
    compact: dict[str, str] = {}
    for subject_t, predicate_t, label, object_t, relation, valid_from, valid_to, claim in _edge_values(edge_rows):
        if relation is not None:
            key = short.get(relation.value) or short.setdefault(relation.value, node_id(relation.value))
        else:
            subject, predicate, obj = subject_t.value, predicate_t.value, object_t.value
            key = "t-" + hashlib.sha1(f"{subject} {predicate} {obj}".encode()).hexdigest()[:12]
        edge = edges.get(key)
        if edge is None:
            subject, predicate, obj = subject_t.value, predicate_t.value, object_t.value
            name = compact.get(predicate) or compact.setdefault(predicate, vocab.compact(predicate))
            edge = edges[key] = {
                "source": short.get(subject) or short.setdefault(subject, node_id(subject)),
                "target": short.get(obj) or short.setdefault(obj, node_id(obj)),
                "relation": name,
                "relation_iri": predicate,
                "relation_label": label.value if label is not None else name,
                "relation_node": relation.value if relation is not None else "",
                "claim_set": set(),
                "from": None,
                "to": None,
            }
        if edge["from"] is None:
            edge["from"] = _literal_value(valid_from)
        if edge["to"] is None:
            edge["to"] = _literal_value(valid_to)
        if claim is not None:
            edge["claim_set"].add(short.get(claim.value) or short.setdefault(claim.value, node_id(claim.value)))
    return edges


_EDGE_COLUMNS = ("subject", "predicate", "predicateLabel", "object", "relation", "validFrom", "validTo", "claim")


def _edge_values(edge_rows: Iterable[Row]) -> Iterator[tuple[Any, ...]]:
    """Each edge row as a tuple in :data:`_EDGE_COLUMNS` order, None where unbound.

    Rows from :meth:`Store.select` are read by position (a tenth of the cost of
    reading a query solution by name, measured at 50k rows); other rows by name.
    """
    if isinstance(edge_rows, Rows):
        columns = edge_rows.columns(*_EDGE_COLUMNS)
        if all(c is not None for c in columns):
            yield from map(operator.itemgetter(*columns), edge_rows)
            return
    for row in edge_rows:
        yield tuple(_get(row, name) for name in _EDGE_COLUMNS)


def _weight(edge: Mapping[str, Any]) -> int:
    """An edge weighs its number of supporting claims, at least 1."""
    return max(1, len(edge["claim_set"]))


def ranks(edges: Mapping[str, Mapping[str, Any]], *, fast_above: int = FAST_BACKEND_ABOVE) -> tuple[dict[str, float], dict[str, int]]:
    """PageRank and communities of the whole network straight from the merged query rows.

    ``edges`` are :func:`relations` of the edge query's rows. The igraph graph
    is built from them, not from the networkx graph (converting that cost as
    much as the algorithms). Nodes come in the order :func:`project` adds them,
    so the answer is the one :func:`compute_metrics` gives on the projected graph.
    ``fast_above`` is the size above which igraph computes them (networkx below).
    """
    nodes: dict[str, None] = {}
    triples: list[tuple[str, str, float]] = []
    for key in sorted(edges):
        edge = edges[key]
        nodes.setdefault(edge["source"])
        nodes.setdefault(edge["target"])
        triples.append((edge["source"], edge["target"], _weight(edge)))
    return pagerank_and_communities(list(nodes), weighted_pairs(triples), fast_above=fast_above)


def project(edge_rows: Iterable[Row], node_rows: Iterable[Row] = ()) -> nx.MultiDiGraph:
    """Rows of the two network queries → the full network (see :func:`relations` for the rows)."""
    return _graph(relations(edge_rows), node_rows)


def _graph(edges: Mapping[str, Mapping[str, Any]], node_rows: Iterable[Row]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    facts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in node_rows:
        facts[node_id(row["node"].value)][row["fact"].value].append(row["value"])

    for key in sorted(edges):
        edge = edges[key]
        for end in (edge["source"], edge["target"]):
            if end not in graph:
                graph.add_node(end, **_node_attributes(end, facts.get(end, {})))
        from_period = period_of(*edge["from"]) if edge["from"] else None
        to_period = period_of(*edge["to"]) if edge["to"] else None
        claims = sorted(edge["claim_set"])
        graph.add_edge(
            edge["source"],
            edge["target"],
            key=key,
            id=key,
            relation=edge["relation"],
            relation_iri=edge["relation_iri"],
            relation_label=edge["relation_label"],
            relation_node=edge["relation_node"],
            valid_from=edge["from"][0] if edge["from"] else "",
            valid_to=edge["to"][0] if edge["to"] else "",
            undated=from_period is None and to_period is None,
            claims=" ".join(claims),
            weight=_weight(edge),
        )
        graph.edges[edge["source"], edge["target"], key]["_periods"] = (from_period, to_period)
    return graph


def _get(row: Any, name: str) -> Any:
    """A row's value of ``name`` or None: a query solution answers None for an unbound
    variable by itself (and is read directly where it is hot); mappings in tests may lack the key."""
    try:
        return row[name]
    except (KeyError, IndexError, TypeError):
        return None


def _node_attributes(nid: str, facts: Mapping[str, list[Any]]) -> dict[str, Any]:
    asserted = sorted({vocab.compact(t.value) for t in facts.get("type", []) if isinstance(t, ox.NamedNode)})
    inherited = {vocab.compact(t.value) for t in facts.get("supertype", []) if isinstance(t, ox.NamedNode)}
    # The most specific asserted types: those no other asserted type inherits from.
    specific = [t for t in asserted if t not in inherited] or asserted
    own = [t for t in specific if t.startswith("dtkg:")] or specific
    return {
        "label": _best_label(facts) or nid,
        "type": own[0] if own else "owl:Thing",
        "types": " ".join(asserted),
        "m49": " ".join(sorted({v.value for v in facts.get("m49", [])})),
        "iri": vocab.entity(nid) if not nid.startswith(("http://", "https://")) else nid,
        "_kinds": frozenset(asserted) | frozenset(inherited),
    }


def _best_label(facts: Mapping[str, list[Any]]) -> str | None:
    for fact in ("prefLabel", "label"):
        values = [v for v in facts.get(fact, []) if isinstance(v, ox.Literal)]
        for lang in ("en", ""):
            matching = sorted(v.value for v in values if (v.language or "").split("-")[0] == lang)
            if matching:
                return matching[0]
        if values:
            return sorted(v.value for v in values)[0]
    return None


def load(store: Store) -> nx.MultiDiGraph:
    """The whole network as the store holds it now."""
    edge_rows = store.select(catalogue.get("network-edges").text)
    node_rows = store.select(catalogue.get("network-nodes").text)
    return project(edge_rows, node_rows)


def _load_with_ranks(store: Store) -> tuple[nx.MultiDiGraph, tuple[dict[str, float], dict[str, int]]]:
    """The whole network and its PageRank and communities, both from one read of the edge rows."""
    edges = relations(store.select(catalogue.get("network-edges").text))
    graph = _graph(edges, store.select(catalogue.get("network-nodes").text))
    return graph, ranks(edges)


def apply_filters(graph: nx.MultiDiGraph, filters: Filters) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    """The part of the network the filters select, and notes on what they did.

    A type filter keeps edges whose two ends are both of a selected type (or a
    subclass); ``as_of`` keeps relations valid then, plus every undated one.
    """
    if not filters.relations and not filters.types and not filters.as_of and filters.undated == "show":
        return graph, {"undated_included": sum(1 for *_, d in graph.edges(data="undated") if d), "undated_hidden": 0}
    known_relations = {r for *_, r in graph.edges(data="relation")}
    unknown = sorted(filters.relations - known_relations)
    if unknown:
        raise InvalidParameter("relation", f"unknown relation type {', '.join(unknown)} (known: {', '.join(sorted(known_relations))})")
    known_types = set().union(*(k for _, k in graph.nodes(data="_kinds"))) if len(graph) else set()
    unknown = sorted(filters.types - known_types)
    if unknown:
        raise InvalidParameter("type", f"no entity has type {', '.join(unknown)} (types present: {', '.join(sorted(known_types))})")
    when = parse_as_of(filters.as_of) if filters.as_of else None

    def keep_node(n: str) -> bool:
        return not filters.types or bool(graph.nodes[n]["_kinds"] & filters.types)

    view = nx.MultiDiGraph()
    undated = hidden = 0
    for u, v, key, data in graph.edges(keys=True, data=True):
        if filters.relations and data["relation"] not in filters.relations:
            continue
        if not (keep_node(u) and keep_node(v)):
            continue
        if when is not None and not data["undated"] and not valid_during(data["_periods"][0], data["_periods"][1], when):
            continue
        if data["undated"] and filters.undated == "hide":
            hidden += 1
            continue
        undated += bool(data["undated"])
        for n in (u, v):
            if n not in view:
                view.add_node(n, **graph.nodes[n])
        view.add_edge(u, v, key=key, **data)
    return view, {"undated_included": undated, "undated_hidden": hidden}


# ---------------------------------------------------------------------------
# Evidence


def _readable_date(term: Any) -> str | None:
    """A claim's stated date as the panel shows it ("13 August (year not stated)"), from the one date reader."""
    if term is None:
        return None
    return readable(term.value, precision_of(term.datatype.value) if isinstance(term, ox.Literal) else None)


def evidence(store: Store, relation: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Supporting claims per relation id: text span, speaker, date, kinds, source document."""
    named = catalogue.get("network-evidence")
    rows = store.select(named.text, named.bind({"relation": relation} if relation else {}))
    claims: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        rel, claim = node_id(row["relation"].value), node_id(row["claim"].value)
        item = claims.setdefault(
            (rel, claim),
            {
                "claim": claim,
                "text": row["text"].value,
                "start": _int(_get(row, "start")),
                "end": _int(_get(row, "end")),
                "speaker": node_id(_get(row, "speaker").value) if _get(row, "speaker") is not None else None,
                "speaker_label": _get(row, "speakerLabel").value if _get(row, "speakerLabel") is not None else None,
                "stated_on": _get(row, "statedOn").value if _get(row, "statedOn") is not None else None,
                "stated_on_text": _readable_date(_get(row, "statedOn")),
                "document": node_id(row["document"].value),
                "document_title": _get(row, "documentTitle").value if _get(row, "documentTitle") is not None else None,
                "kinds": set(),
            },
        )
        kind = _get(row, "kind")
        if kind is not None:
            item["kinds"].add(vocab.compact(kind.value))
    by_relation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (rel, _), item in sorted(claims.items()):
        item["kinds"] = sorted(item["kinds"])
        if item["speaker"] and not item["speaker_label"]:
            item["speaker_label"] = item["speaker"]
        by_relation[rel].append(item)
    return dict(by_relation)


def _int(term: Any) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Cache


class Network:
    """One version of the network: the full graph, evidence, and metrics per filter set."""

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        version: str,
        evidence_by_relation: Mapping[str, list[dict[str, Any]]] | None = None,
        ranks: tuple[dict[str, float], dict[str, int]] | None = None,
        store: Store | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.graph = graph
        self.version = version
        self.evidence = dict(evidence_by_relation or {})
        self._ranks = ranks
        """PageRank and communities of the whole graph, when already computed from the query rows."""
        self._store = store
        self._settings = settings
        """Where entities outside the graph (no relations) are looked up; without them they are not found."""
        self._filtered: OrderedDict[Filters, tuple[nx.MultiDiGraph, dict[str, Any], dict[str, dict[str, float | int]]]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_store(cls, store: Store, version: str | None = None, settings: Settings | None = None) -> Network:
        graph, whole = _load_with_ranks(store)
        return cls(graph, version or layout.version(store, settings), evidence(store), whole, store, settings or load_settings())

    def filtered(self, filters: Filters) -> tuple[nx.MultiDiGraph, dict[str, Any], dict[str, dict[str, float | int]]]:
        """The filtered graph, notes, and its metrics, computed once per filter set."""
        with self._lock:
            if filters in self._filtered:
                self._filtered.move_to_end(filters)
                return self._filtered[filters]
        sub, notes = apply_filters(self.graph, filters)
        result = (sub, notes, compute_metrics(sub, self._ranks if sub is self.graph else None))
        with self._lock:
            self._filtered[filters] = result
            while len(self._filtered) > 32:
                self._filtered.popitem(last=False)
        return result

    def metrics(self, filters: Filters = Filters()) -> dict[str, dict[str, float | int]]:
        return self.filtered(filters)[2]

    def view(self, filters: Filters = Filters(), *, focus: str | None = None, depth: int = 1, limit: int | None = None, neighbours_offset: int = 0) -> View:
        sub, notes, _ = self.filtered(filters)
        if focus is not None and focus not in self.graph:
            view = View(nx.MultiDiGraph(), {"focus": focus, "depth": depth, "truncated": {}, "alone": True})
            view.graph.add_node(focus, **self.lone_node(focus))
        elif focus is not None and focus not in sub:
            view = View(nx.MultiDiGraph(), {"focus": focus, "depth": depth, "truncated": {}})
            view.graph.add_node(focus, **self.graph.nodes[focus])
        else:
            view = select(sub, focus=focus, depth=depth, limit=limit, neighbours_offset=neighbours_offset)
        view.meta.update(notes)
        view.meta.update(
            {
                "version": self.version,
                "nodes": view.graph.number_of_nodes(),
                "edges": view.graph.number_of_edges(),
                "filters": {"relation": sorted(filters.relations), "type": sorted(filters.types), "as_of": filters.as_of, "undated": filters.undated},
                "metrics_of": "the filtered network" if filters != Filters() else "the whole network",
            }
        )
        return view

    def node_detail(self, nid: str, filters: Filters = Filters()) -> dict[str, Any]:
        """One entity with its metrics and every relation it takes part in, each with evidence."""
        if nid not in self.graph:
            attrs = {k: val for k, val in self.lone_node(nid).items() if not k.startswith("_")}
            assert self._store is not None and self._settings is not None  # lone_node found the entity in the store
            return {"id": nid, **attrs, "metrics": {}, "relations": [], "claims": alone.evidence(self._store, self._settings, nid)}
        sub, _, metrics = self.filtered(filters)
        relations: list[dict[str, Any]] = []
        for u, v, key, data in sorted(
            [*self.graph.out_edges(nid, keys=True, data=True), *self.graph.in_edges(nid, keys=True, data=True)],
            key=lambda e: (e[3]["relation"], e[0] if e[1] == nid else e[1], e[2]),
        ):
            if u == v and any(r["id"] == key for r in relations):
                continue
            relations.append(self.edge_detail(key, u=u, v=v, data=data, nid=nid, visible=sub.has_edge(u, v, key)))
        attrs = {k: val for k, val in self.graph.nodes[nid].items() if not k.startswith("_")}
        return {"id": nid, **attrs, "metrics": metrics.get(nid, {}), "relations": relations}

    def lone_node(self, nid: str) -> dict[str, Any]:
        """The attributes of an entity in no relation, drawn alone (``alone: true``); NotFound if there is no such entity."""
        if self._store is None or self._settings is None:
            raise NotFound(f"no entity '{nid}' in the network")
        return {**_node_attributes(nid, alone.facts(self._store, self._settings, nid)), "alone": True}

    def edge_detail(self, key: str, *, u: str | None = None, v: str | None = None, data: Mapping[str, Any] | None = None, nid: str | None = None, visible: bool | None = None) -> dict[str, Any]:
        if data is None:
            found = [(a, b, d) for a, b, k, d in self.graph.edges(keys=True, data=True) if k == key]
            if not found:
                raise NotFound(f"no edge '{key}' in the network")
            u, v, data = found[0]
        assert u is not None and v is not None
        other = v if nid is None or u == nid else u
        detail: dict[str, Any] = {
            "id": key,
            "source": u,
            "source_label": self.graph.nodes[u]["label"],
            "target": v,
            "target_label": self.graph.nodes[v]["label"],
            **{k: val for k, val in data.items() if not k.startswith("_") and k != "id"},
            "claims": data["claims"].split() if data["claims"] else [],
            "evidence": self.evidence.get(key, []),
        }
        detail["valid_text"] = readable_period(data.get("valid_from") or None, data.get("valid_to") or None)
        if nid is not None:
            detail["direction"] = "out" if u == nid else "in"
            detail["other"] = other
            detail["other_label"] = self.graph.nodes[other]["label"]
        if visible is not None:
            detail["visible"] = visible
        return detail


class NetworkCache:
    """Keeps the :class:`Network` of the store's current version; rebuilds when the version changes."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._network: Network | None = None
        self._lock = threading.Lock()
        self._settings = settings

    def get(self, store: Store) -> Network:
        version = layout.version(store, self._settings)
        with self._lock:
            if self._network is not None and self._network.version == version:
                return self._network
            self._network = Network.from_store(store, version, self._settings)
            return self._network
