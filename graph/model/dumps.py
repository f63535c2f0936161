"""Whole-graph downloads: RDF dumps and a CSV of claims, with SHA-256 checksums.

Dumps are written once per graph version into a cache folder and served from
there, so a download never re-serialises the store while the graph is unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.config import Settings
from graph.errors import NotFound
from graph.model.claims import every
from graph.model.snapshot import current
from graph.rdf import formats
from graph.store import Store


@dataclass(frozen=True)
class DumpFormat:
    name: str
    media_type: str
    description: str
    rdf: ox.RdfFormat | None


FORMATS = {
    f.name: f
    for f in (
        DumpFormat("dtkg.trig", formats.TRIG.media_type, "Every named graph, TriG", formats.TRIG.rdf),
        DumpFormat("dtkg.nq", formats.N_QUADS.media_type, "Every named graph, N-Quads", formats.N_QUADS.rdf),
        DumpFormat("dtkg.jsonld", formats.JSON_LD.media_type, "Every named graph, JSON-LD", formats.JSON_LD.rdf),
        DumpFormat("dtkg.ttl", formats.TURTLE.media_type, "Union of all graphs, Turtle", formats.TURTLE.rdf),
        DumpFormat("claims.csv", "text/csv", "One row per claim: speaker, date, kind, text, source, span", None),
    )
}


@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    description: str
    size: int
    sha256: str
    path: Path


_lock = threading.Lock()


def listing(store: Store, settings: Settings, folder: Path) -> list[Download]:
    """Every download of the current graph version, written into ``folder/<version>/`` if absent."""
    version = current(store, settings).version
    target = folder / version[:16]
    with _lock:
        if not (target / "SHA256SUMS").is_file():
            if folder.is_dir():
                for old in folder.iterdir():
                    shutil.rmtree(old, ignore_errors=True)
            staging = folder / (version[:16] + ".part")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            sums = []
            for fmt in FORMATS.values():
                body = claims_csv(store, settings) if fmt.rdf is None else store.dump(fmt.rdf)
                (staging / fmt.name).write_bytes(body)
                sums.append(f"{hashlib.sha256(body).hexdigest()}  {fmt.name}\n")
            (staging / "SHA256SUMS").write_text("".join(sums))
            staging.rename(target)
    checksums: dict[str, str] = {}
    for line in (target / "SHA256SUMS").read_text().splitlines():
        if line:
            digest, name = line.split("  ", 1)
            checksums[name] = digest
    return [
        Download(f.name, f.media_type, f.description, (target / f.name).stat().st_size, checksums[f.name], target / f.name)
        for f in FORMATS.values()
    ]


def download(store: Store, settings: Settings, folder: Path, name: str) -> Download:
    for item in listing(store, settings, folder):
        if item.name == name:
            return item
    raise NotFound(f"no download named {name[:100]!r}; see /downloads/ for the list", extra={"known": sorted(FORMATS)})


CSV_COLUMNS = [
    "claim", "speaker", "speaker_label", "date", "date_precision", "inferred_date", "inference_basis",
    "kind", "stance", "text", "about", "source", "start", "end", "reported_by",
]


def claims_csv(store: Store, settings: Settings) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in every(store, settings):
        writer.writerow(
            [
                c.id, c.speaker.id, c.speaker.label, c.date.value or "", c.date.precision,
                c.date.inferred.value if c.date.inferred else "", (c.date.inferred.basis or "") if c.date.inferred else "",
                c.kind or "", c.stance or "", c.text or "", " ".join(a.id for a in c.about), c.source.id,
                "" if c.span.start is None else c.span.start, "" if c.span.end is None else c.span.end,
                c.reported_by.id if c.reported_by else "",
            ]
        )
    return out.getvalue().encode("utf-8")
