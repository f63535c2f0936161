"""Reading RDF — data files and uploads — into quads, with the file and line of any syntax error.

Files and uploads are parsed completely before anything touches a store, so
input that does not parse leaves the store exactly as it was. Formats come from
:mod:`graph.rdf.formats`; RDF/XML is never read (XML entity expansion). JSON-LD
contexts are never fetched: pyoxigraph has no document loader set, and the
error says so instead of echoing the parser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph import paths, vocab
from graph.errors import BadData, UnsupportedMediaType
from graph.rdf import formats

if TYPE_CHECKING:
    import rdflib

@dataclass(frozen=True)
class SourceFile:
    path: Path
    quads: tuple[ox.Quad, ...]


def rdf_format(path: Path) -> ox.RdfFormat:
    found = formats.of_file(path)
    if found is None or found.rdf is None:
        known = ", ".join(formats.BY_SUFFIX)
        raise BadData(f"{path}: unknown RDF file type {path.suffix!r} (known: {known})")
    return found.rdf


def _parse(data: bytes, fmt: ox.RdfFormat, origin: str) -> list[ox.Quad | ox.Triple]:
    """Everything the document holds, or :class:`BadData` naming ``origin`` and the line."""
    try:
        return list(ox.parse(data, fmt, base_iri=vocab.BASE))
    except SyntaxError as exc:
        text = str(exc.msg or exc)
        if "LoadDocumentCallback" in text or "remote context" in text.lower():
            raise BadData(f"{origin}: remote JSON-LD contexts are not allowed; put the @context inline") from None
        line = exc.lineno
        where = f"{origin}:{line}" if line else origin
        first = text.splitlines()[0] if text else "syntax error"
        raise BadData(f"{where}: {first}", extra={"file": origin, "line": line}) from None
    except (ValueError, OSError) as exc:
        raise BadData(f"{origin}: {exc}", extra={"file": origin}) from None


def parse_bytes(
    data: bytes, fmt: ox.RdfFormat, *, default_graph: ox.NamedNode, origin: str
) -> list[ox.Quad]:
    """Parse a data file; triples outside a GRAPH block land in ``default_graph``."""
    out = []
    for item in _parse(data, fmt, origin):
        if isinstance(item, ox.Triple) or isinstance(item.graph_name, ox.DefaultGraph):
            out.append(ox.Quad(item.subject, item.predicate, item.object, default_graph))
        else:
            out.append(item)
    return out


def upload_media_type(path: Path) -> str:
    """The media type a file is uploaded as, from its suffix (``dtkg add``)."""
    found = formats.of_file(path)
    if found is None:
        raise UnsupportedMediaType(
            f"{path}: cannot add {path.suffix or 'files without a suffix'}; use one of {', '.join(formats.BY_SUFFIX)}"
        )
    return found.media_type


def parse_upload(data: bytes, media_type: str, origin: str = "upload") -> list[ox.Quad]:
    """Parse one uploaded document; triples outside a GRAPH block stay in the default graph.

    Blank nodes get fresh names per document (pyoxigraph keeps the document's
    labels, so ``_:a`` in two files would otherwise be one node).
    """
    kind = media_type.split(";")[0].strip().lower()
    if formats.named(kind, (formats.RDF_XML,)) is not None:
        raise UnsupportedMediaType("RDF/XML is not accepted (XML entity expansion risk); send Turtle, TriG or JSON-LD")
    fmt = formats.BY_MEDIA_TYPE.get(kind)
    if fmt is None or fmt.rdf is None:
        raise UnsupportedMediaType(
            f"cannot read {kind or 'a body without Content-Type'}; send one of {', '.join(formats.BY_MEDIA_TYPE)}"
        )
    fresh: dict[str, ox.BlankNode] = {}

    def rename(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return fresh.setdefault(term.value, ox.BlankNode())
        return term

    out = []
    for item in _parse(data, fmt.rdf, origin):
        graph = ox.DefaultGraph() if isinstance(item, ox.Triple) else rename(item.graph_name)
        out.append(ox.Quad(rename(item.subject), item.predicate, rename(item.object), graph))
    return out


def read_file(path: Path, default_graph: ox.NamedNode) -> SourceFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadData(f"cannot read {path}: {exc.strerror or exc}") from None
    return SourceFile(path, tuple(parse_bytes(data, rdf_format(path), default_graph=default_graph, origin=str(path))))


def ontology_files() -> list[Path]:
    """The vocabulary and the shapes (examples are test data, not part of the graph)."""
    return sorted(p for p in paths.ONTOLOGY_DIR.glob("*.ttl"))


def data_files(folder: Path | None = None) -> list[Path]:
    folder = folder or paths.DATA_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in formats.BY_SUFFIX and p.is_file())


def read_all(
    data_folder: Path | None = None,
    progress: Callable[[Path], None] | None = None,
) -> tuple[list[SourceFile], list[SourceFile]]:
    """(ontology files, data files), fully parsed."""
    ontology_graph = ox.NamedNode(vocab.ONTOLOGY_GRAPH)
    ontology = []
    for path in ontology_files():
        if progress:
            progress(path)
        ontology.append(read_file(path, ontology_graph))
    data = []
    for path in data_files(data_folder):
        if progress:
            progress(path)
        data.append(read_file(path, ox.NamedNode(vocab.source_graph(path.stem))))
    return ontology, data


def all_quads(files: Iterable[SourceFile], *, canonical: bool = True) -> list[ox.Quad]:
    """The files' quads without duplicates, blank nodes canonically named (unless ``canonical=False``).

    A parser names blank nodes (the shapes' property shapes and lists) afresh
    on every run; RDF canonicalization (RDFC-1.0) gives them names that depend
    on the data only, so two builds of the same files store the same quads.
    Validation does not need stable names, and at a million triples the
    canonicalization is a large part of a build: it asks for ``canonical=False``.
    """
    seen: set[ox.Quad] = set()
    out = []
    for source in files:
        for quad in source.quads:
            if quad not in seen:
                seen.add(quad)
                out.append(quad)
    if not canonical or not any(isinstance(t, ox.BlankNode) for q in out for t in (q.subject, q.object, q.graph_name)):
        return out
    dataset = ox.Dataset(out)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=str)


def to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """The union of the quads' triples as an rdflib graph, for pyshacl.

    pyshacl runs on rdflib; N-Triples is the lossless bridge between the two.
    """
    import rdflib

    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return graph


def from_rdflib(data: rdflib.Graph) -> list[ox.Quad]:
    """The triples of an rdflib graph (a Dataset's union) as pyoxigraph quads in the default graph.

    Term by term, so blank-node labels and literals stay exactly as rdflib
    holds them (an ill-typed literal stays ill-typed, for validation to report).
    """
    import rdflib

    renamed: dict[str, ox.BlankNode] = {}

    def term(t: Any) -> Any:
        if isinstance(t, rdflib.URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, rdflib.BNode):
            try:
                return ox.BlankNode(str(t))
            except ValueError:  # a label pyoxigraph does not accept: a fresh node, the same for each use
                return renamed.setdefault(str(t), ox.BlankNode())
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)

    triples = (
        (s, p, o) for s, p, o, _ in data.quads((None, None, None, None))
    ) if isinstance(data, rdflib.Dataset) else iter(data)
    return [ox.Quad(term(s), term(p), term(o)) for s, p, o in triples]
