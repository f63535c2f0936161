"""The one binding helper: user values reach query text only as serialised RDF terms.

A variable is bound to one term, or — for a catalogue parameter declared
``many`` — to a tuple of terms (one solution each), so a page of claims is one
query with ``VALUES ?claim { … }`` and no caller edits query text.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from graph.errors import BadQuery
from graph.store.base import Binding


def bind_values(sparql: str, bindings: Mapping[str, Binding]) -> str:
    """Bind variables to terms with inline ``VALUES`` blocks first in the WHERE group.

    Single terms share one block (one solution); each tuple gets a block of its
    own (one solution per term; an empty tuple matches nothing).

    This is the one place user values meet query text, and they arrive as
    pyoxigraph terms whose N-Triples form pyoxigraph itself escapes, so a value
    can never close a string or a group. pyoxigraph's ``substitutions=`` would
    be the other option, but it only binds variables of the SELECT projection
    (not those of aggregates or CONSTRUCT) and does not exist on a remote
    endpoint; one mechanism gives the same answers on every backend.
    """
    single = {k: v for k, v in bindings.items() if not isinstance(v, tuple)}
    blocks = []
    if single:
        names = " ".join(f"?{_variable_name(k)}" for k in single)
        values = " ".join(_term(v) for v in single.values())
        blocks.append(f" VALUES ({names}) {{ ({values}) }} ")
    for name, many in bindings.items():
        if isinstance(many, tuple):
            blocks.append(f" VALUES ?{_variable_name(name)} {{ {' '.join(_term(v) for v in many)} }} ")
    return _inject_values(sparql, "".join(blocks))


def _term(value: object) -> str:
    if not isinstance(value, (ox.NamedNode, ox.Literal)):
        raise BadQuery(f"a bound value must be an IRI or a literal, got {type(value).__name__}")
    return str(value)


def _variable_name(name: str) -> str:
    if not name.replace("_", "a").isalnum():
        raise BadQuery(f"not a SPARQL variable name: {name!r}")
    return name


def _inject_values(sparql: str, block: str) -> str:
    """Put ``block`` just inside the WHERE group's opening brace.

    A small scanner skips IRIs, strings and comments so that braces inside
    them do not count; the block itself holds only serialised terms.
    """
    depth = 0
    groups_seen = 0
    construct_template = False
    i, n = 0, len(sparql)
    upper = sparql.upper()
    while i < n:
        ch = sparql[i]
        if ch == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "\"'":
            quote = sparql[i : i + 3] if sparql[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and sparql[j : j + len(quote)] != quote:
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<" and depth >= 0:
            end = sparql.find(">", i)
            if end > 0 and not any(c in sparql[i + 1 : end] for c in " \n\t{}"):
                i = end + 1
                continue
        if depth == 0 and upper.startswith("CONSTRUCT", i):
            rest = upper[i + 9 :].lstrip()
            construct_template = rest.startswith("{")
        if ch == "{":
            if depth == 0:
                groups_seen += 1
                if not (construct_template and groups_seen == 1):
                    return sparql[: i + 1] + block + sparql[i + 1 :]
            depth += 1
        elif ch == "}":
            depth -= 1
        i += 1
    raise BadQuery("cannot bind parameters: the query has no WHERE group")
