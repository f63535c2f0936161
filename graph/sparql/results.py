"""Query results as text: the standard SPARQL result formats plus a terminal table.

The CLI (``dtkg query``) writes results here, so a SELECT looks the same whether
it came from the embedded store or a remote endpoint. The web endpoint writes its
own (:mod:`graph.sparql.protocol`), because it caps rows and must say so.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph.errors import BadRequest
from graph.rdf import formats

SOLUTION_FORMATS = {name: f.results for f in formats.SOLUTIONS for name in f.names[:1] if f.results is not None}
"""``dtkg query --format`` for SELECT/ASK: json, xml, csv, tsv."""
GRAPH_FORMATS = {
    name: f.rdf
    for f in (formats.TURTLE, formats.N_TRIPLES, formats.JSON_LD, formats.RDF_XML)
    for name in ("turtle", "ttl", "nt", "jsonld", "xml")
    if name in f.names and f.rdf is not None
}
"""``dtkg query --format`` for CONSTRUCT/DESCRIBE: turtle (ttl), nt, jsonld, xml (RDF/XML)."""


def term_text(term: object) -> str:
    """A term for humans: IRIs and literals without N-Triples punctuation."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value} @{term.language}"
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def render(result: object, fmt: str) -> str:
    """SELECT/ASK/CONSTRUCT result in ``fmt`` (table, json, xml, csv, tsv, turtle, nt, jsonld)."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return "true" if bool(result) else "false"
        if fmt not in SOLUTION_FORMATS:
            raise BadRequest(f"an ASK result cannot be written as {fmt}")
        return (result.serialize(format=SOLUTION_FORMATS[fmt]) or b"").decode()
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            return table(result)
        if fmt not in SOLUTION_FORMATS:
            raise BadRequest(f"a SELECT result cannot be written as {fmt} (use table, json, xml, csv or tsv)")
        return (result.serialize(format=SOLUTION_FORMATS[fmt]) or b"").decode()
    triples = list(result)  # type: ignore[call-overload]  # neither SELECT nor ASK: CONSTRUCT/DESCRIBE triples
    if fmt in ("table", "turtle"):
        fmt = "turtle"
    if fmt not in GRAPH_FORMATS:
        raise BadRequest(f"a CONSTRUCT result cannot be written as {fmt} (use turtle, nt or jsonld)")
    return (ox.serialize(triples, format=GRAPH_FORMATS[fmt]) or b"").decode()


def table(solutions: ox.QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[term_text(row[name]) for name in names] for row in solutions]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(_clip(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def as_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
