"""A draft as TriG shaped exactly like the curated data, ready for ``dtkg add`` after review.

One named graph per source document (``…/graph/source/doc-…``) holds the
document with its full text and SHA-256, each claim with its attributions
(speaker or reported source, and the author as reporter), its evidence (a
quote selector with prefix and suffix, a position selector in code points) and
its figures; new entities go to the shared entities graph. IRIs are the
deterministic ones of :mod:`graph.model.ids`, so drafting the same article
twice gives the same draft.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from graph import vocab
from graph.ingest.dates import datatype_of
from graph.ingest.figures import plain
from graph.ingest.pipeline import Draft, DraftClaim
from graph.ingest.relations import DraftRelation
from graph.ingest.terms import relation_iri
from graph.model import ids

XSD = str(vocab.XSD)
RDF_TYPE = ox.NamedNode(str(vocab.RDF.type))
DECLARED = ("dtkg", "id", "oa", "org", "prov", "schema", "skos", "xsd")
"""The prefixes of :data:`graph.vocab.PREFIXES` a draft uses, as the curated files declare them."""
CONTEXT = 32
"""Characters of prefix and suffix in a quote selector, as in the curated data."""


def _n(prefix: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(vocab.PREFIXES[prefix] + local)


def _lit(value: str, datatype: str = "string") -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def doc_id(draft: Draft) -> str:
    return f"doc-{draft.doc_slug}"


def claim_iri(draft: Draft, claim: DraftClaim) -> str:
    return ids.claim_iri(doc_id(draft), claim.start, claim.end, claim.speaker.entity.id)


def quads(draft: Draft) -> list[ox.Quad]:
    """The draft change as quads: the source graph, and the entities graph for new entities."""
    doc = ox.NamedNode(vocab.entity(doc_id(draft)))
    graph = ox.NamedNode(vocab.source_graph(doc_id(draft)))
    entities = ox.NamedNode(vocab.ENTITIES_GRAPH)
    out: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal, g: ox.NamedNode = graph) -> None:
        out.append(ox.Quad(s, p, o, g))

    text = draft.text
    add(doc, RDF_TYPE, _n("dtkg", "SourceDocument"))
    add(doc, _n("schema", "name"), _lit(draft.title))
    for genre in draft.genre:
        add(doc, _n("dtkg", "genre"), _n("dtkg", genre))
    add(doc, _n("schema", "author"), ox.NamedNode(draft.author.iri))
    if draft.publisher is not None:
        add(doc, _n("schema", "publisher"), ox.NamedNode(draft.publisher.iri))
    if draft.interviewee is not None:
        add(doc, _n("dtkg", "interviewee"), ox.NamedNode(draft.interviewee.iri))
    if draft.metadata.url:
        add(doc, _n("schema", "url"), ox.NamedNode(draft.metadata.url))
    if draft.published is not None:
        add(doc, _n("schema", "datePublished"), _lit(draft.published.value, draft.published.datatype))
    add(doc, _n("schema", "inLanguage"), _lit(draft.metadata.language or "en"))
    add(doc, _n("dtkg", "sha256"), _lit(hashlib.sha256(text.encode("utf-8")).hexdigest()))
    add(doc, _n("dtkg", "text"), _lit(text))

    for claim in draft.claims:
        out += _claim(draft, claim, doc, graph)
    for relation in draft.relations:
        out += _relation(draft, relation, graph)

    used = {draft.author.id} | ({draft.publisher.id} if draft.publisher else set())
    used |= {draft.interviewee.id} if draft.interviewee else set()
    for claim in draft.claims:
        used.add(claim.speaker.entity.id)
        used.update(e.id for e in claim.about)
    for relation in draft.relations:
        used |= {relation.subject.id, relation.object.id}
        if relation.object.post_in is not None:
            used.add(relation.object.post_in.id)
    for entity in draft.registry.entities.values():
        if entity.new and entity.id in used:
            node = ox.NamedNode(entity.iri)
            add(node, RDF_TYPE, _n("org", "Post") if entity.post_in is not None else _n("dtkg", entity.type), entities)
            add(node, _n("skos", "prefLabel"), ox.Literal(entity.label, language="en"), entities)
            if entity.post_in is not None:  # "head of Y": a post in Y (shape S24), as curated posts are
                add(node, _n("org", "postIn"), ox.NamedNode(entity.post_in.iri), entities)
            if entity.type == "Region":
                add(node, _n("skos", "inScheme"), ox.NamedNode(vocab.entity("regions")), entities)
    return out


def _claim(draft: Draft, claim: DraftClaim, doc: ox.NamedNode, graph: ox.NamedNode) -> list[ox.Quad]:
    iri = claim_iri(draft, claim)
    node = ox.NamedNode(iri)
    out: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(s, p, o, graph))

    text = draft.text
    speaker = ox.NamedNode(claim.speaker.entity.iri)
    add(node, RDF_TYPE, _n("dtkg", "Claim"))
    add(node, _n("prov", "wasAttributedTo"), speaker)
    role = claim.speaker.role
    local = "speaker" if role == "Speaker" else "reported-source"
    roles = [(local, speaker, role)]
    if claim.speaker.entity.id != draft.author.id:
        roles.append(("reporter", ox.NamedNode(draft.author.iri), "Reporter"))
    for name, agent, role_term in roles:
        attribution = ox.NamedNode(ids.attribution_iri(iri, name))
        add(node, _n("prov", "qualifiedAttribution"), attribution)
        add(attribution, RDF_TYPE, _n("prov", "Attribution"))
        add(attribution, _n("prov", "agent"), agent)
        add(attribution, _n("prov", "hadRole"), _n("dtkg", role_term))
    add(node, _n("dtkg", "claimKind"), _n("dtkg", term(claim.mode)))
    if claim.stance:
        add(node, _n("dtkg", "claimKind"), _n("dtkg", term(claim.stance)))
    if claim.date is not None:
        if claim.date.stated is not None:
            add(node, _n("dtkg", "statedOn"), _lit(claim.date.stated.value, claim.date.stated.datatype))
        if claim.date.inferred is not None and claim.date.basis:
            add(node, _n("dtkg", "inferredStatedOn"), _lit(claim.date.inferred.isoformat(), "date"))
            add(node, _n("dtkg", "inferenceBasis"), _lit(claim.date.basis))
    add(node, _n("schema", "appearance"), doc)
    for entity in claim.about:
        add(node, _n("dtkg", "about"), ox.NamedNode(entity.iri))
    evidence = ox.NamedNode(ids.evidence_iri(iri))
    quote = ox.NamedNode(ids.quote_selector_iri(iri))
    position = ox.NamedNode(ids.position_selector_iri(iri))
    add(node, _n("dtkg", "evidence"), evidence)
    add(evidence, RDF_TYPE, _n("oa", "SpecificResource"))
    add(evidence, _n("oa", "hasSource"), doc)
    add(evidence, _n("oa", "hasSelector"), quote)
    add(evidence, _n("oa", "hasSelector"), position)
    add(quote, RDF_TYPE, _n("oa", "TextQuoteSelector"))
    add(quote, _n("oa", "exact"), _lit(text[claim.start : claim.end]))
    if claim.start > 0:
        add(quote, _n("oa", "prefix"), _lit(text[max(0, claim.start - CONTEXT) : claim.start]))
    if claim.end < len(text):
        add(quote, _n("oa", "suffix"), _lit(text[claim.end : claim.end + CONTEXT]))
    add(position, RDF_TYPE, _n("oa", "TextPositionSelector"))
    add(position, _n("oa", "start"), _lit(str(claim.start), "nonNegativeInteger"))
    add(position, _n("oa", "end"), _lit(str(claim.end), "nonNegativeInteger"))
    for number, figure in enumerate(claim.figures, start=1):
        fig = ox.NamedNode(ids.figure_iri(iri, number))
        add(node, _n("dtkg", "assertsFigure"), fig)
        add(fig, RDF_TYPE, _n("dtkg", "Figure"))
        add(fig, RDF_TYPE, _n("schema", "MonetaryAmount" if figure.money else "QuantitativeValue"))
        add(fig, _n("dtkg", "indicator"), _n("dtkg", figure.indicator))
        if figure.amount is not None:
            add(fig, _n("schema", "value"), _lit(plain(figure.amount), "decimal"))
        if figure.minimum is not None and figure.maximum is not None:
            add(fig, _n("schema", "minValue"), _lit(plain(figure.minimum), "decimal"))
            add(fig, _n("schema", "maxValue"), _lit(plain(figure.maximum), "decimal"))
        add(fig, _n("schema", "currency" if figure.money else "unitText"), _lit(figure.unit))
        add(fig, _n("dtkg", "bound"), _n("dtkg", term(figure.bound)))
        if figure.period:
            add(fig, _n("dtkg", "referencePeriod"), _lit(figure.period, "gYear"))
        if figure.as_of:
            add(fig, _n("dtkg", "asOf"), _lit(figure.as_of, datatype_of(figure.as_of)))
        add(fig, _n("dtkg", "originalWording"), _lit(figure.original))
        add(fig, _n("dtkg", "supportedBy"), node)
    return out


def _relation(draft: Draft, relation: DraftRelation, graph: ox.NamedNode) -> list[ox.Quad]:
    """The truthy triple beside its ``dtkg:Relation`` node, supported by the claim that states it (as curated)."""
    subject, obj = ox.NamedNode(relation.subject.iri), ox.NamedNode(relation.object.iri)
    predicate = ox.NamedNode(relation_iri(relation.predicate))
    node = ox.NamedNode(relation.iri)
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]] = [
        (subject, predicate, obj),
        (node, RDF_TYPE, _n("dtkg", "Relation")),
        (node, _n("dtkg", "subject"), subject),
        (node, _n("dtkg", "relationType"), predicate),
        (node, _n("dtkg", "object"), obj),
        (node, _n("dtkg", "supportedBy"), ox.NamedNode(claim_iri(draft, relation.claim))),
    ]
    if relation.predicate in ("memberOf", "chairs"):  # the relation node is the membership, as curated (shape S23)
        triples += [
            (node, RDF_TYPE, _n("org", "Membership")),
            (node, _n("org", "member"), subject),
            (node, _n("org", "organization"), obj),
            (node, _n("org", "role"), _n("dtkg", "Member" if relation.predicate == "memberOf" else "Chair")),
        ]
    if relation.predicate == "holds":  # a post holding, as curated (shape S25)
        triples.append((node, RDF_TYPE, _n("dtkg", "PostHolding")))
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def term(slug: str) -> str:
    """``indirect-speech`` → ``IndirectSpeech`` (the ontology's local names)."""
    return "".join(part.capitalize() for part in slug.split("-"))


def trig(draft: Draft) -> str:
    """The draft as TriG text, with the prefixes of the curated files and a header saying what it is."""
    body = ox.serialize(quads(draft), format=ox.RdfFormat.TRIG, prefixes={p: vocab.PREFIXES[p] for p in DECLARED})
    header = (
        f"# Draft drafted by `dtkg ingest` from “{draft.title}”: review it, then `dtkg add` it.\n"
        "# Offsets count Unicode code points, end exclusive (Python slicing).\n"
    )
    return header + (body or b"").decode("utf-8")
