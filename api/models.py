"""Response models of the REST API: stable snake_case field names, with examples for /docs.

They mirror the plain dataclasses that :mod:`graph.model.entities`, :mod:`graph.model.claims`
and :mod:`graph.model.sources` return; routes hand those over and FastAPI checks them
against these models.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Ref(Model):
    id: str = Field(examples=["mikheev"])
    label: str = Field(examples=["Mikheev"])


class ListOf(Model, Generic[T]):
    items: list[T]
    total: int = Field(description="How many items match, across all pages.", examples=[4])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])
    next: str | None = Field(
        default=None, description="The next page (same filters, the following offset), or null on the last one.",
        examples=["/api/claims?speaker=mikheev&limit=2&offset=2"],
    )


class EntitySummary(Model):
    id: str = Field(examples=["rosoboronexport"], description="The id every other route takes.")
    iri: str = Field(examples=["https://w3id.org/dtkg/id/rosoboronexport"])
    label: str = Field(examples=["Rosoboronexport"])
    types: list[str] = Field(examples=[["StateIntermediary"]])
    aliases: list[str] = Field(examples=[["Рособоронэкспорт", "JSC Rosoboronexport"]])


class Evidence(Model):
    claim: str = Field(examples=["claim-4215e87f2808"])
    source: str | None = Field(examples=["doc-rosoboronexport-backlog-interview"])


class Relation(Model):
    id: str = Field(examples=["rel-fdae4d0b2982"], description="Id of the qualified relation node.")
    predicate: str = Field(examples=["dtkg:partnerRegion"])
    predicate_label: str = Field(examples=["has partners in region"])
    direction: Literal["out", "in"] = Field(description="out: this entity is the subject; in: the object.")
    target: Ref
    valid_from: str | None = Field(examples=["2026-01"])
    valid_to: str | None = Field(examples=[None])
    evidence: list[Evidence]


class Role(Model):
    kind: Literal["post", "membership"]
    role: Ref | None
    post: Ref | None
    organization: Ref | None
    valid_from: str | None
    valid_to: str | None
    evidence: list[str] = Field(description="Ids of the supporting claims.")


class OutsideKnowledge(Model):
    predicate: str = Field(examples=["skos:altLabel"])
    value: Any = Field(examples=["JSC Rosoboronexport"])
    basis: str | None = Field(examples=["Curator knowledge: the company's legal form (joint-stock company); neither source names it."])
    reference: str | None = Field(examples=["Rosoboronexport, official website, https://roe.ru/eng/"])


class Entity(Model):
    id: str = Field(examples=["rosoboronexport"])
    iri: str = Field(examples=["https://w3id.org/dtkg/id/rosoboronexport"])
    label: str = Field(examples=["Rosoboronexport"])
    types: list[str] = Field(examples=[["StateIntermediary"]])
    aliases: list[str] = Field(examples=[["Рособоронэкспорт"]])
    description: str | None = Field(examples=["The corpus names him by surname only and states no post or affiliation."])
    same_as: list[str] = Field(description="skos:exactMatch / closeMatch targets.")
    properties: dict[str, list[Any]] = Field(
        description="Other statements, by compact predicate; entity values as {id, label}.",
        examples=[{"dtkg:stoppedCooperationWith": [{"id": "hostile-countries", "label": "hostile countries"}]}],
    )
    relations: list[Relation]
    roles: list[Role]
    claims_made: int = Field(examples=[4])
    claims_about: int = Field(examples=[2])
    outside_knowledge: list[OutsideKnowledge] = Field(
        description="Statements above that no source document makes (legal form, aliases, M49 codes), with their basis."
    )


class InferredDate(Model):
    value: str = Field(examples=["2025-11-13"])
    basis: str | None = Field(examples=["The interview was published in November 2025."])


class ClaimDate(Model):
    value: str | None = Field(examples=["--11-13"], description="As the source gives it (XSD lexical form).")
    precision: Literal["day", "month", "year", "month-day", "unknown"] = Field(examples=["month-day"])
    inferred: InferredDate | None = Field(description="A curator's inferred full date, never replacing the stated one.")


class Figure(Model):
    id: str = Field(examples=["claim-90a25c8a1c90-figure-1"])
    measure: str | None = Field(examples=["order-backlog"])
    measure_label: str | None = Field(examples=["order backlog"])
    amount: int | float | str | None = Field(examples=[55000000000])
    unit: str | None = Field(examples=["USD"], description="ISO 4217 currency, or the unit of a count.")
    bound: Literal["exact", "approximately", "more-than", "at-least", "less-than", "at-most", "range"] | None = Field(
        examples=["exact"], description="How the amount relates to the true value; a range has min and max instead of amount."
    )
    period: str | None = Field(examples=["2024"], description="Period a flow figure covers.")
    as_of: str | None = Field(examples=["--11-13"], description="Date at which a stock figure holds.")
    original: str | None = Field(examples=["$55 billion"])
    min: int | float | str | None = Field(default=None, examples=[None], description="Lowest value of a range.")
    max: int | float | str | None = Field(default=None, examples=[None], description="Highest value of a range.")


class SourceRef(Model):
    id: str = Field(examples=["doc-rosoboronexport-backlog-interview"])
    title: str


class Span(Model):
    start: int | None = Field(examples=[34], description="Unicode code points from the start of the text.")
    end: int | None = Field(examples=[117], description="Exclusive, as in a Python slice.")
    exact: str | None


class Fact(Model):
    id: str
    types: list[str]
    label: str
    subject: Ref | None
    predicate: str | None
    predicate_label: str | None
    object: Ref | None


class Claim(Model):
    id: str = Field(examples=["claim-90a25c8a1c90"])
    speaker: Ref
    date: ClaimDate
    text: str | None = Field(examples=["the order backlog for Russian arms exports remains at a record level of $55 billion"])
    kind: str | None = Field(examples=["indirect-speech"], description="Reporting mode: direct-quote, indirect-speech, document-assertion.")
    stance: str | None = Field(examples=[None], description="opinion, forecast or advice; null for a statement of fact.")
    kinds: list[str] = Field(examples=[["indirect-speech"]])
    about: list[Ref]
    figures: list[Figure]
    source: SourceRef
    span: Span
    reported_by: Ref | None = Field(description="Who relayed the claim when the speaker did not publish it.")
    attribution_note: str | None = Field(
        default=None, description="The curator's note where the sentence allows more than one reading of who said it."
    )
    date_match: Literal["stated", "inferred", "undated"] | None = Field(
        default=None, description="With from/to: whether the stated date, an inferred date, or nothing (include_undated) matched."
    )


class CitationForms(Model):
    permalink: str = Field(examples=["https://w3id.org/dtkg/id/claim-90a25c8a1c90"])
    version: str = Field(examples=["0.2.0+65fc1c418277"], description="The dataset version the citation names.")
    text: str = Field(description="APA-like plain text.")
    bibtex: str
    csl: list[dict[str, Any]] = Field(description="CSL-JSON (a list with one item).")


class ClaimDetail(Claim):
    supports: list[Fact] = Field(description="Curated facts that cite this claim as evidence.")
    citation: CitationForms


class FigureEntry(Model):
    figure: Figure
    about: list[Ref]
    claim: str = Field(examples=["claim-d75ed68de6be"])
    speaker: Ref
    reported_by: Ref | None
    date: ClaimDate
    source: SourceRef


class PartialDate(Model):
    value: str = Field(examples=["2025-03"])
    precision: str = Field(examples=["month"], description="day, month, year or month-day: the datatype's precision.")


class Source(Model):
    id: str = Field(examples=["doc-rosoboronexport-backlog-interview"])
    iri: str
    title: str
    genres: list[str] = Field(examples=[["news-report", "interview"]])
    author: Ref | None
    publisher: Ref | None
    url: str | None
    published: PartialDate | None = Field(description="Publication date at the precision the document gives.")
    retrieved: PartialDate | None = Field(description="When the text was retrieved.")
    language: str | None = Field(examples=["en"])
    license: str | None = Field(description="The source text's own licence (IRI); not the dataset's.")
    rights: str | None = Field(description="The source text's own rights statement, as text.")
    not_stated: list[str] = Field(
        examples=[["schema:publisher", "schema:url"]], description="Metadata fields the document does not state."
    )
    corpus_file: str | None = Field(examples=["rosoboronexport-backlog-interview.txt"])
    sha256: str | None
    length: int | None = Field(description="Length of the text in Unicode code points.")
    claims_count: int


class SourceDetail(Source):
    text: str
    claims: list[Claim]
    citation: CitationForms


class DownloadItem(Model):
    name: str = Field(examples=["dtkg-0.2.0-65fc1c418277.trig"])
    alias: str = Field(examples=["/downloads/dtkg.trig"], description="Stable URL that always serves the current version.")
    url: str = Field(examples=["/downloads/dtkg-0.2.0-65fc1c418277.trig"])
    media_type: str = Field(examples=["application/trig"])
    description: str
    size: int
    sha256: str


class DownloadList(Model):
    items: list[DownloadItem]
    version: str = Field(examples=["0.2.0+65fc1c418277"], description="The dataset version the files hold.")
    license: str = Field(examples=["https://creativecommons.org/licenses/by/4.0/"])
    license_name: str = Field(examples=["CC BY 4.0"])


class Match(Model):
    start: int = Field(description="Offset of the match in the source document's text (code points).", examples=[1040])
    end: int = Field(description="End of the match, exclusive.", examples=[1053])


class SearchHit(Model):
    kind: Literal["claim", "source", "name"] = Field(description="A claim's evidence text, a source's full text, or an entity's name.")
    id: str = Field(examples=["claim-3a9a256827f2"], description="The claim, source or entity id.")
    iri: str
    source: str | None = Field(default=None, description="Id of the source document the offsets index into (claims and sources).")
    title: str | None = Field(default=None, description="The source's title (sources only).")
    text: str = Field(description="The matching text: the claim's span, the source's full text, or the name.")
    start: int = Field(description="Where ``text`` starts in the source document (0 for sources and names).")
    matches: list[Match] = Field(description="Where the search terms occur: offsets into the source document's text, or into the name.")


class SearchResults(ListOf[SearchHit]):
    """Full-text hits, best first, in the one pagination shape."""
