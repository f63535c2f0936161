"""``/api/network`` and the ``/network`` page: who works with whom, with the evidence for each tie.

The network comes from :mod:`graph.network` (the only module that touches
networkx); this router only parses parameters, picks the cached
:class:`graph.network.Network` of the store's current version, and renders.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import NetworkCacheDep, StoreDep
from api.templating import TEMPLATES
from graph import network

router = APIRouter(tags=["network"])

DOWNLOADS = {"graphml": "dtkg-network.graphml", "gexf": "dtkg-network.gexf", "csv": "dtkg-network-metrics.csv"}

Focus = Annotated[str | None, Query(max_length=300, description="Entity id to centre an ego network on, e.g. `rosoboronexport`.")]
Depth = Annotated[int, Query(ge=0, le=6, description="Hops from the focus (ego network radius).")]
Relations = Annotated[
    list[str] | None,
    Query(max_length=20, description="Relation types to keep (repeat or comma-separate): `partnerRegion`, `dtkg:chairs`, `org:holds`."),
]
Types = Annotated[
    list[str] | None,
    Query(max_length=20, description="Entity types to keep, subclasses included (repeat or comma-separate): `Region`, `Company`."),
]
AsOf = Annotated[
    str | None,
    Query(
        pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
        description="Only relations valid then (year, month or day); undated relations are always kept.",
    ),
]
Limit = Annotated[int, Query(ge=1, le=5000, description="Most neighbours shown per node; the rest are counted and can be paged.")]
Offset = Annotated[int, Query(ge=0, description="Page through the focus node's neighbours beyond `limit`.")]


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _filters(relation: list[str] | None, type_: list[str] | None, as_of: str | None) -> network.Filters:
    return network.Filters.of(_split(relation), _split(type_), as_of)


@router.get(
    "/api/network",
    summary="The partner network (or an ego network) as node-link JSON, Cytoscape.js JSON, GraphML or GEXF",
    responses={200: {"content": {t: {} for t in set(network.MEDIA_TYPES.values())}}},
)
def get_network(
    store: StoreDep,
    cache: NetworkCacheDep,
    focus: Focus = None,
    depth: Depth = 1,
    relation: Relations = None,
    type: Types = None,  # noqa: A002 - the public parameter name
    as_of: AsOf = None,
    format: Literal["json", "cytoscape", "graphml", "gexf", "csv"] = "json",  # noqa: A002
    limit: Limit = 200,
    neighbours_offset: Offset = 0,
) -> Response:
    """Nodes are entities, edges the curated relations (directed, typed, with validity and claim ids).

    Metrics are node attributes. A node with more than `limit` neighbours shows the
    heaviest `limit`; `meta.truncated` gives the count of the rest and the
    `neighbours_offset` to page on (with `focus` set to that node).

    Example: `curl '127.0.0.1:8000/api/network?focus=rosoboronexport&format=cytoscape'`
    """
    filters = _filters(relation, type, as_of)
    net = cache.get(store)
    view = net.view(filters, focus=focus, depth=depth, limit=limit, neighbours_offset=neighbours_offset)
    body = network.export(view.graph, net.metrics(filters), format, view.meta)
    headers = {"X-Dtkg-Network-Version": net.version}
    if format in DOWNLOADS:
        headers["Content-Disposition"] = f'attachment; filename="{DOWNLOADS[format]}"'
    if view.meta.get("truncated"):
        headers["X-Dtkg-Truncated"] = str(len(view.meta["truncated"]))
    return Response(body, media_type=network.MEDIA_TYPES[format], headers=headers)


@router.get("/api/network/metrics", summary="Top nodes per metric (degree, weighted degree, betweenness, PageRank)")
def get_metrics(
    store: StoreDep,
    cache: NetworkCacheDep,
    top: Annotated[int, Query(ge=1, le=1000, description="How many nodes per metric.")] = 10,
    relation: Relations = None,
    type: Types = None,  # noqa: A002
    as_of: AsOf = None,
) -> dict[str, Any]:
    """Ranked nodes per metric, plus the communities and components they fall into.

    Example: `curl '127.0.0.1:8000/api/network/metrics?top=5'`
    """
    filters = _filters(relation, type, as_of)
    net = cache.get(store)
    graph, notes, metrics = net.filtered(filters)
    return {
        "version": net.version,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "communities": len({m["community"] for m in metrics.values()}),
        "components": len({m["component"] for m in metrics.values()}),
        "top": network.top_nodes(graph, metrics, top),
        **notes,
    }


@router.get("/api/network/nodes/{node_id}", summary="One entity: metrics and every relation with its evidence")
def get_node(
    store: StoreDep,
    cache: NetworkCacheDep,
    node_id: str,
    relation: Relations = None,
    type: Types = None,  # noqa: A002
    as_of: AsOf = None,
) -> dict[str, Any]:
    """Each relation lists the claims behind it: exact text, speaker, date, source document.

    `visible` says whether the relation passes the given filters.

    Example: `curl 127.0.0.1:8000/api/network/nodes/rosoboronexport`
    """
    filters = _filters(relation, type, as_of)
    net = cache.get(store)
    return net.node_detail(node_id, filters)


@router.get("/api/network/edges/{edge_id}", summary="One relation with the evidence for it")
def get_edge(store: StoreDep, cache: NetworkCacheDep, edge_id: str) -> dict[str, Any]:
    """Example: `curl 127.0.0.1:8000/api/network/edges/rel-130b38d6fc89`"""
    return cache.get(store).edge_detail(edge_id)


@router.get("/network", response_class=HTMLResponse, summary="The partner network page", include_in_schema=False)
def network_page(request: Request) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "network.html", {})
