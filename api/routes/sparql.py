"""``/sparql``: the W3C SPARQL 1.1 Protocol endpoint, its service description and query page.

The request is read here (method, media type, one query, dataset parameters,
body size); the query is gated, run and written by :mod:`graph.sparql.worker`
in a process that is killed on timeout. Everything that goes wrong is a
:class:`graph.errors.DtkgError` rendered as problem+json in one place.

Updates pass :func:`authorize_update`, the one place that decides whether
``/sparql`` may write: only with a write token (``Authorization: Bearer``),
and then through the same path as ``POST /api/changes`` (the update runs on a
copy, the difference is validated against the shapes, then committed in one
transaction and recorded as a change). ``LOAD`` and ``SERVICE`` stay refused.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from api import assets
from api.routes.changes import authenticate, change_response
from graph import curation
from graph.config import Settings
from graph.errors import BadRequest, NotAcceptable, PayloadTooLarge
from graph.sparql import catalogue, protocol, worker
from graph.sparql.worker import Answer, Job, Runner
from graph.store.writelock import lock_path

router = APIRouter(tags=["sparql"])
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
UPDATE_PARAMS = {"update", "using-graph-uri", "using-named-graph-uri"}
CAP_HEADERS = ("X-DTKG-Truncated", "X-DTKG-Result-Limit", "X-DTKG-Result-Count")
CORS_PATHS = ("/sparql", "/api/queries")
_RUNNER_LOCK = threading.Lock()

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


def authorize_update(request: Request, settings: Settings) -> str:
    """Who may run a SPARQL Update on ``/sparql``: a holder of a write token, as on ``/api/changes``.

    Returns the token holder's name (the change's author); 403 when the server has no
    write tokens, 401 for a missing or wrong token. The update itself then takes the
    curation path (validate against the shapes, then one atomic commit).
    """
    return authenticate(request, settings)


def start(app: FastAPI) -> None:
    """Start the query workers for the app's store (call once the store is open)."""
    runner(app)


def stop(app: FastAPI) -> None:
    current = getattr(app.state, "sparql_runner", None)
    if current is not None:
        app.state.sparql_runner = None
        current.close()


def runner(app: FastAPI) -> Runner:
    current: Runner | None = getattr(app.state, "sparql_runner", None)
    if current is None:
        with _RUNNER_LOCK:
            current = getattr(app.state, "sparql_runner", None)
            if current is None:
                settings: Settings = app.state.settings
                current = worker.open_runner(
                    app.state.store, timeout=settings.query_timeout, connect_timeout=settings.connect_timeout
                )
                app.state.sparql_runner = current
    return current


class SparqlCors:
    """CORS for the read-only query routes only (``/sparql``, ``/api/queries``), so any site's tools can query."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=list(CAP_HEADERS),
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(CORS_PATHS):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``limit`` bytes.

    A declared Content-Length over the limit is refused before reading; a
    chunked body is counted while it streams in and refused when it passes.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise BadRequest(f"invalid Content-Length: {declared[:40]!r}") from None
        if size > limit:
            raise _too_large(limit, f"Content-Length is {size}")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise _too_large(limit, f"more than {limit} bytes were sent")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int, why: str) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is too large ({why}); at most {limit} bytes (DTKG_MAX_QUERY_BYTES) are accepted",
        extra={"limit_bytes": limit},
    )


def _content_type(request: Request) -> tuple[str | None, str | None]:
    raw = request.headers.get("content-type")
    if not raw or not raw.strip():
        return None, None
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not valid UTF-8 (byte {exc.start}); SPARQL requests must be UTF-8") from None


def _form(text: str) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("the form body is not valid URL-encoded UTF-8") from None


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
        media, charset = _content_type(request)
        if media is None:
            raise BadRequest(
                f"a POST to /sparql needs a Content-Type: {FORM} (query=…) or {QUERY} (the query as the body)"
            )
        if charset is not None and charset not in ("utf-8", "utf8"):
            raise BadRequest(f"the body must be UTF-8 (got charset={charset}); SPARQL requests are UTF-8 only")
        if media == UPDATE:
            author = authorize_update(request, settings)
            return None, params, UpdateRequest(_decode(await read_body(request, settings.max_upload)), author)
        if media not in (FORM, QUERY):
            raise BadRequest(f"unsupported Content-Type {media!r} for /sparql: use {FORM} or {QUERY}")
        text = _decode(await read_body(request, settings.max_query_bytes))
        if media == FORM:
            params += _form(text)
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
        author = authorize_update(request, settings)
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


def answer_response(answer: Answer) -> Response:
    headers = {"Vary": "Accept", "X-DTKG-Result-Limit": str(answer.limit)}
    if answer.count is not None:
        headers["X-DTKG-Truncated"] = "true" if answer.truncated else "false"
        headers["X-DTKG-Result-Count"] = str(answer.count)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


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
async def sparql(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    query, params, update = await parse_protocol(request, settings)
    if update is not None:
        outcome = await run_in_threadpool(
            curation.update_change,
            request.app.state.store,
            update.text,
            author=update.author,
            message=request.headers.get("x-dtkg-message"),
            idempotency_key=request.headers.get("idempotency-key"),
            lock=lock_path(settings.store),
        )
        return change_response(outcome)
    fmt = next((value for key, value in params if key == "format"), None)
    accept = request.headers.get("accept")
    if query is None:  # reading the graph names may be an HTTP call (remote store): not on the event loop
        return await run_in_threadpool(describe, request, settings, accept, fmt)
    if request.method == "GET" and fmt is None and wants_editor(accept):
        return page(request, settings, initial=query)  # a permalink opened in a browser: the editor, query loaded and run
    default_graphs = _graphs(params, "default-graph-uri")
    named_graphs = _graphs(params, "named-graph-uri")
    protocol_dataset = bool(default_graphs or named_graphs)
    job = Job(
        query=query,
        accept=accept,
        format=fmt,
        default_graphs=tuple(default_graphs) if protocol_dataset else None,
        named_graphs=tuple(named_graphs) if protocol_dataset else None,
        limit=settings.result_limit,
        max_chars=settings.max_query_bytes,
    )
    answer = await run_in_threadpool(runner(request.app).run, job)
    return answer_response(answer)


def describe(request: Request, settings: Settings, accept: str | None, fmt: str | None) -> Response:
    """No query: the query page for a browser, else the SPARQL 1.1 Service Description."""
    choice = protocol.negotiate(
        (protocol.HTML, *protocol.GRAPHS), accept, fmt, default=protocol.GRAPHS[0]
    )
    if choice is protocol.HTML:
        return page(request, settings)
    store = request.app.state.store
    triples = protocol.service_description(
        _endpoint_url(request, settings),
        [g.value for g in store.named_graphs()],
        result_limit=settings.result_limit,
        timeout=settings.query_timeout,
    )
    return Response(protocol.write_triples(triples, choice), media_type=choice.content_type, headers={"Vary": "Accept"})


def _endpoint_url(request: Request, settings: Settings) -> str:
    url = str(request.url_for("sparql"))
    try:
        return ox.NamedNode(url).value
    except ValueError:  # a Host header that makes no IRI
        return f"http://{settings.host}:{settings.port}/sparql"


RESULTS_JSON = protocol.SOLUTIONS[0]


def wants_editor(accept: str | None) -> bool:
    """A browser opening ``/sparql?query=…`` (``text/html`` ranked first), not a SPARQL client (``*/*``, a results type)."""
    try:
        return protocol.negotiate((RESULTS_JSON, protocol.HTML), accept, None) is protocol.HTML
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
        if is_public(q)
    ]
    missing = [name for name in assets.PAGE_SCRIPTS["sparql"] + assets.PAGE_STYLES["sparql"] if name in assets.missing()]
    context = {
        "examples": examples,
        "scripts": [assets.vendor_url(n) for n in assets.PAGE_SCRIPTS["sparql"]],
        "styles": [assets.vendor_url(n) for n in assets.PAGE_STYLES["sparql"]],
        "missing": missing,
        "prefixes": protocol.PREFIXES,
        "initial": initial,
        "timeout": settings.query_timeout,
        "result_limit": settings.result_limit,
    }
    return TEMPLATES.TemplateResponse(request, "sparql.html", context, headers={"Vary": "Accept"})


def is_public(query: catalogue.NamedQuery) -> bool:
    """Catalogue queries for people; those tagged ``api`` or ``curation`` are plumbing of other routes."""
    return not ({"api", "curation"} & set(query.tags))
