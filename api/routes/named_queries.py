"""``/api/queries``: the named-query catalogue over HTTP, run with parameters bound as RDF terms.

A parameter value is checked against its declared type by
:meth:`graph.sparql.named.NamedQuery.bind` and reaches the query only as a term
(:func:`graph.store.bind_values`), never as query text. The bound query then
goes through the same gate, worker, timeout and result cap as ``/sparql``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import RunnerDep, SettingsDep, run_query
from api.responses import answer_response
from graph.errors import NotFound
from graph.sparql import catalogue as named
from graph.sparql.worker import Job
from graph.store import bind_values

router = APIRouter(prefix="/api/queries", tags=["named queries"])


class ParameterInfo(BaseModel):
    name: str = Field(examples=["entity"])
    type: str = Field(examples=["iri"])
    required: bool
    default: str | None = None
    help: str = Field(examples=["the entity the claims are about, as an id (rosoboronexport) or a full IRI"])


class QueryInfo(BaseModel):
    name: str = Field(examples=["who-said-what"])
    title: str = Field(examples=["Who said what about an entity"])
    summary: str
    tags: list[str]
    parameters: list[ParameterInfo]
    url: str = Field(examples=["/api/queries/who-said-what"])


class Catalogue(BaseModel):
    queries: list[QueryInfo]


def _info(query: named.NamedQuery) -> QueryInfo:
    return QueryInfo(
        name=query.name,
        title=query.title,
        summary=query.summary,
        tags=list(query.tags),
        parameters=[
            ParameterInfo(name=p.name, type=p.type, required=p.required, default=p.default, help=p.help)
            for p in query.params
        ],
        url=f"/api/queries/{query.name}",
    )


def _public(name: str) -> named.NamedQuery:
    query = named.get(name)
    if not query.public:
        raise NotFound(f"no public named query '{name}' (GET /api/queries lists them)")
    return query


@router.get("", response_model=Catalogue, summary="The named-query catalogue with each query's parameters")
def catalogue() -> Catalogue:
    return Catalogue(queries=[_info(q) for q in named.catalogue().values() if q.public])


@router.get(
    "/{name}",
    summary="Run one named query; parameters as query-string values, results negotiated like /sparql",
    response_class=Response,
    responses={
        200: {"description": "Results, SPARQL JSON unless Accept or format= asks otherwise"},
        400: {"description": "Unknown, missing or ill-typed parameter"},
        404: {"description": "No such named query"},
        406: {"description": "No acceptable result format"},
        503: {"description": "The query ran longer than DTKG_QUERY_TIMEOUT"},
    },
)
async def run(name: str, request: Request, settings: SettingsDep, runner: RunnerDep) -> Response:
    query = _public(name)
    values = {key: value for key, value in request.query_params.multi_items() if key != "format"}
    bound = query.bind(values)
    text = bind_values(query.text, bound) if bound else query.text
    accept = request.headers.get("accept")
    fmt = request.query_params.get("format")
    job = Job(
        query=text,
        accept=accept if accept and accept.strip() not in ("*/*",) else None,
        format=fmt,
        limit=settings.result_limit,
        max_chars=max(settings.max_query_bytes, len(text)),
        max_bytes=settings.max_answer_bytes,
        json_default=True,
    )
    return answer_response(await run_query(request, runner, job))
