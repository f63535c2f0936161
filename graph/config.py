"""dtkg's configuration, read once from ``DTKG_*`` environment variables.

Every setting has a safe default (loopback only, read-only unless a write token
is set) and a help text; the README's configuration table is checked against
:data:`SETTINGS` by a test, so the two cannot drift apart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from graph.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    env: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("DTKG_STORE", "var/store", "Directory of the embedded Oxigraph store (the default backend)."),
    Setting("DTKG_ENDPOINT", None, "SPARQL query URL of an external triplestore; when set, dtkg uses it instead of the embedded store."),
    Setting("DTKG_UPDATE_ENDPOINT", None, "SPARQL update URL of the external store (default: the query URL with /query replaced by /update; for Virtuoso the query URL itself)."),
    Setting("DTKG_GSP_ENDPOINT", None, "Graph Store Protocol URL of the external store (default: the query URL with /query replaced by /store; for Virtuoso /sparql-graph-crud)."),
    Setting("DTKG_ENDPOINT_ENGINE", "sparql", "Which engine serves DTKG_ENDPOINT: `sparql` (any SPARQL 1.1 server, e.g. `oxigraph serve`) or `virtuoso` (OpenLink Virtuoso; see Beyond one machine)."),
    Setting("DTKG_ENDPOINT_USER", None, "User for updates on the external store (HTTP Basic; Digest for Virtuoso's /sparql-auth); unset sends updates without credentials."),
    Setting("DTKG_ENDPOINT_PASSWORD", None, "Password of DTKG_ENDPOINT_USER."),
    Setting("DTKG_CONNECT_TIMEOUT", "5", "Seconds to wait for an external store to accept a connection."),
    Setting("DTKG_HOST", "127.0.0.1", "Address `dtkg serve` binds to."),
    Setting("DTKG_PORT", "8000", "Port `dtkg serve` listens on."),
    Setting("DTKG_QUERY_TIMEOUT", "10", "Hard wall-clock limit, in seconds, for one query on the public endpoint."),
    Setting("DTKG_UPDATE_TIMEOUT", None, "Hard wall-clock limit, in seconds, for one SPARQL Update or upload's parsing (default: DTKG_QUERY_TIMEOUT)."),
    Setting("DTKG_WORKER_MEMORY", "4096", "Address-space limit, in MiB, of each query worker and write sandbox process; past it the request fails with 503."),
    Setting("DTKG_CLIENT_CONCURRENCY", "2", "Queries one client (address) may have running at once on /sparql and /api/queries; 429 past it."),
    Setting("DTKG_CLIENT_QUERY_SECONDS", "60", "Seconds of query time one client may use per minute (refilled continuously); 429 with Retry-After when spent."),
    Setting("DTKG_SHORT_QUERY_SECONDS", "2", "How long a query may run on the worker kept for light clients before it moves to the general workers."),
    Setting("DTKG_RESULT_LIMIT", "10000", "Most rows (or triples) a public query returns; more is truncated and flagged."),
    Setting("DTKG_MAX_QUERY_BYTES", "1048576", "Largest accepted SPARQL query body, in bytes (413 above)."),
    Setting("DTKG_MAX_ANSWER_BYTES", "8388608", "Largest SPARQL answer, in bytes (about): rows or triples past it are cut and the answer flagged truncated."),
    Setting("DTKG_PUBLIC_URL", None, "Public base URL of the service (e.g. https://dtkg.example.org), used in the service description instead of the request's Host header."),
    Setting("DTKG_HEADER_TIMEOUT", "10", "Seconds `dtkg serve` waits for a request's line and headers before closing the connection."),
    Setting("DTKG_BODY_TIMEOUT", "15", "Seconds a request body may take to arrive in full (408 past it)."),
    Setting("DTKG_ACCESS_LOG", "true", "`dtkg serve` logs one line per request (uvicorn's access log), as Fuseki and Datasette do; `false` saves ~0.1 ms per request where a reverse proxy logs requests already (the benchmarks run with it off)."),
    Setting("DTKG_MAX_CONNECTIONS", "200", "Open connections and requests `dtkg serve` handles at once; past it new requests get 503."),
    Setting("DTKG_MAX_UPLOAD", "16777216", "Largest accepted upload for a curation change, in bytes (413 above)."),
    Setting("DTKG_WRITE_TOKEN", None, "Bearer token(s) allowed to write, as `name:token` pairs separated by commas; unset means read-only."),
    Setting("DTKG_DATA_DIR", None, "Folder of curated data files to build from (default: the data shipped with dtkg)."),
)


ENGINES = ("sparql", "virtuoso")
"""Values of DTKG_ENDPOINT_ENGINE; each names a profile in :mod:`graph.store`."""


@dataclass(frozen=True)
class Settings:
    """Typed settings; build one with :func:`load_settings`, never mutate it."""

    store: Path
    endpoint: str | None
    update_endpoint: str | None
    gsp_endpoint: str | None
    endpoint_engine: str
    endpoint_user: str | None
    endpoint_password: str | None
    connect_timeout: float
    host: str
    port: int
    query_timeout: float
    update_timeout: float
    worker_memory_mib: int
    client_concurrency: int
    client_query_seconds: float
    short_query_seconds: float
    result_limit: int
    max_query_bytes: int
    max_answer_bytes: int
    public_url: str | None
    header_timeout: float
    body_timeout: float
    max_connections: int
    access_log: bool
    max_upload: int
    write_tokens: Mapping[str, str]
    data_dir: Path | None

    def replace(self, **changes: object) -> Settings:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)


def _number(env: Mapping[str, str], name: str, kind: type[int] | type[float]) -> int | float:
    raw = _get(env, name)
    assert raw is not None
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {raw!r}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = (_get(env, name) or "false").strip().lower()
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise ConfigError(f"{name} must be true or false, got {raw!r}")
    return raw in ("true", "1", "yes")


def _get(env: Mapping[str, str], name: str) -> str | None:
    default = next(s.default for s in SETTINGS if s.env == name)
    value = env.get(name, "").strip()
    return value or default


def _tokens(raw: str | None) -> dict[str, str]:
    """Parse ``name:token`` pairs; the name becomes the author of a change."""
    tokens: dict[str, str] = {}
    if not raw:
        return tokens
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, token = item.partition(":")
        if not sep:
            name, token = "curator", item
        if len(token) < 8:
            raise ConfigError("DTKG_WRITE_TOKEN: each token must be at least 8 characters")
        tokens[token] = name.strip() or "curator"
    return tokens


def _public_url(raw: str | None) -> str | None:
    if not raw:
        return None
    if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~/\-]*)?", raw):
        raise ConfigError(f"DTKG_PUBLIC_URL must be an http(s) base URL such as https://dtkg.example.org, got {raw!r}")
    return raw.rstrip("/")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    endpoint = _get(env, "DTKG_ENDPOINT")
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ConfigError(f"DTKG_ENDPOINT must be an http(s) URL, got {endpoint!r}")
    data_dir = _get(env, "DTKG_DATA_DIR")
    engine = (_get(env, "DTKG_ENDPOINT_ENGINE") or "sparql").lower()
    if engine not in ENGINES:
        raise ConfigError(f"DTKG_ENDPOINT_ENGINE must be one of {', '.join(ENGINES)}, got {engine!r}")
    return Settings(
        store=Path(_get(env, "DTKG_STORE") or "var/store"),
        endpoint=endpoint,
        update_endpoint=_get(env, "DTKG_UPDATE_ENDPOINT"),
        gsp_endpoint=_get(env, "DTKG_GSP_ENDPOINT"),
        endpoint_engine=engine,
        endpoint_user=_get(env, "DTKG_ENDPOINT_USER"),
        endpoint_password=_get(env, "DTKG_ENDPOINT_PASSWORD"),
        connect_timeout=float(_number(env, "DTKG_CONNECT_TIMEOUT", float)),
        host=_get(env, "DTKG_HOST") or "127.0.0.1",
        port=int(_number(env, "DTKG_PORT", int)),
        query_timeout=float(_number(env, "DTKG_QUERY_TIMEOUT", float)),
        update_timeout=float(_number(env, "DTKG_UPDATE_TIMEOUT", float)) if _get(env, "DTKG_UPDATE_TIMEOUT")
        else float(_number(env, "DTKG_QUERY_TIMEOUT", float)),
        worker_memory_mib=int(_number(env, "DTKG_WORKER_MEMORY", int)),
        client_concurrency=int(_number(env, "DTKG_CLIENT_CONCURRENCY", int)),
        client_query_seconds=float(_number(env, "DTKG_CLIENT_QUERY_SECONDS", float)),
        short_query_seconds=float(_number(env, "DTKG_SHORT_QUERY_SECONDS", float)),
        result_limit=int(_number(env, "DTKG_RESULT_LIMIT", int)),
        max_query_bytes=int(_number(env, "DTKG_MAX_QUERY_BYTES", int)),
        max_answer_bytes=int(_number(env, "DTKG_MAX_ANSWER_BYTES", int)),
        public_url=_public_url(_get(env, "DTKG_PUBLIC_URL")),
        header_timeout=float(_number(env, "DTKG_HEADER_TIMEOUT", float)),
        body_timeout=float(_number(env, "DTKG_BODY_TIMEOUT", float)),
        max_connections=int(_number(env, "DTKG_MAX_CONNECTIONS", int)),
        access_log=_flag(env, "DTKG_ACCESS_LOG"),
        max_upload=int(_number(env, "DTKG_MAX_UPLOAD", int)),
        write_tokens=_tokens(_get(env, "DTKG_WRITE_TOKEN")),
        data_dir=Path(data_dir) if data_dir else None,
    )
