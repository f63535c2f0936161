"""``/sparql``: the W3C SPARQL 1.1 Protocol endpoint, its service description and query page.

The request is read here (method, media type, one query, dataset parameters,
body size); the query is gated, run and written by :mod:`graph.sparql.worker`
in a process that is killed on timeout. Everything that goes wrong is a
:class:`graph.errors.DtkgError` rendered as problem+json in one place.

Updates pass :func:`api.auth.authenticate`, the one place that decides whether
anything may write: only with a write token (``Authorization: Bearer``),
and then through the same path as ``POST /api/changes`` (the update runs on a
copy, the difference is validated against the shapes, then committed in one
transaction and recorded as a change). ``LOAD`` and ``SERVICE`` stay refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from api import assets, bodies, problems
from api.auth import authenticate
from api.deps import RunnerDep, SettingsDep, StoreDep, public_base, run_query
from api.middleware import READ_ONLY
from api.responses import answer_response, change_response
from api.templating import TEMPLATES
from graph import curation, vocab
from graph.config import Settings
from graph.errors import BadRequest, DtkgError, NotAcceptable
from graph.rdf import formats
from graph.sparql import catalogue, protocol, sandbox
from graph.sparql.worker import Job, Runner
from graph.store import Store
from graph.store.writelock import lock_path

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
UPDATE_PARAMS = {"update", "using-graph-uri", "using-named-graph-uri"}

_DOC = """SPARQL 1.1 Protocol endpoint (read-only).

* `GET /sparql?query=…` or `POST` with `application/x-www-form-urlencoded` (`query=…`) or
  `application/sparql-query` (the query as the body); `default-graph-uri` / `named-graph-uri`
  pick stored graphs by name. Without a dataset the default graph is the union of all named graphs.
* Results by `Accept` (or `format=`): SELECT/ASK as `application/sparql-results+json` (default),
  `+xml`, `text/csv`, `text/tab-separated-values`; CONSTRUCT/DESCRIBE as `text/turtle` (default),
  `application/n-triples`, `application/ld+json`, `application/rdf+xml`, `application/trig`,
  `application/n-quads`. 406 when none fits.
* `GET /sparql` without a query: the service description (Turtle) or, for a browser, the query page.
* Limits: queries stop after `DTKG_QUERY_TIMEOUT` seconds (503), answers hold at most
  `DTKG_RESULT_LIMIT` rows or triples (header `X-DTKG-Truncated: true` when cut), bodies over
  `DTKG_MAX_QUERY_BYTES` get 413. `SERVICE` and `FROM` of graphs not in the store are refused; updates need a write token.
"""


def _graphs(params: Iterable[tuple[str, str]], name: str) -> list[str]:
    names = []
    for key, value in params:
        if key == name:
            try:
                names.append(ox.NamedNode(value.strip()).value)
            except ValueError:
                raise BadRequest(f"{name} must be an absolute IRI, got {value[:100]!r}") from None
    return names


@dataclass(frozen=True)
class UpdateRequest:
    text: str
    author: str


async def parse_protocol(
    request: Request, settings: Settings
) -> tuple[str | None, list[tuple[str, str]], UpdateRequest | None]:
    """The one query (or None), all parameters, and an authorised update if the request is one."""
    params = list(request.query_params.multi_items())
    body_query: str | None = None
    if request.method == "POST":
        media, charset = bodies.content_type(request)
        if media is None:
            raise BadRequest(
                f"a POST to /sparql needs a Content-Type: {FORM} (query=…) or {QUERY} (the query as the body)"
            )
        if charset is not None and charset not in ("utf-8", "utf8"):
            raise BadRequest(f"the body must be UTF-8 (got charset={charset}); SPARQL requests are UTF-8 only")
        if media == UPDATE:
            author = authenticate(request, settings)
            return None, params, UpdateRequest(bodies.decode(await bodies.read_body(request, settings.max_upload, "DTKG_MAX_UPLOAD")), author)
        if media not in (FORM, QUERY):
            raise BadRequest(f"unsupported Content-Type {media!r} for /sparql: use {FORM} or {QUERY}")
        text = bodies.decode(await bodies.read_body(request, settings.max_query_bytes, "DTKG_MAX_QUERY_BYTES"))
        if media == FORM:
            params += bodies.form(text)
        else:
            body_query = text
    names = [key for key, _ in params]
    if UPDATE_PARAMS & set(names):
        if request.method != "POST":
            raise BadRequest("a SPARQL Update must be sent with POST (and this endpoint accepts none: see POST /api/changes)")
        if names.count("update") > 1:
            raise BadRequest("send exactly one update per request")
        if "query" in names:
            raise BadRequest("a request carries either query= or update=, not both")
        author = authenticate(request, settings)
        return None, params, UpdateRequest(next(v for k, v in params if k == "update"), author)
    found = [value for key, value in params if key == "query"]
    if body_query is not None:
        if found:
            raise BadRequest("send the query either as the body or as query=, not both")
        found = [body_query]
    if len(found) > 1:
        raise BadRequest(f"send exactly one query per request (this one has {len(found)})")
    if request.method == "POST" and not found:
        raise BadRequest("no query: send query=… (form) or the query as the body (application/sparql-query)")
    return (found[0] if found else None), params, None


@router.api_route(
    "/sparql",
    methods=["GET", "POST"],
    name="sparql",
    summary="SPARQL 1.1 query endpoint, service description and query page",
    description=_DOC,
    response_class=Response,
    responses={
        200: {"description": "Query results, the service description, or the query page"},
        400: {"description": "Syntax error, refused query (SERVICE, remote FROM), two queries, bad media type"},
        401: {"description": "SPARQL Update without a valid write token"},
        403: {"description": "SPARQL Update while the server has no write tokens (DTKG_WRITE_TOKEN)"},
        422: {"description": "SPARQL Update whose result breaks the shapes: nothing was written"},
        406: {"description": "No acceptable result format"},
        413: {"description": "Body larger than DTKG_MAX_QUERY_BYTES"},
        503: {"description": "The query ran longer than DTKG_QUERY_TIMEOUT"},
    },
)
async def sparql(request: Request, store: StoreDep, settings: SettingsDep, runner: RunnerDep) -> Response:
    query, params, update = await parse_protocol(request, settings)
    if update is not None:
        return await _update(request, store, settings, update)
    fmt = _format(params)
    accept = request.headers.get("accept")
    if query is None:  # reading the graph names may be an HTTP call (remote store): not on the event loop
        return await run_in_threadpool(describe, request, store, settings, accept, fmt)
    if _wants_page(request, fmt):
        return page(request, settings, initial=query)  # a permalink opened in a browser: the editor, query loaded and run
    return await _answer(request, runner, settings, query, params)


class QueryPath:
    """ASGI: queries and updates on ``/sparql`` answered by the route's own code without FastAPI's routing.

    Why: on a small query the layers between the app's middleware and the
    route (exception middleware, router, dependency solving) cost ~0.09 ms of
    ~0.16 ms of the app's own Python per request, measured in process; more on
    a machine whose caches other work keeps cold (issue 18, BENCHMARKS.md
    section 2). Everything else stays: it sits inside the app's middleware
    (security headers, CORS, the fair share, the body deadline, fresh lookups
    after writes, which it tells a query wrote nothing: :data:`api.middleware.READ_ONLY`),
    reads the request with :func:`parse_protocol`, answers with
    :func:`_answer` or :func:`_update`, and renders a :class:`DtkgError` with
    :func:`api.problems.dtkg_error`, as the route does. What it does not answer
    — the query page, the service description, other methods and paths — goes
    on to the router untouched (a GET: no body has been read). The route stays
    registered for those and for the OpenAPI description.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/sparql" or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        state = request.app.state
        try:
            query, params, update = await parse_protocol(request, state.settings)
            if update is not None:
                response = await _update(request, state.store, state.settings, update)
            elif query is None or _wants_page(request, _format(params)):
                await self.app(scope, receive, send)
                return
            else:
                scope.setdefault("state", {})[READ_ONLY] = True  # a query: the lookups' version stays as it is
                response = await _answer(request, state.runner, state.settings, query, params)
        except DtkgError as exc:
            response = await problems.dtkg_error(request, exc)
        await response(scope, receive, send)


def _format(params: list[tuple[str, str]]) -> str | None:
    return next((value for key, value in params if key == "format"), None)


def _wants_page(request: Request, fmt: str | None) -> bool:
    return request.method == "GET" and fmt is None and wants_editor(request.headers.get("accept"))


async def _update(request: Request, store: Store, settings: Settings, update: UpdateRequest) -> Response:
    outcome = await run_in_threadpool(
        curation.update_change,
        store,
        update.text,
        author=update.author,
        message=request.headers.get("x-dtkg-message"),
        idempotency_key=request.headers.get("idempotency-key"),
        lock=lock_path(settings.store),
        limits=sandbox.limits_for(settings),
        settings=settings,
    )
    return change_response(outcome)


async def _answer(request: Request, runner: Runner, settings: Settings, query: str, params: list[tuple[str, str]]) -> Response:
    default_graphs = _graphs(params, "default-graph-uri")
    named_graphs = _graphs(params, "named-graph-uri")
    protocol_dataset = bool(default_graphs or named_graphs)
    job = Job(
        query=query,
        accept=request.headers.get("accept"),
        format=_format(params),
        default_graphs=tuple(default_graphs) if protocol_dataset else None,
        named_graphs=tuple(named_graphs) if protocol_dataset else None,
        limit=settings.result_limit,
        max_chars=settings.max_query_bytes,
        max_bytes=settings.max_answer_bytes,
    )
    return answer_response(await run_query(request, runner, job))


def describe(request: Request, store: Store, settings: Settings, accept: str | None, fmt: str | None) -> Response:
    """No query: the query page for a browser, else the SPARQL 1.1 Service Description."""
    choice = protocol.negotiate(
        (formats.HTML, *formats.GRAPHS), accept, fmt, default=formats.GRAPHS[0]
    )
    if choice is formats.HTML:
        return page(request, settings)
    triples = protocol.service_description(
        _endpoint_url(request, settings),
        [g.value for g in store.named_graphs()],
        result_limit=settings.result_limit,
        timeout=settings.query_timeout,
        dataset_description=public_base(settings) + "/.well-known/void",
    )
    return Response(protocol.write_triples(triples, choice), media_type=choice.content_type, headers={"Vary": "Accept"})


def _endpoint_url(request: Request, settings: Settings) -> str:
    """The endpoint's own URL for the service description: ``DTKG_PUBLIC_URL``, else the bind address.

    Never the request's ``Host`` header: a client could write any text into the
    description through it (issue 12, fault 10).
    """
    return public_base(settings) + "/sparql"


RESULTS_JSON = formats.SOLUTIONS[0]


def wants_editor(accept: str | None) -> bool:
    """A browser opening ``/sparql?query=…`` (``text/html`` ranked first), not a SPARQL client (``*/*``, a results type)."""
    try:
        return protocol.negotiate((RESULTS_JSON, formats.HTML), accept, None) is formats.HTML
    except NotAcceptable:
        return False


def page(request: Request, settings: Settings, initial: str | None = None) -> HTMLResponse:
    """The editor; ``initial`` is a query from the address (a permalink) to load and run.

    Named queries come with their parameters, so the page asks for them instead of
    running a query whose required variables are unbound; the ``*-violation``
    checks (which must return nothing) are listed apart from the examples.
    """
    examples = [
        {
            "name": q.name, "title": q.title, "summary": q.summary, "query": q.text,
            "params": [{"name": p.name, "type": p.type, "required": p.required, "help": p.help} for p in q.params],
            "check": q.name.endswith("-violation"),
        }
        for q in catalogue.catalogue().values()
        if q.public
    ]
    missing = [name for name in assets.PAGE_SCRIPTS["sparql"] + assets.PAGE_STYLES["sparql"] if name in assets.missing()]
    context = {
        "examples": examples,
        "scripts": [assets.vendor_url(n) for n in assets.PAGE_SCRIPTS["sparql"]],
        "styles": [assets.vendor_url(n) for n in assets.PAGE_STYLES["sparql"]],
        "missing": missing,
        "prefixes": vocab.PREFIXES,
        "initial": initial,
        "timeout": settings.query_timeout,
        "result_limit": settings.result_limit,
    }
    return TEMPLATES.TemplateResponse(request, "sparql.html", context, headers={"Vary": "Accept"})
