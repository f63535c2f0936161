"""The dataset described in RDF: VoID for Linked Data clients, DCAT for data catalogues.

Served at ``/.well-known/void`` (RFC 5785, as the VoID note recommends) and
embedded in every RDF dump, so a downloaded file still says what it is, which
version and under which licence. Every number is read from the store itself
(``store.count()``, the ``class-counts`` query), never written by hand, and the
dumps are listed with the SHA-256 and media type the downloads page serves.
The server's own URLs (SPARQL endpoint, download links) are only known per
request, so they are passed in; a dump embeds the description without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph import vocab
from graph.config import Settings
from graph.model import dataset
from graph.model.snapshot import rows
from graph.store import Store

VOID, DCAT, DCT, SPDX = str(vocab.VOID), str(vocab.DCAT), str(vocab.DCTERMS), str(vocab.SPDX)
FOAF, RDF, OWL, XSD = str(vocab.FOAF), str(vocab.RDF), str(vocab.OWL), str(vocab.XSD)
IANA = "https://www.iana.org/assignments/media-types/"
DESCRIPTION_GRAPH = vocab.GRAPH + "dataset"
"""Named graph that holds the description inside a TriG/N-Quads/JSON-LD dump (never in the store)."""

DESCRIPTION = (
    "Curated RDF about defense-trade actors: who said what, when and where it was reported. Every claim is tied "
    "to the exact span of its source text (Web Annotation selectors, code-point offsets), and every relation, "
    "figure, post and programme links to the claims that support it."
)
RIGHTS = (
    "The curated RDF is the dtkg project's work under CC BY 4.0. The source texts quoted in it (dtkg:text and "
    "the quoted spans) are not: they keep their own rights, which the seed documents do not state, and are "
    "included only so that every claim can be checked."
)


@dataclass(frozen=True)
class Distribution:
    """One downloadable file, as the downloads listing serves it."""

    name: str
    url: str
    media_type: str
    size: int
    sha256: str
    description: str


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _lit(value: str | int, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=_iri(datatype)) if datatype else ox.Literal(str(value))


def describe(
    store: Store,
    settings: Settings,
    *,
    sparql_endpoint: str | None = None,
    distributions: Sequence[Distribution] = (),
) -> list[ox.Triple]:
    """VoID + DCAT triples describing the data in the store now."""
    card, version = dataset.read_card(), dataset.version(store, settings)
    ds = _iri(vocab.DATASET)
    publisher = _iri(vocab.DATASET + "#publisher")
    a = _iri(RDF + "type")
    t: list[ox.Triple] = [
        ox.Triple(ds, a, _iri(VOID + "Dataset")),
        ox.Triple(ds, a, _iri(DCAT + "Dataset")),
        ox.Triple(ds, _iri(DCT + "title"), _lit(card.title, lang="en")),
        ox.Triple(ds, _iri(DCT + "description"), _lit(DESCRIPTION, lang="en")),
        ox.Triple(ds, _iri(DCT + "license"), _iri(card.license)),
        ox.Triple(ds, _iri(DCT + "rights"), _lit(RIGHTS, lang="en")),
        ox.Triple(ds, _iri(DCT + "publisher"), publisher),
        ox.Triple(publisher, a, _iri(FOAF + "Agent")),
        ox.Triple(publisher, _iri(FOAF + "name"), _lit(card.publisher)),
        ox.Triple(ds, _iri(DCAT + "version"), _lit(version.label)),
        ox.Triple(ds, _iri(OWL + "versionInfo"), _lit(version.label)),
        ox.Triple(ds, _iri(DCT + "identifier"), _lit(version.content)),
        ox.Triple(ds, _iri(VOID + "triples"), _lit(store.count(), XSD + "integer")),
        ox.Triple(ds, _iri(VOID + "uriSpace"), _lit(vocab.ENTITY)),
        ox.Triple(ds, _iri(VOID + "vocabulary"), _iri(vocab.ONTOLOGY)),
        ox.Triple(ds, _iri(DCAT + "keyword"), _lit("arms trade", lang="en")),
        ox.Triple(ds, _iri(DCAT + "keyword"), _lit("provenance", lang="en")),
    ]
    for row in rows(store, "class-counts"):
        cls = row["class"].value
        partition = _iri(f"{vocab.DATASET}/class/{vocab.entity_id(cls)}")
        t += [
            ox.Triple(ds, _iri(VOID + "classPartition"), partition),
            ox.Triple(partition, _iri(VOID + "class"), _iri(cls)),
            ox.Triple(partition, _iri(VOID + "entities"), _lit(int(row["count"].value), XSD + "integer")),
        ]
    for row in rows(store, "dataset-examples"):
        t.append(ox.Triple(ds, _iri(VOID + "exampleResource"), _iri(row["example"].value)))
    if sparql_endpoint:
        service = _iri(vocab.DATASET + "#sparql")
        t += [
            ox.Triple(ds, _iri(VOID + "sparqlEndpoint"), _iri(sparql_endpoint)),
            ox.Triple(service, a, _iri(DCAT + "DataService")),
            ox.Triple(service, _iri(DCT + "title"), _lit("dtkg SPARQL endpoint", lang="en")),
            ox.Triple(service, _iri(DCAT + "endpointURL"), _iri(sparql_endpoint)),
            ox.Triple(service, _iri(DCAT + "servesDataset"), ds),
        ]
    for d in distributions:
        node = _iri(f"{vocab.DATASET}/distribution/{d.name}")
        checksum = _iri(f"{vocab.DATASET}/distribution/{d.name}#sha256")
        t += [
            ox.Triple(ds, _iri(DCAT + "distribution"), node),
            ox.Triple(node, a, _iri(DCAT + "Distribution")),
            ox.Triple(node, _iri(DCT + "title"), _lit(d.name)),
            ox.Triple(node, _iri(DCT + "description"), _lit(d.description, lang="en")),
            ox.Triple(node, _iri(DCAT + "downloadURL"), _iri(d.url)),
            ox.Triple(node, _iri(DCAT + "accessURL"), _iri(d.url)),
            ox.Triple(node, _iri(DCAT + "mediaType"), _iri(IANA + d.media_type)),
            ox.Triple(node, _iri(DCAT + "byteSize"), _lit(d.size, XSD + "nonNegativeInteger")),
            ox.Triple(node, _iri(DCT + "license"), _iri(card.license)),
            ox.Triple(node, _iri(SPDX + "checksum"), checksum),
            ox.Triple(checksum, a, _iri(SPDX + "Checksum")),
            ox.Triple(checksum, _iri(SPDX + "algorithm"), _iri(SPDX + "checksumAlgorithm_sha256")),
            ox.Triple(checksum, _iri(SPDX + "checksumValue"), _lit(d.sha256, XSD + "hexBinary")),
        ]
    return t
