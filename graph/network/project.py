"""The partner network: curated relations projected into a networkx graph.

The network is declared, then projected. ``queries/network-edges.rq`` states
which triples are edges (those whose predicate the ontology declares a
``dtkg:RelationProperty``), with the qualified relation node that carries
validity time and the supporting claims; ``queries/network-nodes.rq`` gives the
labels and types of the entities at the ends. This module turns those rows into
a :class:`networkx.MultiDiGraph` and is the only module that imports networkx.

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

import calendar
import csv
import datetime as dt
import hashlib
import io
import json
import random
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox
from networkx.algorithms.community import louvain_communities

from graph import vocab
from graph.errors import BadRequest, NotFound
from graph.model.claims import PRECISION
from graph.model.readable_dates import readable, readable_period
from graph.sparql import catalogue
from graph.store import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "dtkg": vocab.ONTOLOGY,
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
}
METRICS = ("degree", "weighted_degree", "betweenness", "pagerank", "community", "component")
RANKED_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
EXPORT_FORMATS = ("json", "cytoscape", "graphml", "gexf", "csv")
LOUVAIN_SEED = 42
EXACT_BETWEENNESS_UP_TO = 2000
_IGRAPH_RNG = threading.Lock()
FAST_BACKEND_ABOVE = 2000
"""Networks with more nodes get PageRank and communities from igraph when it is installed."""
"""Above this many nodes betweenness is estimated from a seeded sample of pivots."""
BETWEENNESS_SAMPLE = 256


# ---------------------------------------------------------------------------
# Names and dates


def compact(iri: str) -> str:
    """``dtkg:partnerRegion`` for a known namespace, the IRI otherwise."""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def normalise_name(raw: str) -> str:
    """A relation or type name as the user writes it: ``partnerRegion``, ``dtkg:partnerRegion`` or a full IRI."""
    value = raw.strip()
    if value.startswith(("http://", "https://")):
        return compact(value)
    if ":" in value:
        return value
    return f"dtkg:{value}"


def node_id(iri: str) -> str:
    """Entities under ``…/id/`` by their short id, anything else by its full IRI."""
    return iri[len(vocab.ENTITY):] if iri.startswith(vocab.ENTITY) and "/" not in iri[len(vocab.ENTITY):] else iri


@dataclass(frozen=True)
class Period:
    """A closed interval of days: what a date of a given precision covers."""

    start: dt.date
    end: dt.date


_YEAR = re.compile(r"^(-?[0-9]{4})(Z|[+-][0-9]{2}:[0-9]{2})?$")
_YEAR_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})")


def period_of(lexical: str, datatype: str | None = None) -> Period | None:
    """The days a date value covers at its precision; ``None`` when it has no year."""
    kind = (datatype or "").removeprefix(XSD)
    text = lexical.strip()
    try:
        if kind in ("gMonthDay", "gMonth", "gDay"):
            return None
        if kind == "gYear" or (not kind and _YEAR.match(text)):
            m = _YEAR.match(text)
            if not m:
                return None
            year = int(m.group(1))
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if kind == "gYearMonth" or (not kind and _YEAR_MONTH.match(text)):
            m = _YEAR_MONTH.match(text)
            if not m:
                return None
            year, month = int(m.group(1)), int(m.group(2))
            return Period(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
        m = _DATE.match(text)
        if m:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return Period(day, day)
    except ValueError:
        return None
    return None


def parse_as_of(raw: str) -> Period:
    """``2026``, ``2026-03`` or ``2026-03-01``: the period a user's as-of date names."""
    value = raw.strip()
    found = None
    if re.fullmatch(r"[0-9]{4}", value):
        found = period_of(value, XSD + "gYear")
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
        found = period_of(value, XSD + "gYearMonth")
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        found = period_of(value, XSD + "date")
    if found is None:
        raise BadRequest(
            f"as_of must be a year (2026), a month (2026-03) or a date (2026-03-01), got {raw!r}",
            extra={"field": "as_of"},
        )
    return found


def valid_during(valid_from: Period | None, valid_to: Period | None, when: Period) -> bool:
    """Whether a validity interval overlaps ``when``; an open side is unbounded."""
    if valid_from is not None and valid_from.start > when.end:
        return False
    if valid_to is not None and valid_to.end < when.start:
        return False
    return True


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
            raise BadRequest(f"undated must be show or hide, got {undated[:20]!r}", extra={"field": "undated"})
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


def project(edge_rows: Iterable[Mapping[str, Any]], node_rows: Iterable[Mapping[str, Any]] = ()) -> nx.MultiDiGraph:
    """Rows of the two network queries → the full network.

    Rows are mappings from variable name to pyoxigraph term (a query solution
    works as is); missing variables are ``None``. Several rows of one relation
    (one per supporting claim) merge into one edge.
    """
    graph = nx.MultiDiGraph()
    edges: dict[str, dict[str, Any]] = {}
    for row in edge_rows:
        subject, predicate, obj = row["subject"].value, row["predicate"].value, row["object"].value
        relation = _get(row, "relation")
        if relation is not None:
            key = node_id(relation.value)
        else:
            key = "t-" + hashlib.sha1(f"{subject} {predicate} {obj}".encode()).hexdigest()[:12]
        edge = edges.get(key)
        if edge is None:
            label = _get(row, "predicateLabel")
            edge = edges[key] = {
                "source": node_id(subject),
                "target": node_id(obj),
                "relation": compact(predicate),
                "relation_iri": predicate,
                "relation_label": label.value if label is not None else compact(predicate),
                "relation_node": relation.value if relation is not None else "",
                "claim_set": set(),
                "from": None,
                "to": None,
            }
        for var, slot in (("validFrom", "from"), ("validTo", "to")):
            value = _literal_value(_get(row, var))
            if value is not None and edge[slot] is None:
                edge[slot] = value
        claim = _get(row, "claim")
        if claim is not None:
            edge["claim_set"].add(node_id(claim.value))

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
            weight=max(1, len(claims)),
        )
        graph.edges[edge["source"], edge["target"], key]["_periods"] = (from_period, to_period)
    return graph


def _get(row: Any, name: str) -> Any:
    try:
        return row[name]
    except (KeyError, IndexError, TypeError):
        return None


def _node_attributes(nid: str, facts: Mapping[str, list[Any]]) -> dict[str, Any]:
    asserted = sorted({compact(t.value) for t in facts.get("type", []) if isinstance(t, ox.NamedNode)})
    inherited = {compact(t.value) for t in facts.get("supertype", []) if isinstance(t, ox.NamedNode)}
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
    return project(edge_rows, node_rows)  # type: ignore[arg-type]  # QuerySolution reads like a Mapping


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
        raise BadRequest(
            f"unknown relation type {', '.join(unknown)} (known: {', '.join(sorted(known_relations))})",
            extra={"field": "relation"},
        )
    known_types = set().union(*(k for _, k in graph.nodes(data="_kinds"))) if len(graph) else set()
    unknown = sorted(filters.types - known_types)
    if unknown:
        raise BadRequest(
            f"no entity has type {', '.join(unknown)} (types present: {', '.join(sorted(known_types))})",
            extra={"field": "type"},
        )
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
# Metrics


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """Partners regardless of direction, with parallel edges' weights summed."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, w in graph.edges(data="weight", default=1):
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    return simple


def compute_metrics(graph: nx.MultiDiGraph) -> dict[str, dict[str, float | int]]:
    """Every metric of every node, on the undirected weighted view (see the module docstring)."""
    simple = undirected(graph)
    n = simple.number_of_nodes()
    if n == 0:
        return {}
    degree = dict(graph.degree())
    weighted = dict(graph.degree(weight="weight"))
    if n <= EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(simple, normalized=True)
    else:
        betweenness = nx.betweenness_centrality(simple, k=BETWEENNESS_SAMPLE, normalized=True, seed=LOUVAIN_SEED)
    pagerank, community = pagerank_and_communities(simple)
    component = _numbered(nx.connected_components(simple))
    return {
        v: {
            "degree": int(degree[v]),
            "weighted_degree": float(weighted[v]),
            "betweenness": float(betweenness[v]),
            "pagerank": float(pagerank[v]),
            "community": community[v],
            "component": component[v],
        }
        for v in graph
    }


def pagerank_and_communities(simple: nx.Graph) -> tuple[dict[str, float], dict[str, int]]:
    """PageRank and numbered Louvain communities of the undirected weighted view.

    Large networks use igraph's C core when it is installed (the networkx
    implementations are the reference, and the answer for small networks).
    """
    n = simple.number_of_nodes()
    if simple.number_of_edges() == 0:
        return {v: 1.0 / n for v in simple}, _numbered([v] for v in simple)
    if n > FAST_BACKEND_ABOVE and (fast := _igraph_pagerank_and_louvain(simple)) is not None:
        pagerank, groups = fast
        return pagerank, _numbered(groups)
    pagerank = nx.pagerank(simple, weight="weight")
    return pagerank, _numbered(louvain_communities(simple, weight="weight", seed=LOUVAIN_SEED))


def _igraph_pagerank_and_louvain(simple: nx.Graph) -> tuple[dict[str, float], list[list[str]]] | None:
    """PageRank and Louvain communities computed by igraph's C core, for large networks.

    networkx's Louvain is pure Python (about 13 s at 50k edges, against 0.7 s
    here); the graph stays a networkx graph for everything else. Both run on the
    same undirected, weight-summed view; igraph's Louvain is its multilevel
    algorithm, seeded like networkx's.
    """
    try:
        import igraph
    except ImportError:  # optional speed-up: networkx gives the same metrics, slower
        return None
    names = list(simple.nodes)
    index = {v: i for i, v in enumerate(names)}
    edges = list(simple.edges(data="weight", default=1.0))
    g = igraph.Graph(n=len(names), edges=[(index[a], index[b]) for a, b, _ in edges])
    weights = [float(w) for _, _, w in edges]
    ranks = g.pagerank(weights=weights, directed=False)
    # igraph draws from one process-wide generator (Python's random by default):
    # seed it for this call only, so the same network gets the same communities.
    with _IGRAPH_RNG:
        igraph.set_random_number_generator(random.Random(LOUVAIN_SEED))
        try:
            parts = g.community_multilevel(weights=weights)
        finally:
            igraph.set_random_number_generator(random)
    groups = [[names[i] for i in members] for members in parts]
    return dict(zip(names, ranks, strict=True)), groups


def _numbered(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Group numbers that do not depend on set order: biggest first, ties by smallest id."""
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {v: i for i, g in enumerate(ordered) for v in g}


def top_nodes(graph: nx.MultiDiGraph, metrics: Mapping[str, Mapping[str, float | int]], top: int) -> dict[str, list[dict[str, Any]]]:
    """The ``top`` nodes per ranked metric, highest first, ties by id."""
    ranked: dict[str, list[dict[str, Any]]] = {}
    for metric in RANKED_METRICS:
        order = sorted(metrics, key=lambda v: (-metrics[v][metric], v))[:top]
        ranked[metric] = [
            {"id": v, "label": graph.nodes[v]["label"], "type": graph.nodes[v]["type"], "value": metrics[v][metric]}
            for v in order
        ]
    return ranked


# ---------------------------------------------------------------------------
# Views: ego networks and super-node caps


@dataclass
class View:
    """What one request sees: a subgraph, its metrics, and what was cut."""

    graph: nx.MultiDiGraph
    meta: dict[str, Any] = field(default_factory=dict)


def ranked_neighbours(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, float]]:
    """Neighbours in either direction, heaviest first (summed edge weight), ties by id."""
    weights: dict[str, float] = defaultdict(float)
    for _, other, w in graph.out_edges(node, data="weight", default=1):
        weights[other] += w
    for other, _, w in graph.in_edges(node, data="weight", default=1):
        weights[other] += w
    weights.pop(node, None)
    return sorted(weights.items(), key=lambda item: (-item[1], item[0]))


def select(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    limit: int | None = None,
    neighbours_offset: int = 0,
) -> View:
    """An ego network around ``focus`` (or the whole graph), with super-nodes capped.

    A node with more than ``limit`` neighbours keeps its first ``limit`` by
    weight; the view's ``meta['truncated']`` says how many it had and the
    ``neighbours_offset`` that pages on (with ``focus`` set to that node).
    """
    if limit is not None and limit < 1:
        raise BadRequest("limit must be at least 1", extra={"field": "limit"})
    if depth < 0:
        raise BadRequest("depth must be 0 or more", extra={"field": "depth"})
    if neighbours_offset < 0:
        raise BadRequest("neighbours_offset must be 0 or more", extra={"field": "neighbours_offset"})
    truncated: dict[str, dict[str, Any]] = {}

    def page(node: str, offset: int) -> list[str]:
        ranked = ranked_neighbours(graph, node)
        cap = limit if limit is not None else len(ranked)
        chosen = ranked[offset : offset + cap]
        if offset or len(ranked) > cap:
            nxt = offset + cap
            truncated[node] = {
                "neighbours": len(ranked),
                "shown": len(chosen),
                "offset": offset,
                "rest": len(ranked) - offset - len(chosen),
                "next_offset": nxt if nxt < len(ranked) else None,
            }
        return [v for v, _ in chosen]

    if focus is not None:
        if focus not in graph:
            raise NotFound(f"no entity '{focus}' in the network (with these filters)")
        keep = {focus}
        frontier = [focus]
        for _ in range(depth):
            nxt: list[str] = []
            for node in frontier:
                for other in page(node, neighbours_offset if node == focus else 0):
                    if other not in keep:
                        keep.add(other)
                        nxt.append(other)
            frontier = nxt
        sub = graph.subgraph(keep).copy()
        return View(sub, {"focus": focus, "depth": depth, "truncated": truncated})

    if limit is None or all(graph.degree(v) <= limit for v in graph):
        return View(graph, {"truncated": {}})
    allowed = {v: set(page(v, 0)) for v in graph if len(ranked_neighbours(graph, v)) > limit}
    sub = nx.MultiDiGraph()
    for u, v, key, data in graph.edges(keys=True, data=True):
        if (u in allowed and v not in allowed[u]) or (v in allowed and u not in allowed[v]):
            continue
        for n in (u, v):
            if n not in sub:
                sub.add_node(n, **graph.nodes[n])
        sub.add_edge(u, v, key=key, **data)
    for v in graph:
        if v not in sub and graph.degree(v) == 0:
            sub.add_node(v, **graph.nodes[v])
    return View(sub, {"truncated": truncated})


# ---------------------------------------------------------------------------
# Exports


def _public_nodes(graph: nx.MultiDiGraph, metrics: Mapping[str, Mapping[str, Any]]) -> nx.MultiDiGraph:
    """A copy with only exportable attributes (scalars), metrics merged into the nodes."""
    out = nx.MultiDiGraph()
    for v, data in graph.nodes(data=True):
        attrs = {k: val for k, val in data.items() if not k.startswith("_")}
        attrs.update(metrics.get(v, {}))
        out.add_node(v, **attrs)
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **{k: val for k, val in data.items() if not k.startswith("_")})
    return out


def export(graph: nx.MultiDiGraph, metrics: Mapping[str, Mapping[str, Any]], fmt: str, meta: Mapping[str, Any] | None = None) -> bytes:
    """The view in one of :data:`EXPORT_FORMATS`, metrics as node attributes."""
    public = _public_nodes(graph, metrics)
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(public, buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    if fmt == "gexf":
        # Dynamic GEXF: each dated relation carries start/end (the first and last day its validity
        # covers at its stated precision), so Gephi's timeline can play the network; undated ones have none.
        public.graph["mode"] = "dynamic"
        for u, v, key, data in graph.edges(keys=True, data=True):
            begins, ends = data.get("_periods", (None, None))
            if begins is not None:
                public.edges[u, v, key]["start"] = begins.start.isoformat()
            if ends is not None:
                public.edges[u, v, key]["end"] = ends.end.isoformat()
        buffer = io.BytesIO()
        nx.write_gexf(public, buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    if fmt == "json":
        body = nx.node_link_data(public, edges="edges")
        body["meta"] = dict(meta or {})
        return json.dumps(body, ensure_ascii=False, indent=1).encode()
    if fmt == "cytoscape":
        body = {"elements": cytoscape_elements(public), "meta": dict(meta or {})}
        return json.dumps(body, ensure_ascii=False).encode()
    if fmt == "csv":
        return metrics_csv(public, metrics).encode()
    raise BadRequest(f"unknown network format {fmt!r} (formats: {', '.join(EXPORT_FORMATS)})", extra={"field": "format"})


def cytoscape_elements(public: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js ``elements``: every attribute under ``data``, edges with their own id."""
    nodes = [{"data": {"id": v, **data}} for v, data in sorted(public.nodes(data=True))]
    edges = [
        {"data": {**data, "id": key, "source": u, "target": v}}
        for u, v, key, data in sorted(public.edges(keys=True, data=True), key=lambda e: e[2])
    ]
    return {"nodes": nodes, "edges": edges}


def metrics_csv(graph: nx.MultiDiGraph, metrics: Mapping[str, Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "label", "type", *METRICS])
    for v in sorted(graph):
        m = metrics.get(v, {})
        writer.writerow([v, graph.nodes[v]["label"], graph.nodes[v]["type"], *(m.get(k, "") for k in METRICS)])
    return out.getvalue()


# ---------------------------------------------------------------------------
# Evidence


def _readable_date(term: Any) -> str | None:
    """A claim's stated date as the panel shows it ("13 August (year not stated)"), from the one date reader."""
    if term is None:
        return None
    return readable(term.value, PRECISION.get(term.datatype.value) if isinstance(term, ox.Literal) else None)


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
            item["kinds"].add(compact(kind.value))
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


def version_marker(store: Store) -> str:
    """A cheap marker that changes whenever the content does in dtkg's write paths.

    Every write (build, curation change) alters the triple count or the set of
    named graphs (a change gets its own graph), so the marker is the count plus
    the graph names, not the full sort-and-hash fingerprint.
    """
    graphs = ",".join(g.value for g in store.named_graphs())
    return hashlib.sha256(f"{store.count()}|{graphs}".encode()).hexdigest()[:16]


class Network:
    """One version of the network: the full graph, evidence, and metrics per filter set."""

    def __init__(self, graph: nx.MultiDiGraph, version: str, evidence_by_relation: Mapping[str, list[dict[str, Any]]] | None = None) -> None:
        self.graph = graph
        self.version = version
        self.evidence = dict(evidence_by_relation or {})
        self._filtered: OrderedDict[Filters, tuple[nx.MultiDiGraph, dict[str, Any], dict[str, dict[str, float | int]]]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_store(cls, store: Store, version: str | None = None) -> Network:
        return cls(load(store), version or version_marker(store), evidence(store))

    def filtered(self, filters: Filters) -> tuple[nx.MultiDiGraph, dict[str, Any], dict[str, dict[str, float | int]]]:
        """The filtered graph, notes, and its metrics, computed once per filter set."""
        with self._lock:
            if filters in self._filtered:
                self._filtered.move_to_end(filters)
                return self._filtered[filters]
        sub, notes = apply_filters(self.graph, filters)
        result = (sub, notes, compute_metrics(sub))
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
            raise NotFound(f"no entity '{focus}' in the network")
        if focus is not None and focus not in sub:
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
            raise NotFound(f"no entity '{nid}' in the network")
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

    def __init__(self) -> None:
        self._network: Network | None = None
        self._lock = threading.Lock()

    def get(self, store: Store) -> Network:
        version = version_marker(store)
        with self._lock:
            if self._network is not None and self._network.version == version:
                return self._network
            self._network = Network.from_store(store, version)
            return self._network
