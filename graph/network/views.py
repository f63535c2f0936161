"""What one request looks at: an ego network around a focus, with super-nodes capped and paged."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.errors import InvalidParameter, NotFound

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
        raise InvalidParameter("limit", "limit must be at least 1")
    if depth < 0:
        raise InvalidParameter("depth", "depth must be 0 or more")
    if neighbours_offset < 0:
        raise InvalidParameter("neighbours_offset", "neighbours_offset must be 0 or more")
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
