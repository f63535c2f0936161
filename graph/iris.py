"""The IRI scheme of dtkg, in one place.

Entities live under ``/id/``, ontology terms under ``/ontology#``, shapes under
``/shapes#`` and named graphs under ``/graph/``. Keeping the bases here means the
REST API, the SPARQL service description and the loaders agree on them.
"""

from __future__ import annotations

BASE = "https://w3id.org/dtkg/"
ENTITY = BASE + "id/"
ONTOLOGY = BASE + "ontology#"
SHAPES = BASE + "shapes#"
GRAPH = BASE + "graph/"

ONTOLOGY_GRAPH = GRAPH + "ontology"
"""Named graph holding the OWL/RDFS vocabulary and the SHACL shapes."""

ENTITIES_GRAPH = GRAPH + "entities"
"""Named graph holding entity descriptions shared by several sources (labels, types)."""


def source_graph(slug: str) -> str:
    """Named graph of one source document: its text, claims, evidence and facts."""
    return f"{GRAPH}source/{slug}"


def change_graph(change_id: str) -> str:
    """Named graph recording one curation change."""
    return f"{GRAPH}change/{change_id}"


def entity(slug: str) -> str:
    return ENTITY + slug


def entity_id(iri: str) -> str:
    """The short id used by the REST API: the IRI's last path segment."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
