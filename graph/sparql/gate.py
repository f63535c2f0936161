"""The query gate: every public SPARQL query is checked before a store sees it.

Why a gate at all: pyoxigraph follows ``SERVICE <url>`` with no timeout and no
off switch, so a query must never reach the store until we know what it asks
for (docs: ``../shared/notes/security.md`` §1-2, beside the repository). The gate

1. decodes ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes in the *whole* text, as
   SPARQL 1.1 §19.2 says, and hands the decoded text on: the engine runs exactly
   the text the gate read (see :func:`decode_escapes` for why this matters);
2. bounds the text: length (``DTKG_MAX_QUERY_BYTES``) and nesting depth of
   ``{ ( [`` (:data:`MAX_DEPTH`), counted by a linear scan before any parser
   runs, so ten thousand nested groups are a 400 rather than a RecursionError;
3. classifies the query on one of two paths:

   * **fast** (:func:`_fast_form`, ~0.1-0.5 ms): when the decoded text holds
     neither ``service`` nor ``from`` anywhere, in any ASCII case (not even in a
     string, IRI, name or comment), no SERVICE and no dataset clause can be in
     it, whatever a tokenizer would make of it; pyoxigraph's own parser (the
     engine's, on an empty in-memory store) then says whether it is a query and
     which form. Anything it refuses, or whose form the prologue scan and the
     parser disagree on, goes to the slow path. Given the engine's own parse
     (``check(..., parse=…)``, the query workers), that parse is the one used
     and its result is kept (:attr:`GatedQuery.prepared`): the query is then
     parsed once, not twice (issue 18);
   * **slow** (:func:`_analyse`): rdflib's SPARQL 1.1 grammar (a real parse, so
     keywords inside strings, IRIs and comments cannot fool it), a walk of the
     parse tree without recursion, and the error messages with line and column.
     Texts that mention SERVICE or FROM, updates and syntax errors all end here;
4. refuses ``SERVICE`` anywhere, and ``FROM``/``FROM NAMED`` IRIs that are not
   names of graphs in this store (a graph name is looked up, never fetched).
   Updates (``LOAD``, ``INSERT`` …) are not queries: the query grammar rejects
   them; :func:`check_update` is the same gate for the write paths.

The slow path exists because rdflib's parser is deeply recursive (a flat query
of 1,000 triple patterns needs ~10,000 frames) and slow (about 1 s per 25 KB,
5-20 ms for an ordinary query: most of a small query's time before the fast
path), so :mod:`graph.sparql.worker` runs the gate inside the killable worker
process with a large stack: a hostile query costs at most the query timeout.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from graph import vocab
from graph.errors import BadQuery

MAX_DEPTH = 100
"""Deepest nesting of ``{``, ``(`` and ``[`` together; real queries stay below 20."""

CACHE_CHARS = 20_000
"""Queries up to this length have their gate result cached (256 of them, so at most ~5 MB)."""

DEFAULT_BASE = vocab.BASE
"""Base IRI for relative IRIs in a query without its own ``BASE`` (resolved, never fetched)."""

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}

# The fast path's screen: a text with none of these character runs (ASCII case-insensitive, as
# SPARQL keywords are) cannot hold a SERVICE pattern or a FROM / FROM NAMED clause.
_SLOW_WORDS = re.compile(r"service|from", re.IGNORECASE | re.ASCII)
# The prologue (BASE and PREFIX declarations, whitespace, comments) and the form keyword after it;
# possessive (``*+``), so a long run of spaces or comments cannot make it backtrack.
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_PROLOGUE_FORM = re.compile(
    rf"(?:\s+|#[^\n\r]*|BASE\s*{_IRI}|PREFIX\s*[^\s:<>#]*:\s*{_IRI})*+(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![A-Za-z0-9_])",
    re.IGNORECASE | re.ASCII,
)
_RESULT_FORMS = {"SELECT": ox.QuerySolutions, "ASK": ox.QueryBoolean, "CONSTRUCT": ox.QueryTriples,
                 "DESCRIBE": ox.QueryTriples}
_EMPTY: list[ox.Store] = []  # one empty in-memory store per process, made on first use: the fast path's parser

# What the depth scan skips: comments, strings (long and short) and IRIs. A
# mistake here only miscounts depth; the parser below decides what is code.
_SKIP = re.compile(
    r'#[^\n\r]*|"""(?:(?:"|"")?(?:[^"\\]|\\.))*(?:"""|$)|\'\'\'(?:(?:\'|\'\')?(?:[^\'\\]|\\.))*(?:\'\'\'|$)'
    r'|"(?:[^"\\\n\r]|\\.)*"?|\'(?:[^\'\\\n\r]|\\.)*\'?|<[^<>"{}|^`\\\x00-\x20]*>',
    re.DOTALL,
)
# One pass for the depth count: a comment, string or IRI (skipped whole), or a bracket.
_DEPTH_SCAN = re.compile(rf"(?:{_SKIP.pattern})|(?P<open>[{{(\[])|(?P<close>[}})\]])", re.DOTALL)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# After decoding, nothing that any reader could take for an escape may remain (rdflib's own
# pre-pass is case-insensitive and also reads ``\U`` + 4 digits), or a second pass would differ.
_LEFTOVER = re.compile(r"\\[uU][0-9A-Fa-f]{4}")

REFUSED_UPDATE_PARTS = {
    "Load": "LOAD",
    "ServiceGraphPattern": "SERVICE",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
"""Update operations a curation update may not contain: LOAD and SERVICE fetch URLs, the rest
act on whole graphs (and would bypass the per-change graph rules)."""


@dataclass(frozen=True)
class GatedQuery:
    """A query that passed the gate, with what the protocol layer needs to know."""

    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    prepared: Any = field(default=None, compare=False, repr=False)
    """The engine's result for :attr:`text` when the fast path parsed it with the ``parse`` given to :func:`check`."""


def decode_escapes(text: str) -> str:
    """The text with every ``\\uXXXX`` / ``\\UXXXXXXXX`` escape replaced by its character (SPARQL 1.1 §19.2).

    Why: the spec processes these escapes in the whole text *before* parsing,
    and rdflib's parser does; pyoxigraph (0.5) reads them only inside strings,
    IRIs and names, as ordinary escapes. So ``"a\\u0022 } ; LOAD <…> ; …"`` was
    one harmless string to the gate and a ``LOAD`` to the store. Decoding here
    and giving the engine the decoded text makes both read the same characters;
    a text that still holds an escape after one pass (``\\u005Cu0022``) would
    read differently a second time, so it is refused. Escapes of NUL, surrogates
    or numbers past U+10FFFF are refused too (no engine can take them).
    """
    if "\\" not in text:
        return text

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise BadQuery(
                f"{match.group(0)} is not an acceptable character escape (NUL, a surrogate or past U+10FFFF)",
                extra={"refused": "escape"},
            )
        return chr(code)

    decoded = _ESCAPE.sub(char, text)
    leftover = _LEFTOVER.search(decoded)
    if leftover:
        raise BadQuery(
            f"after decoding \\u escapes the text still contains {leftover.group(0)!r}; SPARQL decodes escapes "
            "once, before parsing (SPARQL 1.1 §19.2), so write the character itself or a string escape such as \\\"",
            extra={"refused": "escape"},
        )
    return decoded


def precheck(text: str, *, max_chars: int) -> None:
    """Length and nesting limits, in one linear pass and without a parser."""
    if not text.strip():
        raise BadQuery("the query is empty")
    if len(text) > max_chars:
        raise BadQuery(f"the query is {len(text)} characters long; at most {max_chars} are accepted")
    if "\x00" in text:
        raise BadQuery("the query contains a NUL character")
    depth = 0
    for match in _DEPTH_SCAN.finditer(text):  # the regex engine skips everything else, in C
        if match.lastgroup == "open":
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _line_col(text, match.start())
                raise BadQuery(
                    f"the query nests groups, brackets or parentheses more than {MAX_DEPTH} deep "
                    f"(at line {line}, column {col})",
                    extra={"line": line, "column": col},
                )
        elif match.lastgroup == "close":
            depth = max(0, depth - 1)

def check(
    text: str, *, local_graphs: Collection[str], max_chars: int, parse: Callable[[str], Any] | None = None
) -> GatedQuery:
    """Parse ``text`` and refuse what a public endpoint must not run; BadQuery (400) names why.

    The returned :attr:`GatedQuery.text` has its escapes decoded: run that text, never ``text``.
    ``parse`` is the engine's own query call (lazy for SELECT, CONSTRUCT and DESCRIBE) for the
    fast path to use instead of an empty store, so a query it passes is not parsed a second time.
    """
    precheck(text, max_chars=max_chars)
    decoded = decode_escapes(text)
    if decoded != text:
        text = decoded
        precheck(text, max_chars=max_chars)
    fast = _fast_form(text, parse)
    if fast is not None:
        return GatedQuery(text=text, form=fast[0], prepared=fast[1] if parse is not None else None)
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


def _fast_form(text: str, parse: Callable[[str], Any] | None = None) -> tuple[str, Any] | None:
    """The form of a query that cannot hold SERVICE or FROM and that pyoxigraph parses, with the parse's
    result; None: ask the slow path.

    Fail-closed by construction: None is always safe (the slow path decides),
    and a form is returned only when the prologue scan and pyoxigraph's parse
    of the same text agree on it. Parsing means calling ``query`` on an empty
    store: SELECT, CONSTRUCT and DESCRIBE results are lazy (parsed and planned,
    nothing evaluated); an ASK is evaluated, over no data. With ``parse`` (the
    engine's own store, same options as the run) the result is the answer's
    start, and the screen above is what makes running it safe.
    """
    if _SLOW_WORDS.search(text):
        return None
    found = _PROLOGUE_FORM.match(text)
    if found is None:
        return None
    form = found.group(1).upper()
    if parse is None:
        if not _EMPTY:
            _EMPTY.append(ox.Store())
        parse = functools.partial(_EMPTY[0].query, base_iri=DEFAULT_BASE, use_default_graph_as_union=True)
    try:
        parsed = parse(text)
    except (SyntaxError, ValueError, OSError, RuntimeError):
        return None  # not a query pyoxigraph accepts: the slow path says why, in rdflib's words
    return (form, parsed) if isinstance(parsed, _RESULT_FORMS[form]) else None


def warm() -> None:
    """Load both paths' parsers now (rdflib's grammar takes ~1 s to import), not on a client's first query."""
    _fast_form("ASK {}")
    _analyse("ASK {}")


@lru_cache(maxsize=256)
def _analyse_cached(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The slow path costs 5-30 ms for an ordinary query and the same texts come back (reruns
    from the page); refusals are not cached, and neither are long texts. Not what makes a small
    query fast: that is :func:`_fast_form`, which is not cached."""
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


def check_update(text: str, *, max_chars: int | None = None) -> str:
    """The curation gate for a SPARQL Update: the decoded text to run, or BadRequest naming why not.

    The same escape decoding and limits as queries, then rdflib's update grammar;
    ``LOAD``, ``SERVICE`` and whole-graph operations are refused before any engine runs.
    ``max_chars`` defaults to the text's own length: the write routes bound the body (``DTKG_MAX_UPLOAD``).
    """
    limit = max_chars if max_chars is not None else max(len(text), 1)
    precheck(text, max_chars=limit)
    text = decode_escapes(text)
    precheck(text, max_chars=limit)
    parsed = _parse_update(text)
    found = {REFUSED_UPDATE_PARTS[node.name] for node in _walk(parsed) if node.name in REFUSED_UPDATE_PARTS}
    if found:
        raise BadQuery(
            f"{', '.join(sorted(found))} not allowed in a curation update; use INSERT DATA, DELETE DATA, "
            "DELETE/INSERT … WHERE with GRAPH clauses",
            extra={"refused": sorted(found)},
        )
    return text


def _parse_update(text: str) -> Any:
    import warnings

    from pyparsing import ParserElement
    from rdflib.plugins.sparql import parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parser.parseUpdate(text)
    except RecursionError:
        raise BadQuery("the SPARQL Update is too deeply structured for the gate's parser; simplify it") from None
    except Exception as exc:  # pyparsing raises its own types; all mean "does not parse"
        detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise BadQuery(f"SPARQL Update syntax error: {detail}") from None
    finally:
        ParserElement.reset_cache()


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
