"""The one binding helper: user values reach query text only as serialised RDF terms.

A variable is bound to one term, or — for a catalogue parameter declared
``many`` — to a tuple of terms (one solution each), so a page of claims is one
query with ``VALUES ?claim { … }`` and no caller edits query text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

import pyoxigraph as ox

from graph.errors import BadQuery
from graph.store.base import Binding


def bind_values(sparql: str, bindings: Mapping[str, Binding]) -> str:
    """Bind variables to terms: as constants where that is exactly the same, else with inline ``VALUES`` blocks.

    This is the one place user values meet query text, and they arrive as
    pyoxigraph terms whose N-Triples form pyoxigraph itself escapes, so a value
    can never close a string or a group.

    * A single term for a variable that appears only inside ``FILTER``
      expressions of the WHERE group itself (no subquery, no ``SELECT *``, not
      under ``BOUND``) is written in place of the variable. The answers are the
      same as with a ``VALUES`` block in that group — every solution has the
      variable bound to that term when the filter runs, and it is not projected
      — but Oxigraph folds a constant where it evaluates a joined variable on
      every row: Q5 of the benchmarks (a ``CONTAINS`` over every quote) runs
      3.4× faster this way.
    * A single IRI for a variable whose every use is a term of a triple pattern
      directly in the WHERE group (or such a filter) is written in place too: a
      ``VALUES`` row joined first with that group binds the variable to that IRI
      in every solution, so the pattern with the IRI in place matches the same
      triples. Oxigraph uses a constant to pick its index, where it joins a
      ``VALUES`` variable with a predicate's every triple: ``api-claim-ids`` for
      the most prolific speaker at 1M triples takes 24 ms the VALUES way, 2.5 ms
      with constants. A literal keeps ``VALUES`` there (it could sit in the
      predicate position, where a literal is not valid syntax), and so does a
      variable in a nested group, OPTIONAL, MINUS, subquery, BIND or inline data
      (each sees a ``VALUES`` binding differently from a constant).
    * Every other binding gets a ``VALUES`` block first in the WHERE group.
      Single terms share one solution; each tuple gets a block of its own (one
      solution per term; an empty tuple matches nothing).

    pyoxigraph's ``substitutions=`` (SEP-0007) would be the other option, but in
    0.5 it refuses any variable outside the SELECT projection ("does not contains
    variable ?needle in its SELECT projection") — the parameters of the bench
    queries and of most catalogue queries are not projected — takes no tuples,
    and does not exist on a remote endpoint; one mechanism gives the same text,
    hence the same answers, on every backend.
    """
    tokens = _tokens_of(sparql)
    constants: dict[str, str] = {}
    blocks = []
    # One single-variable block per binding: the same solutions as one multi-variable row, and the
    # form Virtuoso 7.2 compiles (a multi-variable VALUES row next to a pattern the bound variables
    # repeat, as in api-claims.rq, fails there with "ssg_print_rvr_fixed_val(): no SPART_VARR_FIXED").
    for name, value in bindings.items():
        variable = _variable_name(name)
        if not isinstance(value, tuple) and _same_as_constant(sparql, variable, patterns=isinstance(value, ox.NamedNode)):
            constants[variable] = _term(value)
            continue
        many = value if isinstance(value, tuple) else (value,)
        blocks.append(f" VALUES ?{variable} {{ {' '.join(_term(v) for v in many)} }} ")
    out = [constants.get(t.text[1:], t.text) if t.kind == "var" else t.text for t in tokens]
    if constants and not blocks:
        return "".join(out)
    where = _where_group(sparql)
    if where < 0:
        raise BadQuery("cannot bind parameters: the query has no WHERE group")
    out[where] += "".join(blocks)  # just inside the WHERE group's opening brace
    return "".join(out)


def _term(value: object) -> str:
    if not isinstance(value, (ox.NamedNode, ox.Literal)):
        raise BadQuery(f"a bound value must be an IRI or a literal, got {type(value).__name__}")
    return str(value)


def _variable_name(name: str) -> str:
    if not name.replace("_", "a").isalnum():
        raise BadQuery(f"not a SPARQL variable name: {name!r}")
    return name


class _Token(NamedTuple):
    kind: str  # space (whitespace, comments), string, iri, var, word (keyword or prefixed name), punct
    text: str


# A small SPARQL lexer: enough to tell code from strings, IRIs and comments, and to find variables.
_TOKEN = re.compile(
    r'(?P<space>\s+|#[^\n\r]*)'
    r'|(?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""|\'\'\'(?:(?:\'|\'\')?(?:[^\'\\]|\\.))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)'
    r'|(?P<word>[^\W\d][\w.\-]*(?::[\w.\-:%\\]*)?|:[\w.\-:%\\]*)'
    r'|(?P<punct>.)',
    re.DOTALL,
)


@functools.lru_cache(maxsize=512)
def _tokens_of(sparql: str) -> tuple[_Token, ...]:
    """The query's tokens, kept per text: the catalogue's few texts are bound over and over (lexing one
    took ~0.1 ms, ten of them per entity page)."""
    return tuple(_tokens(sparql))


def _tokens(sparql: str) -> Iterator[_Token]:
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        assert kind is not None
        yield _Token(kind, match.group())


@functools.lru_cache(maxsize=2048)
def _same_as_constant(sparql: str, variable: str, *, patterns: bool) -> bool:
    """Whether ``?variable`` can be written as a constant with the same answers as a ``VALUES`` row.

    True when every use is inside a ``FILTER ( … )`` directly in the WHERE group
    or, with ``patterns`` (the value is an IRI), a term of a triple pattern
    directly in that group (not in parentheses, not inline data). Only there is a
    constant the same as a ``VALUES`` row in that group: a nested group, a
    subquery or ``SELECT *`` would see (or show) the variable differently.
    Unsure means no: the caller falls back to ``VALUES``.
    """
    code = [t for t in _tokens_of(sparql) if t.kind != "space"]
    words = [t.text.upper() for t in code if t.kind == "word"]
    if words.count("SELECT") > 1:
        return False
    if "CONSTRUCT" in words or "DESCRIBE" in words:
        patterns = False  # a template is a group too: keep to the filters there
    for i, token in enumerate(code[:-1]):
        if token.kind == "word" and token.text.upper() in ("SELECT", "DISTINCT", "REDUCED", "DESCRIBE") \
                and code[i + 1].text == "*":
            return False
    depth = 0
    parens = 0  # open parentheses directly in the WHERE group (a filter's, a BIND's, inline data's …)
    filter_pending = False
    filter_parens = 0  # open parentheses of the current top-level filter; 0 outside one
    seen = False
    for i, token in enumerate(code):
        text = token.text
        if token.kind == "var" and text[1:] == variable:
            in_pattern = patterns and depth == 1 and parens == 0 and (i == 0 or code[i - 1].text.upper() != "VALUES")
            if not in_pattern and (
                filter_parens == 0 or (i >= 2 and code[i - 1].text == "(" and code[i - 2].text.upper() == "BOUND")
            ):
                return False
            seen = True
        elif token.kind == "word" and text.upper() == "FILTER" and filter_parens == 0:
            filter_pending = depth == 1
        elif text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
        elif text == "(":
            if depth == 1:
                parens += 1
            if filter_parens:
                filter_parens += 1
            elif filter_pending:
                filter_parens = 1
        elif text == ")":
            if depth == 1 and parens:
                parens -= 1
            if filter_parens:
                filter_parens -= 1
        if filter_pending and text != "(" and not (token.kind == "word" and text.upper() == "FILTER"):
            filter_pending = False  # FILTER NOT EXISTS, FILTER fn(…): not a bracketed expression, not ours
        elif text == "(":
            filter_pending = False
    return seen


@functools.lru_cache(maxsize=512)
def _where_group(sparql: str) -> int:
    """The index (in :func:`_tokens_of`) of the WHERE group's opening brace, or -1 when there is none
    (braces in IRIs, strings and comments do not count; a CONSTRUCT template is not the WHERE group)."""
    depth = 0
    groups_seen = 0
    construct_template = False
    code = [(index, token) for index, token in enumerate(_tokens_of(sparql)) if token.kind != "space"]
    for position, (index, token) in enumerate(code):
        if depth == 0 and token.kind == "word" and token.text.upper() == "CONSTRUCT":
            construct_template = position + 1 < len(code) and code[position + 1][1].text == "{"
        if token.text == "{":
            if depth == 0:
                groups_seen += 1
                if not (construct_template and groups_seen == 1):
                    return index
            depth += 1
        elif token.text == "}":
            depth -= 1
    return -1
