"""Cite this claim, cite this source: what a citation names, and its three forms.

A researcher quoting dtkg must be able to say who said it, where, when (no more
precisely than the source), which exact words, and which version of the data
they read it in. A :class:`Citation` gathers those facts once from the model
(claims, sources, the dataset card and version); :meth:`Citation.text`,
:meth:`Citation.bibtex` and :meth:`Citation.csl` are three renderings of the same
facts, so the formats cannot disagree. Nothing is invented: a field the source
does not state is printed as "not stated" (plain text), left out (BibTeX) or
given as a literal note (CSL-JSON).

The permalink is the resource's IRI under ``https://w3id.org/dtkg/id/``: it does
not depend on which server answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph import vocab
from graph.config import Settings
from graph.model import claims, dataset, sources
from graph.model.dates import When, month_abbreviation, when
from graph.store import Store

KIND_LABELS = {
    "direct-quote": "direct quote",
    "indirect-speech": "indirect speech",
    "document-assertion": "document assertion",
}
CSL_SOURCE_TYPES = {"interview": "interview", "opinion-piece": "article", "news-report": "article-newspaper"}


@dataclass(frozen=True)
class Citation:
    id: str
    permalink: str
    csl_type: str
    authors: list[str]
    title: str
    date: When | None
    container: str | None
    """For a claim, the source document's title."""
    container_date: When | None
    publisher: str | None
    url: str | None
    descriptor: str
    """What the item is, in brackets after the title: "indirect speech, reported by …", "interview"."""
    dataset_title: str
    dataset_publisher: str
    version: str
    license: str
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        """APA-like plain text: Author (date). Title [what it is]. In Container (publisher, date). Dataset (Version v). Permalink."""
        date = f"({self.date.display})" if self.date else "(n.d.)"
        parts = [f"{'; '.join(self.authors)} {date}.", f"{self.title} [{self.descriptor}]."]
        if self.container:
            container_date = self.container_date.display if self.container_date else "publication date not stated"
            parts.append(f"In {self.container} ({self.publisher or 'publisher not stated'}, {container_date}).")
        else:
            parts.append(f"{self.publisher or 'Publisher not stated'}.")
            parts.append(f"{self.url or 'URL not stated'}.")
        parts.append(f"{self.dataset_title} (Version {self.version}) [Data set]. {self.dataset_publisher}.")
        parts.append(self.permalink)
        return " ".join(parts)

    def bibtex(self) -> str:
        """A ``@misc`` entry; fields the source does not state are left out, never filled in."""
        fields: list[tuple[str, str]] = [
            ("author", " and ".join("{" + _bib(a) + "}" for a in self.authors)),
            ("title", "{" + _bib(self.title) + "}"),
        ]
        if self.date and self.date.parts:
            fields.append(("year", str(self.date.parts[0])))
            if len(self.date.parts) > 1:
                fields.append(("month", month_abbreviation(self.date.parts[1])))
        where = [f"In: {self.container}"] if self.container else []
        if self.publisher:
            fields.append(("publisher", _bib(self.publisher)))
        fields.append(("howpublished", _bib("; ".join([*where, f"{self.dataset_title}, version {self.version}"]))))
        fields.append(("version", _bib(self.version)))
        fields.append(("url", self.permalink))
        note = [self.descriptor] + ([f"stated {self.date.display}"] if self.date and not self.date.parts else [])
        fields.append(("note", _bib("; ".join([*note, *self.notes]))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{dtkg-{self.id},\n{body}\n}}\n"

    def csl(self) -> list[dict[str, Any]]:
        """CSL-JSON: a list with one item, as citation processors (citeproc, Zotero) read it."""
        item: dict[str, Any] = {
            "id": self.id,
            "type": self.csl_type,
            "title": self.title,
            "author": [{"literal": a} for a in self.authors],
            "URL": self.permalink,
            "version": self.version,
            "genre": self.descriptor,
            "source": f"{self.dataset_title} (version {self.version}, {self.license})",
            "note": "; ".join(self.notes),
        }
        if self.date:
            item["issued"] = {"date-parts": [self.date.parts]} if self.date.parts else {"literal": self.date.display}
        if self.container:
            item["container-title"] = self.container
        if self.publisher:
            item["publisher"] = self.publisher
        return [item]


def _bib(value: str) -> str:
    """Escape BibTeX's special characters (``$ % & # _ { } ~ ^ \\``)."""
    out = []
    for ch in value:
        if ch == "\\":
            out.append(r"\textbackslash{}")
        elif ch in "$%&#_{}":
            out.append("\\" + ch)
        elif ch == "~":
            out.append(r"\textasciitilde{}")
        elif ch == "^":
            out.append(r"\textasciicircum{}")
        else:
            out.append(ch)
    return "".join(out)


def _not_stated(doc: sources.Source) -> list[str]:
    names = {"schema:publisher": "publisher", "schema:url": "URL", "schema:datePublished": "publication date",
             "dtkg:retrievedOn": "retrieval date", "schema:license": "licence",
             "schema:copyrightNotice": "rights statement", "schema:author": "author"}
    missing = [names.get(f, f) for f in doc.not_stated]
    return [f"the source does not state its {', '.join(missing)}"] if missing else []


def _shared(store: Store, settings: Settings, doc: sources.Source) -> dict[str, Any]:
    """What every citation takes from the source document and the dataset (card and version)."""
    card, version = dataset.read_card(), dataset.version(store, settings)
    return {
        "publisher": doc.publisher.label if doc.publisher else None,
        "url": doc.url,
        "dataset_title": card.title,
        "dataset_publisher": card.publisher,
        "version": version.label,
        "license": card.license_name,
    }


def for_claim(store: Store, settings: Settings, claim: claims.Claim) -> Citation:
    """The citation of one claim (as :func:`graph.model.claims.get` reads it): speaker, exact words, date as stated,
    source, permalink, dataset version."""
    doc = sources.source(store, settings, claim.source.id, with_claims=False)
    kind = KIND_LABELS.get(claim.kind or "", claim.kind or "claim")
    descriptor = kind + (f", {claim.stance}" if claim.stance else "")
    if claim.reported_by:
        descriptor += f", reported by {claim.reported_by.label}"
    notes = [f"characters {claim.span.start}–{claim.span.end} of the source text"]
    if claim.attribution_note:
        notes.append("attribution: " + claim.attribution_note)
    notes += _not_stated(doc)
    return Citation(
        id=claim.id,
        permalink=vocab.entity(claim.id),
        csl_type="document",
        authors=[claim.speaker.label],
        title=f"“{claim.text}”",
        date=when(claim.date.value, claim.date.precision),
        container=doc.title,
        container_date=when(doc.published.value, doc.published.precision) if doc.published else None,
        descriptor=descriptor,
        notes=notes,
        **_shared(store, settings, doc),
    )


def for_source(store: Store, settings: Settings, doc: sources.Source) -> Citation:
    """The citation of one source document: author, title, genre, publisher, date, URL, permalink, dataset version."""
    genre = ", ".join(g.replace("-", " ") for g in doc.genres) or "document"
    notes = [f"SHA-256 of the text: {doc.sha256}"] if doc.sha256 else []
    if doc.retrieved:
        notes.append(f"retrieved {when(doc.retrieved.value, doc.retrieved.precision).display}")  # type: ignore[union-attr]  # when() returns None only for an empty value
    if doc.license:
        notes.append(f"source licence: {doc.license}")
    if doc.rights:
        notes.append(f"source rights: {doc.rights}")
    notes += _not_stated(doc)
    return Citation(
        id=doc.id,
        permalink=vocab.entity(doc.id),
        csl_type=next((CSL_SOURCE_TYPES[g] for g in doc.genres if g in CSL_SOURCE_TYPES), "document"),
        authors=[doc.author.label if doc.author else "unnamed author"],
        title=doc.title,
        date=when(doc.published.value, doc.published.precision) if doc.published else None,
        container=None,
        container_date=None,
        descriptor=genre,
        notes=notes,
        **_shared(store, settings, doc),
    )
