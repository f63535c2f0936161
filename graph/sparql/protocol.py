"""The SPARQL 1.1 Protocol's data side: formats, content negotiation, result writing, service description.

Pure functions, no web framework: the router (``api/routes/sparql.py``) reads
the request, :mod:`graph.sparql.worker` runs the query, and both use the tables
here, so ``/sparql`` and ``/api/queries/{name}`` negotiate the same way.

Result rows are written here rather than by pyoxigraph's ``serialize`` because
the public endpoint caps them (``DTKG_RESULT_LIMIT``) and must say so: once we
have read limit + 1 rows from pyoxigraph's iterator it cannot serialise the
first ``limit`` any more.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph import vocab
from graph.errors import NotAcceptable
from graph.rdf import formats, jsonld
from graph.rdf.formats import GRAPHS, SOLUTIONS, Format

XSD_STRING = str(vocab.XSD.string)
RDF_LANG_STRING = str(vocab.RDF.langString)
SD = str(vocab.SD)
RDF_TYPE = str(vocab.RDF.type)




def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query form can be written in (SELECT/ASK: results; CONSTRUCT/DESCRIBE: RDF)."""
    return SOLUTIONS if form in ("SELECT", "ASK") else GRAPHS


def negotiate(candidates: Sequence[Format], accept: str | None, fmt: str | None, *, default: Format | None = None) -> Format:
    """Pick the format: ``format=`` wins, then the best ``Accept`` match; NotAcceptable (406) if none fits.

    Highest q wins; among equal q an exact media type beats ``type/*`` and that
    beats ``*/*``; the order of ``candidates`` breaks remaining ties. With no
    Accept header (or only ``*/*``) the answer is ``default`` or the first candidate.
    """
    default = default or candidates[0]
    if fmt:
        found = formats.named(fmt, tuple(candidates))
        if found is not None:
            return found
        known = ", ".join(c.names[0] for c in candidates)
        raise NotAcceptable(f"format={fmt[:40]!r} is not available for this result; choose one of: {known}")
    if not accept or not accept.strip():
        return default
    best: tuple[float, int, int] | None = None
    chosen: Format | None = None
    for media, quality in _accept_items(accept):
        for order, candidate in enumerate(candidates):
            if media == "*/*":
                specificity, order_key = 0, -(0 if candidate is default else order + 1)
            elif media.endswith("/*") and candidate.media_type.startswith(media[:-1]):
                specificity, order_key = 1, -order
            elif media == candidate.media_type or media in candidate.aliases:
                specificity, order_key = 2 if media == candidate.media_type else 1, -order
            else:
                continue
            rank = (quality, specificity, order_key)
            if best is None or rank > best:
                best, chosen = rank, candidate
    if chosen is None:
        offered = ", ".join(c.media_type for c in candidates)
        raise NotAcceptable(f"cannot answer in any type of Accept: {accept[:200]!r}; this result is available as: {offered}")
    return chosen


def _accept_items(accept: str) -> Iterable[tuple[str, float]]:
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        if not media:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            yield media, quality


# --- writing results -----------------------------------------------------------------------------


def write_boolean(value: bool, fmt: Format) -> bytes:
    if fmt.media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt.media_type == "application/sparql-results+xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if fmt.media_type == "text/csv":
        return b"_askResult\r\n" + (b"true" if value else b"false") + b"\r\n"
    return b"?_askResult\n" + (b"true" if value else b"false") + b"\n"


def write_solutions(
    variables: Sequence[str], rows: Sequence[Sequence[object]], fmt: Format, *, truncated: bool, limit: int
) -> bytes:
    """SELECT rows (``None`` for unbound) in one of :data:`SOLUTIONS`; JSON carries the cap in ``dtkg``."""
    if fmt.media_type == "application/sparql-results+json":
        # The extension field comes first: pyoxigraph's streaming parser refuses keys after "results".
        head = json.dumps({"dtkg": {"truncated": truncated, "result_limit": limit}, "head": {"vars": list(variables)}},
                          ensure_ascii=False)
        return f'{head[:-1]}, "results": {{"bindings": {_json_bindings(variables, rows)}}}}}'.encode()
    if fmt.media_type == "application/sparql-results+xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        for var in variables:
            out.write(f"<variable name={quoteattr(var)}/>")
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            for var, term in zip(variables, row, strict=True):
                if term is not None:
                    out.write(f"<binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
        return out.getvalue().encode()
    if fmt.media_type == "text/csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(term) for term in row])
        return out.getvalue().encode()
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def write_triples(triples: Sequence[ox.Triple], fmt: Format) -> bytes:
    assert fmt.rdf is not None
    if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        used = {p: iri for p, iri in vocab.PREFIXES.items() if any(_mentions(t, iri) for t in triples)}
        return ox.serialize(triples, format=fmt.rdf, prefixes=used) or b""
    if fmt.rdf is ox.RdfFormat.JSON_LD:
        return jsonld.serialize(triples, vocab.PREFIXES)
    if fmt.rdf is ox.RdfFormat.N_QUADS:
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return ox.serialize(quads, format=fmt.rdf) or b""
    return ox.serialize(triples, format=fmt.rdf) or b""


def _mentions(triple: ox.Triple, namespace: str) -> bool:
    return any(isinstance(t, ox.NamedNode) and t.value.startswith(namespace) for t in (triple.subject, triple.predicate, triple.object))


_quote = json.encoder.encode_basestring  # json.dumps(ensure_ascii=False)'s own string writer (C)


def _json_bindings(variables: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The ``bindings`` array as JSON text, written term by term.

    The same JSON as ``json.dumps`` of :func:`_json_term`'s dicts, at about a
    third of the cost: no dict per term and per row (a 50-row answer took
    ~0.19 ms that way, a visible part of a small query's time over HTTP; issue 18).
    """
    keys = [_quote(var) + ": " for var in variables]
    out = []
    for row in rows:
        terms = (key + _json_term_text(term) for key, term in zip(keys, row, strict=True) if term is not None)
        out.append("{" + ", ".join(terms) + "}")
    return "[" + ", ".join(out) + "]"


def _json_term_text(term: object) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type": "uri", "value": ' + _quote(term.value) + "}"  # type: ignore[attr-defined]  # a NamedNode
    if kind is ox.Literal:
        literal: ox.Literal = term  # type: ignore[assignment]  # checked just above
        value = '{"type": "literal", "value": ' + _quote(literal.value)
        if literal.language:
            return value + ', "xml:lang": ' + _quote(literal.language) + "}"
        datatype = literal.datatype.value
        return value + "}" if datatype == XSD_STRING else value + ', "datatype": ' + _quote(datatype) + "}"
    return json.dumps(_json_term(term), ensure_ascii=False)  # blank nodes, quoted triples: rare


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {type(term).__name__}")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {type(term).__name__}")


def _csv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _tsv_term(term: object) -> str:
    return "" if term is None else str(term)


# --- service description -------------------------------------------------------------------------


def service_description(
    endpoint: str, graph_names: Iterable[str], *, result_limit: int, timeout: float, dataset_description: str | None = None
) -> list[ox.Triple]:
    """SPARQL 1.1 Service Description of the endpoint at ``endpoint``.

    The default dataset's default graph is the union of the named graphs
    (``sd:UnionDefaultGraph``), and every stored graph is listed by name. With
    ``dataset_description`` (the URL of ``/.well-known/void``) the service and its
    dataset point at the VoID/DCAT description with ``rdfs:seeAlso``.
    """
    sd = ox.NamedNode(SD + "Service")
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def p(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    rdf_type = iri(RDF_TYPE)
    comment = iri(str(vocab.RDFS.comment))
    triples = [
        ox.Triple(service, rdf_type, sd),
        ox.Triple(service, p("endpoint"), iri(endpoint)),
        ox.Triple(service, p("supportedLanguage"), p("SPARQL11Query")),
        ox.Triple(service, p("feature"), p("UnionDefaultGraph")),
        ox.Triple(
            service,
            comment,
            ox.Literal(
                f"dtkg public SPARQL endpoint: read-only, queries stopped after {timeout:g} s, at most "
                f"{result_limit} rows or triples per answer (truncation flagged by the X-DTKG-Truncated header); "
                "SERVICE and remote FROM are refused."
            ),
        ),
        ox.Triple(service, p("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, p("Dataset")),
        ox.Triple(dataset, p("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, p("Graph")),
        ox.Triple(
            default_graph,
            comment,
            ox.Literal("The default graph is the union of all named graphs of the dataset."),
        ),
    ]
    for fmt in (*SOLUTIONS, *GRAPHS):
        triples.append(ox.Triple(service, p("resultFormat"), iri(fmt.w3c)))
    if dataset_description:
        see_also = iri(str(vocab.RDFS.seeAlso))
        triples += [ox.Triple(service, see_also, iri(dataset_description)),
                    ox.Triple(dataset, see_also, iri(dataset_description))]
    for n, name in enumerate(sorted(graph_names)):
        node = ox.BlankNode(f"graph{n}")
        triples += [
            ox.Triple(dataset, p("namedGraph"), node),
            ox.Triple(node, rdf_type, p("NamedGraph")),
            ox.Triple(node, p("name"), iri(name)),
        ]
    return triples
