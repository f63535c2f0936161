"""dtkg's configuration, read once from ``DTKG_*`` environment variables.

Every setting has a safe default (loopback only, read-only unless a write token
is set) and a help text; the README's configuration table is checked against
:data:`SETTINGS` by a test, so the two cannot drift apart.
"""

from __future__ import annotations

import os
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
    Setting("DTKG_UPDATE_ENDPOINT", None, "SPARQL update URL of the external store (default: the query URL with /query replaced by /update)."),
    Setting("DTKG_GSP_ENDPOINT", None, "Graph Store Protocol URL of the external store (default: the query URL with /query replaced by /store)."),
    Setting("DTKG_CONNECT_TIMEOUT", "5", "Seconds to wait for an external store to accept a connection."),
    Setting("DTKG_HOST", "127.0.0.1", "Address `dtkg serve` binds to."),
    Setting("DTKG_PORT", "8000", "Port `dtkg serve` listens on."),
    Setting("DTKG_QUERY_TIMEOUT", "10", "Hard wall-clock limit, in seconds, for one query on the public endpoint."),
    Setting("DTKG_RESULT_LIMIT", "10000", "Most rows (or triples) a public query returns; more is truncated and flagged."),
    Setting("DTKG_MAX_QUERY_BYTES", "1048576", "Largest accepted SPARQL query body, in bytes (413 above)."),
    Setting("DTKG_MAX_UPLOAD", "16777216", "Largest accepted upload for a curation change, in bytes (413 above)."),
    Setting("DTKG_WRITE_TOKEN", None, "Bearer token(s) allowed to write, as `name:token` pairs separated by commas; unset means read-only."),
    Setting("DTKG_DATA_DIR", None, "Folder of curated data files to build from (default: the data shipped with dtkg)."),
)


@dataclass(frozen=True)
class Settings:
    """Typed settings; build one with :func:`load_settings`, never mutate it."""

    store: Path
    endpoint: str | None
    update_endpoint: str | None
    gsp_endpoint: str | None
    connect_timeout: float
    host: str
    port: int
    query_timeout: float
    result_limit: int
    max_query_bytes: int
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


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    endpoint = _get(env, "DTKG_ENDPOINT")
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ConfigError(f"DTKG_ENDPOINT must be an http(s) URL, got {endpoint!r}")
    data_dir = _get(env, "DTKG_DATA_DIR")
    return Settings(
        store=Path(_get(env, "DTKG_STORE") or "var/store"),
        endpoint=endpoint,
        update_endpoint=_get(env, "DTKG_UPDATE_ENDPOINT"),
        gsp_endpoint=_get(env, "DTKG_GSP_ENDPOINT"),
        connect_timeout=float(_number(env, "DTKG_CONNECT_TIMEOUT", float)),
        host=_get(env, "DTKG_HOST") or "127.0.0.1",
        port=int(_number(env, "DTKG_PORT", int)),
        query_timeout=float(_number(env, "DTKG_QUERY_TIMEOUT", float)),
        result_limit=int(_number(env, "DTKG_RESULT_LIMIT", int)),
        max_query_bytes=int(_number(env, "DTKG_MAX_QUERY_BYTES", int)),
        max_upload=int(_number(env, "DTKG_MAX_UPLOAD", int)),
        write_tokens=_tokens(_get(env, "DTKG_WRITE_TOKEN")),
        data_dir=Path(data_dir) if data_dir else None,
    )
