"""The partner network: curated relations projected into networkx, with metrics, views and exports.

* :mod:`~graph.network.project` — query rows → the networkx graph, filters, evidence, and the
  :class:`Network` of one graph version with its cache;
* :mod:`~graph.network.metrics` — degree, betweenness, PageRank, communities, components;
* :mod:`~graph.network.views` — ego networks with super-nodes capped;
* :mod:`~graph.network.export` — JSON, Cytoscape.js, GraphML, GEXF, CSV.

This package is the only place that imports networkx; callers use ``from graph import network``.
"""

from __future__ import annotations

from graph.network.export import EXPORT_FORMATS, MEDIA_TYPES, cytoscape_elements, export, metrics_csv
from graph.network.metrics import (
    BETWEENNESS_SAMPLE,
    EXACT_BETWEENNESS_UP_TO,
    FAST_BACKEND_ABOVE,
    LOUVAIN_SEED,
    METRICS,
    RANKED_METRICS,
    compute_metrics,
    pagerank_and_communities,
    top_nodes,
    undirected,
    weighted_pairs,
)
from graph.network.project import (
    Filters,
    Network,
    NetworkCache,
    apply_filters,
    evidence,
    load,
    node_id,
    normalise_name,
    project,
    ranks,
    relations,
)
from graph.network.views import View, ranked_neighbours, select

__all__ = [
    "BETWEENNESS_SAMPLE",
    "EXACT_BETWEENNESS_UP_TO",
    "EXPORT_FORMATS",
    "FAST_BACKEND_ABOVE",
    "Filters",
    "LOUVAIN_SEED",
    "MEDIA_TYPES",
    "METRICS",
    "Network",
    "NetworkCache",
    "RANKED_METRICS",
    "View",
    "apply_filters",
    "compute_metrics",
    "cytoscape_elements",
    "evidence",
    "export",
    "load",
    "metrics_csv",
    "node_id",
    "normalise_name",
    "pagerank_and_communities",
    "project",
    "ranks",
    "relations",
    "ranked_neighbours",
    "select",
    "top_nodes",
    "undirected",
    "weighted_pairs",
]
