"""The network written out: node-link JSON, Cytoscape.js JSON, GraphML, GEXF and a metrics CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.errors import InvalidParameter
from graph.network.metrics import METRICS

EXPORT_FORMATS = ("json", "cytoscape", "graphml", "gexf", "csv")
MEDIA_TYPES = {
    "json": "application/json",
    "cytoscape": "application/json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "csv": "text/csv; charset=utf-8",
}
"""The media type of each export format, for whoever serves the bytes."""


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
    raise InvalidParameter("format", f"unknown network format {fmt!r} (formats: {', '.join(EXPORT_FORMATS)})")


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
