"""The query gate: every public SPARQL query is parsed and checked before a store sees it.

Why a gate at all: pyoxigraph follows ``SERVICE <url>`` with no timeout and no
off switch, so a query must never reach the store until we know what it asks
for (docs: ``../shared/notes/security.md`` §1-2, beside the repository). The gate

1. bounds the text: length (``DTKG_MAX_QUERY_BYTES``) and nesting depth of
   ``{ ( [`` (:data:`MAX_DEPTH`), counted by a linear scan before any parser
   runs, so ten thousand nested groups are a 400 rather than a RecursionError;
2. parses it with rdflib's SPARQL 1.1 grammar (a real parse, so keywords inside
   strings, IRIs and comments cannot fool it) and walks the parse tree without
   recursion;
3. refuses ``SERVICE`` anywhere, and ``FROM``/``FROM NAMED`` IRIs that are not
   names of graphs in this store (a graph name is looked up, never fetched).
   Updates (``LOAD``, ``INSERT`` …) are not queries: the query grammar rejects
   them, and the protocol layer sends ``update=`` elsewhere.

rdflib's parser is deeply recursive (a flat query of 1,000 triple patterns
needs ~10,000 frames) and slow on big inputs (about 1 s per 25 KB), so
:mod:`graph.sparql.worker` runs the gate inside the killable worker process with
a large stack: a hostile query costs at most the query timeout.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graph import vocab
from graph.errors import BadQuery

MAX_DEPTH = 100
"""Deepest nesting of ``{``, ``(`` and ``[`` together; real queries stay below 20."""

CACHE_CHARS = 20_000
"""Queries up to this length have their gate result cached (256 of them, so at most ~5 MB)."""

DEFAULT_BASE = vocab.BASE
"""Base IRI for relative IRIs in a query without its own ``BASE`` (resolved, never fetched)."""

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}

# What the depth scan skips: comments, strings (long and short) and IRIs. A
# mistake here only miscounts depth; the parser below decides what is code.
_SKIP = re.compile(
    r'#[^\n\r]*|"""(?:(?:"|"")?(?:[^"\\]|\\.))*(?:"""|$)|\'\'\'(?:(?:\'|\'\')?(?:[^\'\\]|\\.))*(?:\'\'\'|$)'
    r'|"(?:[^"\\\n\r]|\\.)*"?|\'(?:[^\'\\\n\r]|\\.)*\'?|<[^<>"{}|^`\\\x00-\x20]*>',
    re.DOTALL,
)
_OPEN, _CLOSE = "{([", "})]"


@dataclass(frozen=True)
class GatedQuery:
    """A query that passed the gate, with what the protocol layer needs to know."""

    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()


def precheck(text: str, *, max_chars: int) -> None:
    """Length and nesting limits, in one linear pass and without a parser."""
    if not text.strip():
        raise BadQuery("the query is empty")
    if len(text) > max_chars:
        raise BadQuery(f"the query is {len(text)} characters long; at most {max_chars} are accepted")
    if "\x00" in text:
        raise BadQuery("the query contains a NUL character")
    depth = deepest = 0
    pos, n = 0, len(text)
    while pos < n:
        ch = text[pos]
        if ch in "#\"'<":
            match = _SKIP.match(text, pos)
            if match and match.end() > pos:
                pos = match.end()
                continue
        if ch in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    line, col = _line_col(text, pos)
                    raise BadQuery(
                        f"the query nests groups, brackets or parentheses more than {MAX_DEPTH} deep "
                        f"(at line {line}, column {col})",
                        extra={"line": line, "column": col},
                    )
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        pos += 1


def check(text: str, *, local_graphs: Collection[str], max_chars: int) -> GatedQuery:
    """Parse ``text`` and refuse what a public endpoint must not run; BadQuery (400) names why."""
    precheck(text, max_chars=max_chars)
    form, default, named = _analyse_cached(text) if len(text) <= CACHE_CHARS else _analyse(text)
    for iri in (*default, *named):
        if iri not in local_graphs:
            keyword = "FROM NAMED" if iri in named else "FROM"
            raise BadQuery(
                f"{keyword} <{iri}> is not a graph of this store: FROM and FROM NAMED select stored graphs "
                "by name and never load anything from the web (GET /sparql lists the graph names)",
                extra={"refused": keyword, "graph": iri},
            )
    return GatedQuery(text=text, form=form, from_graphs=default, from_named_graphs=named)


@lru_cache(maxsize=256)
def _analyse_cached(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Parsing is most of the gate's cost (~30 ms for a catalogue query) and the same texts come
    back (named queries, reruns from the page); refusals are not cached, and neither are long texts."""
    return _analyse(text)


def _analyse(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Form and dataset of an acceptable query, or BadQuery."""
    parsed = _parse(text)
    prologue, body = parsed[0], parsed[1]
    form = FORMS.get(getattr(body, "name", ""), "")
    if not form:
        raise BadQuery("only SELECT, ASK, CONSTRUCT and DESCRIBE queries are accepted here")
    for node in _walk(body):
        if node.name == "ServiceGraphPattern":
            raise BadQuery(
                "SERVICE is not allowed: this endpoint answers from its own graph and never calls other "
                "endpoints (federate from your own SPARQL client instead)",
                extra={"refused": "SERVICE"},
            )
    default, named = _dataset(prologue, body)
    return form, default, named


def _parse(text: str) -> Any:
    from pyparsing import ParseException, ParserElement
    from rdflib.plugins.sparql import parser

    try:
        return parser.parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise BadQuery(
                "this is a SPARQL Update, not a query: send it as an update, with a write token "
                "(queries never write)",
                extra={"refused": "update"},
            ) from None
        message = str(exc.msg) if getattr(exc, "msg", None) else "invalid syntax"
        raise BadQuery(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {message}",
            extra={"line": exc.lineno, "column": exc.col},
        ) from None
    except RecursionError:
        raise BadQuery(
            "the query is too deeply structured for the query gate's parser; split it or simplify it"
        ) from None
    except Exception as exc:  # rdflib raises plain Exceptions for some semantic errors (e.g. bad prefixes)
        detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise BadQuery(f"SPARQL syntax error: {detail}") from None
    finally:
        # pyparsing's packrat cache keeps exceptions, whose tracebacks keep our callers' frames
        # (and a running query's result) alive; drop them now rather than at some later GC.
        ParserElement.reset_cache()


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql import parser

    try:
        parser.parseUpdate(text)
    except Exception:
        return False
    return True


def _walk(root: Any) -> Any:
    """Every rdflib CompValue under ``root``, iteratively (the tree can be thousands deep)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def _dataset(prologue: Any, body: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The FROM and FROM NAMED IRIs, with prefixes and the base resolved as the query's own parser would."""
    from rdflib.plugins.sparql.algebra import translatePrologue

    clauses = body["datasetClause"] if "datasetClause" in body else []
    if not clauses:
        return (), ()
    try:
        resolved = translatePrologue(prologue, DEFAULT_BASE)
    except Exception as exc:
        raise BadQuery(f"SPARQL prologue error: {str(exc).splitlines()[0][:300]}") from None
    default: list[str] = []
    named: list[str] = []
    for clause in clauses:
        if "default" in clause:
            target, bucket = clause["default"], default
        else:
            target, bucket = clause["named"], named
        try:
            bucket.append(str(resolved.absolutize(target)))
        except Exception as exc:
            raise BadQuery(f"cannot resolve a FROM IRI: {str(exc).splitlines()[0][:300]}") from None
    return tuple(default), tuple(named)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1
