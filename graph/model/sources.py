"""Source documents: their metadata, full text and the claims made in them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph import vocab
from graph.config import Settings
from graph.model import dates
from graph.model.claims import Claim, ClaimFilter, find
from graph.model.snapshot import Ref, Snapshot, current, iri_list, not_found, resolve, rows, slug, text
from graph.store import Store


@dataclass(frozen=True)
class PartialDate:
    """A date exactly as precise as the metadata gives it (``2025``, ``2025-03``, ``2025-03-04``)."""

    value: str
    precision: str


@dataclass
class Source:
    id: str
    iri: str
    title: str
    genres: list[str]
    author: Ref | None
    publisher: Ref | None
    url: str | None
    published: PartialDate | None
    retrieved: PartialDate | None
    language: str | None
    license: str | None
    rights: str | None
    not_stated: list[str]
    corpus_file: str | None
    sha256: str | None
    length: int | None
    claims_count: int
    text: str | None = None
    claims: list[Claim] = field(default_factory=list)


def all_sources(store: Store, settings: Settings) -> list[Source]:
    snap = current(store, settings)
    return [_from_row(snap, r["source"].value, r) for r in rows(store, "api-sources")]


def _from_row(snap: Snapshot, iri: str, r: Mapping[str, Any]) -> Source:
    """One ``api-sources`` row as a Source (without its text and claims)."""
    return Source(
        id=vocab.entity_id(iri),
        iri=iri,
        title=text(r.get("title")) or snap.label(iri),
        genres=[slug(g) for g in iri_list(r.get("genres"))],
        author=snap.ref(r["author"].value) if "author" in r else None,
        publisher=snap.ref(r["publisher"].value) if "publisher" in r else None,
        url=text(r.get("url")),
        published=partial_date(r.get("published")),
        retrieved=partial_date(r.get("retrieved")),
        language=text(r.get("language")),
        license=text(r.get("license")),
        rights=text(r.get("rights")),
        not_stated=sorted(vocab.compact(p) for p in iri_list(r.get("notStated"))),
        corpus_file=text(r.get("file")),
        sha256=text(r.get("sha256")),
        length=int(r["length"].value) if "length" in r else None,
        claims_count=int(r["claims"].value),
    )


def partial_date(term: Any) -> PartialDate | None:
    """A date literal with its precision read off its datatype (the datatype is the precision)."""
    if term is None:
        return None
    return PartialDate(term.value, dates.precision_of(term.datatype.value))


def source(store: Store, settings: Settings, source_id: str, *, with_claims: bool = True) -> Source:
    iri = resolve(source_id, what="source")
    snap = current(store, settings)
    found = rows(store, "api-sources", {"source": iri})
    if not found:
        raise not_found(source_id, "source")
    doc = _from_row(snap, iri, found[0])
    doc.text = full_text(store, source_id)
    if with_claims:
        doc.claims = find(store, settings, ClaimFilter(source=doc.id), limit=100_000, offset=0).items
    return doc


def full_text(store: Store, source_id: str) -> str:
    iri = resolve(source_id, what="source")
    found = rows(store, "api-source-text", {"source": iri})
    if not found:
        raise not_found(source_id, "source")
    return str(found[0]["text"].value)
