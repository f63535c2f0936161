"""RDF and SPARQL result formats: one table of media types, ``format=`` names, file suffixes and parsers.

Every place that reads or writes RDF picks its format from here — the
``/sparql`` and ``/api/queries`` negotiation, ``/id/{id}`` linked data, the
downloads, the CLI's ``--format``, uploads to ``/api/changes`` and files on
disk — so a media type or suffix means the same thing everywhere. (Nine tables
did this before, and did not all agree.)

RDF/XML is written but never read from a client or a data file: an XML parser
is an entity-expansion risk, and nothing in dtkg needs it as input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

W3C_FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """One format: its media type, the ``format=`` names it answers to, and how to read or write it."""

    media_type: str
    names: tuple[str, ...]
    w3c: str
    aliases: tuple[str, ...] = ()
    """Other media types clients send for it."""
    rdf: ox.RdfFormat | None = None
    """The pyoxigraph RDF format; None for SPARQL results and for HTML."""
    results: ox.QueryResultsFormat | None = None
    """The pyoxigraph results format of a SPARQL results format."""
    suffix: str = ""
    """The file suffix, for RDF formats that dtkg reads from files and uploads."""

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")

    @property
    def readable(self) -> bool:
        """Accepted as input (files, uploads): every RDF format but RDF/XML."""
        return bool(self.suffix)


TURTLE = Format("text/turtle", ("turtle", "ttl"), W3C_FORMATS + "Turtle", ("application/x-turtle",),
                ox.RdfFormat.TURTLE, suffix=".ttl")
N_TRIPLES = Format("application/n-triples", ("nt", "ntriples", "n-triples"), W3C_FORMATS + "N-Triples", (),
                   ox.RdfFormat.N_TRIPLES, suffix=".nt")
JSON_LD = Format("application/ld+json", ("jsonld", "json-ld"), W3C_FORMATS + "JSON-LD", (), ox.RdfFormat.JSON_LD,
                 suffix=".jsonld")
RDF_XML = Format("application/rdf+xml", ("rdfxml", "rdf", "xml"), W3C_FORMATS + "RDF_XML",
                 ("application/xml", "text/xml"), ox.RdfFormat.RDF_XML)
TRIG = Format("application/trig", ("trig",), W3C_FORMATS + "TriG", (), ox.RdfFormat.TRIG, suffix=".trig")
N_QUADS = Format("application/n-quads", ("nq", "nquads", "n-quads"), W3C_FORMATS + "N-Quads", (),
                 ox.RdfFormat.N_QUADS, suffix=".nq")

GRAPHS: tuple[Format, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, TRIG, N_QUADS)
"""RDF formats, in the order negotiation prefers them (Turtle is the default for a graph)."""

SOLUTIONS: tuple[Format, ...] = (
    Format("application/sparql-results+json", ("json", "srj"), W3C_FORMATS + "SPARQL_Results_JSON",
           ("application/json",), results=ox.QueryResultsFormat.JSON),
    Format("application/sparql-results+xml", ("xml", "srx"), W3C_FORMATS + "SPARQL_Results_XML",
           ("application/xml", "text/xml"), results=ox.QueryResultsFormat.XML),
    Format("text/csv", ("csv",), W3C_FORMATS + "SPARQL_Results_CSV", results=ox.QueryResultsFormat.CSV),
    Format("text/tab-separated-values", ("tsv",), W3C_FORMATS + "SPARQL_Results_TSV",
           results=ox.QueryResultsFormat.TSV),
)
"""SPARQL SELECT/ASK result formats (JSON is the default)."""

HTML = Format("text/html", ("html",), "", ("application/xhtml+xml",))
"""A page for people, offered beside the data formats where a browser may ask."""

JSON = Format("application/json", ("json",), "")
"""Plain JSON, the REST API's own answers."""

READABLE: tuple[Format, ...] = tuple(f for f in GRAPHS if f.readable)
"""What dtkg parses from a file or an upload (not RDF/XML)."""

BY_SUFFIX: dict[str, Format] = {f.suffix: f for f in READABLE}
BY_MEDIA_TYPE: dict[str, Format] = {f.media_type: f for f in READABLE}


def named(name: str, among: tuple[Format, ...]) -> Format | None:
    """The format that answers to ``name`` (a ``format=`` name or a media type) among ``among``."""
    wanted = name.strip().lower()
    for candidate in among:
        if wanted in candidate.names or wanted == candidate.media_type or wanted in candidate.aliases:
            return candidate
    return None


def of_file(path: Path) -> Format | None:
    """The readable format a file's suffix names, or None."""
    return BY_SUFFIX.get(path.suffix.lower())
