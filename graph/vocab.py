"""The IRI scheme of dtkg, in one place.

Entities live under ``/id/``, ontology terms under ``/ontology#``, shapes under
``/shapes#`` and named graphs under ``/graph/``. Keeping the bases here means the
REST API, the SPARQL service description and the loaders agree on them.

The other vocabularies the data uses (RDF, RDFS, OWL, XSD, SKOS, PROV, ORG,
TIME, FOAF, schema.org, Web Annotation, SPARQL service description) are
namespaces here too, and :data:`PREFIXES` is the one prefix table: the SPARQL
page, Turtle output and :func:`compact` read it. No other module spells a
namespace IRI.

The rdflib namespaces follow the bases. ``DTKG`` lists exactly the terms declared in ``ontology/dtkg.ttl`` (a test keeps
the two in step), and ``_fail = True`` makes a misspelt term raise instead of
silently minting a new IRI. ``SCHEMA`` is bound to ``http://schema.org/`` on
purpose: rdflib's own ``SDO`` uses ``https://``, which would not match the data.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import FOAF as FOAF  # re-exported (X as X): modules take namespaces from here
from rdflib.namespace import ORG as ORG
from rdflib.namespace import OWL as OWL
from rdflib.namespace import PROV as PROV
from rdflib.namespace import RDF as RDF
from rdflib.namespace import RDFS as RDFS
from rdflib.namespace import SKOS as SKOS
from rdflib.namespace import TIME as TIME
from rdflib.namespace import XSD as XSD
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/dtkg/"
ENTITY = BASE + "id/"
ONTOLOGY = BASE + "ontology#"
SHAPES = Namespace(BASE + "shapes#")
"""Shape IRIs (``…/shapes#S07-claim-has-source``); ids are not Python names, so no DefinedNamespace."""
GRAPH = BASE + "graph/"

ONTOLOGY_GRAPH = GRAPH + "ontology"
"""Named graph holding the OWL/RDFS vocabulary and the SHACL shapes."""

DATASET = BASE + "dataset"
"""The dataset itself (VoID/DCAT subject, citations' container); stable across versions."""

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


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
"""What a short id (entity, claim, source, change) may look like: ASCII letters, digits, ``. _ -``."""


def is_id(raw: str) -> bool:
    return bool(ID_PATTERN.match(raw))



def entity_id(iri: str) -> str:
    """The short id used by the REST API: the IRI's last path segment."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

class DTKG(DefinedNamespace):
    """Terms of the dtkg ontology (``https://w3id.org/dtkg/ontology#``)."""

    _fail = True
    _NS = Namespace(ONTOLOGY)

    # Actors
    Company: URIRef
    StateIntermediary: URIRef
    GovernmentBody: URIRef
    Commission: URIRef
    IntergovernmentalOrganization: URIRef
    Person: URIRef
    AnonymousAgent: URIRef
    Country: URIRef
    CountryGrouping: URIRef
    CountryCategory: URIRef
    Region: URIRef
    M49: URIRef

    # Sources
    SourceDocument: URIRef
    Genre: URIRef
    GenreScheme: URIRef
    NewsReport: URIRef
    Interview: URIRef
    OpinionPiece: URIRef
    text: URIRef
    sha256: URIRef
    corpusFile: URIRef
    genre: URIRef
    interviewer: URIRef
    interviewee: URIRef

    # Claims
    Claim: URIRef
    ClaimKind: URIRef
    ClaimKindScheme: URIRef
    DirectQuote: URIRef
    IndirectSpeech: URIRef
    DocumentAssertion: URIRef
    Opinion: URIRef
    Forecast: URIRef
    Advice: URIRef
    AttributionRole: URIRef
    AttributionRoleScheme: URIRef
    Speaker: URIRef
    ReportedSource: URIRef
    Reporter: URIRef
    statedOn: URIRef
    inferredStatedOn: URIRef
    inferenceBasis: URIRef
    evidence: URIRef
    claimKind: URIRef
    about: URIRef
    assertsFigure: URIRef
    supportedBy: URIRef

    # Figures
    Figure: URIRef
    Indicator: URIRef
    IndicatorScheme: URIRef
    OrderBacklog: URIRef
    ForexEarnings: URIRef
    WeaponTypesContracted: URIRef
    CountriesReached: URIRef
    CooperationProjects: URIRef
    PartnerStates: URIRef
    Bound: URIRef
    BoundScheme: URIRef
    Exact: URIRef
    MoreThan: URIRef
    Approximately: URIRef
    indicator: URIRef
    bound: URIRef
    originalWording: URIRef
    referencePeriod: URIRef
    asOf: URIRef

    # Ingestion (issue 14): bounds, ranges, indicators and entity kinds of drafted articles
    AtLeast: URIRef
    LessThan: URIRef
    AtMost: URIRef
    Range: URIRef
    ContractValue: URIRef
    UnspecifiedIndicator: URIRef
    WeaponSystem: URIRef
    Event: URIRef
    Member: URIRef

    # Relations
    RelationProperty: URIRef
    Relation: URIRef
    PostHolding: URIRef
    subject: URIRef
    relationType: URIRef
    object: URIRef
    validFrom: URIRef
    validTo: URIRef
    partnerRegion: URIRef
    cooperatesWith: URIRef
    stoppedCooperationWith: URIRef
    exportsTo: URIRef
    memberOf: URIRef
    chairs: URIRef
    supervises: URIRef

    # Posts, roles, meetings, programmes
    OrganizationRoleScheme: URIRef
    Chair: URIRef
    President: URIRef
    Meeting: URIRef
    meetingOf: URIRef
    heldOn: URIRef
    Programme: URIRef
    FederalProject: URIRef
    period: URIRef
    aim: URIRef
    programmeOf: URIRef

    # Curation changes (graph/curation.py)
    Change: URIRef
    author: URIRef
    contentHash: URIRef
    changeGraph: URIRef
    addedQuads: URIRef
    removedQuads: URIRef
    addedCount: URIRef
    removedCount: URIRef
    reverts: URIRef
    idempotencyKey: URIRef

    # Citable and exact (issue 16)
    restates: URIRef
    statedAsRecord: URIRef
    attributionNote: URIRef
    outcome: URIRef
    analysed: URIRef
    partnersIn: URIRef
    CooperationAspect: URIRef
    aspectOf: URIRef
    activity: URIRef
    periodLabel: URIRef
    CooperationStatus: URIRef
    CooperationStatusScheme: URIRef
    Historical: URIRef
    ReadinessExpressed: URIRef
    cooperationStatus: URIRef
    OutsideKnowledge: URIRef
    reference: URIRef
    retrievedOn: URIRef
    notStated: URIRef


SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
"""VoID, DCAT, Dublin Core terms and SPDX: the dataset description at /.well-known/void (graph/model/void.py)."""


PREFIXES: dict[str, str] = {
    "dtkg": ONTOLOGY,
    "id": ENTITY,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "org": str(ORG),
    "time": str(TIME),
    "foaf": str(FOAF),
    "sd": str(SD),
    "void": str(VOID),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "spdx": str(SPDX),
}
"""The one prefix table: ``prefix → namespace IRI``, for Turtle output, the query page and :func:`compact`."""

SHOWN_IN_FULL = frozenset({"id", "rdf", "xsd", "sd"})
"""Prefixes :func:`compact` leaves alone: entities have their own short ids, and ``rdf:type`` and
datatypes have always been shown as full IRIs in API answers (compacting them would change a field)."""


def compact(iri: str) -> str:
    """``http://www.w3.org/ns/org#holds`` → ``org:holds`` for the well-known vocabularies; other IRIs as they are.

    >>> compact("https://w3id.org/dtkg/ontology#partnerRegion")
    'dtkg:partnerRegion'
    >>> compact("https://example.org/x")
    'https://example.org/x'
    """
    for prefix, base in PREFIXES.items():
        if prefix not in SHOWN_IN_FULL and iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri
