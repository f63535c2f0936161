"""The named-query catalogue: ``queries/<name>.rq`` files described by their header.

A query file opens with ``#+`` lines::

    #+ title: Claims about an entity
    #+ summary: Who said what about ?entity, with date, kind and source.
    #+ param: entity iri required -- the entity, as an id (rosoboronexport) or a full IRI
    #+ param: kind iri -- optional claim kind; unbound means every kind
    #+ param: claim iri many -- several claims at once (one solution each)

A parameter is a SPARQL variable of the query. Its value is checked against the
declared type and becomes an RDF term bound to that variable at run time
(:meth:`graph.store.Store.query` ``bindings``); a value never becomes query
text. An optional parameter left out stays unbound, so it matches anything. A
``many`` parameter takes a list of values, bound as one ``VALUES`` row each, so
a caller that needs a page of claims binds them instead of editing the query.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from graph import paths, vocab
from graph.errors import BadRequest, NotFound
from graph.store.base import Binding

XSD = str(vocab.XSD)
PARAM_TYPES = ("iri", "string", "integer", "decimal", "date", "year", "boolean")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)"
    r"(?P<required>\s+required)?(?P<many>\s+many)?(?:\s+default=(?P<default>\S+))?(?:\s+--\s*(?P<help>.*))?$"
)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    default: str | None = None
    help: str = ""
    many: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    summary: str
    params: tuple[Param, ...]
    text: str
    path: Path
    tags: tuple[str, ...] = field(default=())

    @property
    def public(self) -> bool:
        """For people, in the catalogue; those tagged ``api`` or ``curation`` are plumbing of other routes."""
        return not ({"api", "curation"} & set(self.tags))

    def bind(self, values: Mapping[str, str | Sequence[str]]) -> dict[str, Binding]:
        """Check values against the declared parameters and turn them into terms (a tuple for ``many``)."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            expected = ", ".join(declared) or "none"
            raise BadRequest(
                f"query '{self.name}' has no parameter {', '.join(unknown)} (parameters: {expected})"
            )
        bound: dict[str, Binding] = {}
        for param in self.params:
            raw = values.get(param.name, param.default)
            if raw is None or raw == "":
                if param.required:
                    raise BadRequest(f"query '{self.name}' needs the parameter '{param.name}' ({param.type})")
                continue
            if param.many:
                items = [raw] if isinstance(raw, str) else list(raw)
                bound[param.name] = tuple(to_term(item, param.type, name=param.name) for item in items)
            elif isinstance(raw, str):
                bound[param.name] = to_term(raw, param.type, name=param.name)
            else:
                raise BadRequest(f"query '{self.name}' takes one value for '{param.name}', got {len(raw)}")
        return bound


def to_term(raw: str, kind: str, *, name: str = "value") -> ox.NamedNode | ox.Literal:
    """A user-supplied string as a checked RDF term of the declared type."""
    if len(raw) > 2000:
        raise BadRequest(f"parameter '{name}' is too long (at most 2000 characters)")
    try:
        if kind == "iri":
            return ox.NamedNode(expand_iri(raw))
        if kind == "string":
            return ox.Literal(raw)
        if kind == "integer":
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "decimal":
            value = Decimal(raw)
            if not value.is_finite():
                raise ValueError(raw)
            return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
        if kind == "date":
            return ox.Literal(dt.date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        if kind == "year":
            if not re.fullmatch(r"[0-9]{4}", raw):
                raise ValueError(raw)
            return ox.Literal(raw, datatype=ox.NamedNode(XSD + "gYear"))
        if kind == "boolean":
            if raw.lower() not in ("true", "false"):
                raise ValueError(raw)
            return ox.Literal(raw.lower(), datatype=ox.NamedNode(XSD + "boolean"))
    except (ValueError, InvalidOperation):
        raise BadRequest(f"parameter '{name}' must be a {kind}, got {raw!r}") from None
    raise BadRequest(f"unknown parameter type {kind!r}")


def expand_iri(raw: str) -> str:
    """An entity id (``rosoboronexport``) or an absolute http(s) IRI, checked."""
    value = raw.strip()
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
        return vocab.entity(value)
    if not re.match(r"^https?://[^/]", value) or _IRI_FORBIDDEN.search(value):
        raise ValueError(value)
    return value


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, _, value = line[2:].strip().partition(":")
        key, value = key.strip(), value.strip()
        if key == "param":
            match = _PARAM_LINE.match(value)
            if not match or match["type"] not in PARAM_TYPES:
                raise ValueError(f"{path.name}: bad '#+ param:' line: {value!r}")
            params.append(
                Param(
                    name=match["name"],
                    type=match["type"],
                    required=bool(match["required"]),
                    default=match["default"],
                    many=bool(match["many"]),
                    help=(match["help"] or "").strip(),
                )
            )
        else:
            header[key] = value
    if "title" not in header:
        raise ValueError(f"{path.name}: missing '#+ title:' header")
    return NamedQuery(
        name=path.stem,
        title=header["title"],
        summary=header.get("summary", ""),
        params=tuple(params),
        text=text,
        path=path,
        tags=tuple(t.strip() for t in header.get("tags", "").split(",") if t.strip()),
    )


@cache
def catalogue(folder: Path = paths.QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query, by name, read once."""
    if not folder.is_dir():
        return {}
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq")) if _NAME.match(p.stem)}


def get(name: str) -> NamedQuery:
    queries = catalogue()
    if name not in queries:
        known = ", ".join(queries) or "none"
        raise NotFound(f"no named query '{name}' (known: {known})")
    return queries[name]


def parse_param_args(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``k=v`` strings from the command line into a mapping."""
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not _VAR.match(key):
            raise BadRequest(f"--param takes name=value, got {item!r}")
        values[key] = value
    return values
