"""Whole-graph downloads: RDF dumps, a CSV of claims and CITATION.cff, with SHA-256 checksums.

Dumps are written once per graph version into a cache folder and served from
there, so a download never re-serialises the store while the graph is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph import vocab
from graph.config import Settings
from graph.errors import NotFound
from graph.model import dataset, tables, void
from graph.model.claims import every
from graph.model.snapshot import current
from graph.rdf import formats
from graph.store import Store


def cache_folder(store_description: str, settings: Settings) -> Path:
    """Where the files of a store are written: beside an embedded store when its folder is writable
    (``var/store.downloads``), else per user in /tmp. Shared by ``/downloads/`` and ``/.well-known/void``."""
    if not settings.endpoint and os.access(settings.store.parent, os.W_OK):
        return settings.store.with_name(settings.store.name + ".downloads")
    key = hashlib.sha256(store_description.encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"dtkg-downloads-{uid}" / key


@dataclass(frozen=True)
class DumpFormat:
    alias: str
    """The stable name (``dtkg.trig``): always the current version's file."""
    suffix: str
    """What follows the versioned stem (``dtkg-0.2.0-1a2b3c4d5e6f.trig``); empty for a fixed name."""
    media_type: str
    description: str
    rdf: ox.RdfFormat | None

    def file_name(self, version: dataset.Version) -> str:
        return version.file_stem + self.suffix if self.suffix else self.alias


FORMATS = {
    f.alias: f
    for f in (
        DumpFormat("dtkg.trig", ".trig", formats.TRIG.media_type, "Every named graph, TriG", formats.TRIG.rdf),
        DumpFormat("dtkg.nq", ".nq", formats.N_QUADS.media_type, "Every named graph, N-Quads", formats.N_QUADS.rdf),
        DumpFormat("dtkg.jsonld", ".jsonld", formats.JSON_LD.media_type, "Every named graph, JSON-LD", formats.JSON_LD.rdf),
        DumpFormat("dtkg.ttl", ".ttl", formats.TURTLE.media_type, "Union of all graphs, Turtle", formats.TURTLE.rdf),
        DumpFormat("claims.csv", "-claims.csv", "text/csv", "One row per claim: speaker, date, kind, text, source, span", None),
        DumpFormat("CITATION.cff", "", "application/yaml", "How to cite this version of the dataset (Citation File Format)", None),
    )
}


@dataclass(frozen=True)
class Download:
    name: str
    alias: str
    media_type: str
    description: str
    size: int
    sha256: str
    path: Path


_lock = threading.Lock()


def listing(store: Store, settings: Settings, folder: Path) -> list[Download]:
    """Every download of the current graph version, written into ``folder/<version>/`` if absent.

    File names carry the dataset version; the RDF dumps embed the dataset
    description (VoID/DCAT, in the named graph ``…/graph/dataset``), the CSV has a
    ``dataset_version`` column and ``CITATION.cff`` says how to cite the version.
    """
    version = dataset.version(store, settings)
    key = current(store, settings).version
    target = folder / key[:16]
    with _lock:
        if not (target / "SHA256SUMS").is_file():
            if folder.is_dir():
                for old in folder.iterdir():
                    shutil.rmtree(old, ignore_errors=True)
            staging = folder / (key[:16] + ".part")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            described = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(void.DESCRIPTION_GRAPH))
                         for t in void.describe(store, settings)]
            lines = []
            for fmt in FORMATS.values():
                if fmt.rdf is not None:
                    body = store.dump(fmt.rdf, described)
                elif fmt.alias == "CITATION.cff":
                    body = citation_cff(version)
                else:
                    body = claims_csv(store, settings, version)
                name = fmt.file_name(version)
                (staging / name).write_bytes(body)
                lines.append(f"{hashlib.sha256(body).hexdigest()}  {name}\n")
            (staging / "SHA256SUMS").write_text("".join(lines))
            staging.rename(target)
    sums: dict[str, str] = {}
    for line in (target / "SHA256SUMS").read_text().splitlines():
        if line:
            digest, name = line.split("  ", 1)
            sums[name] = digest
    out = []
    for f in FORMATS.values():
        name = f.file_name(version)
        out.append(Download(name, f.alias, f.media_type, f.description, (target / name).stat().st_size, sums[name],
                            target / name))
    return out


def download(store: Store, settings: Settings, folder: Path, name: str) -> Download:
    """A file by its versioned name, or by its stable alias (``dtkg.trig``) for the current version."""
    for item in listing(store, settings, folder):
        if name in (item.name, item.alias):
            return item
    raise NotFound(
        f"no download named {name[:100]!r}; the graph may have changed since (see /downloads/ for the current files)",
        extra={"known": sorted(FORMATS)},
    )


def citation_cff(version: dataset.Version) -> bytes:
    """``CITATION.cff`` (Citation File Format 1.2.0) for this version of the dataset."""
    card = dataset.read_card()

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below. Cite single claims with /api/claims/{id}?format=bibtex."',
        "type: dataset",
        f"title: {quoted(card.title)}",
        f"version: {quoted(version.label)}",
        f"license: {quoted(card.license_spdx)}",
        f"url: {quoted(vocab.DATASET)}",
        "authors:",
        f"  - name: {quoted(card.publisher)}",
        "identifiers:",
        "  - type: other",
        f"    value: {quoted('sha256:' + version.content)}",
        "    description: SHA-256 of the store's sorted N-Quads (the content hash in the version)",
        f"abstract: {quoted(void.DESCRIPTION + ' ' + void.RIGHTS)}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def claims_csv(store: Store, settings: Settings, version: dataset.Version) -> bytes:
    return tables.claims_csv(every(store, settings), dataset_version=version.label)
