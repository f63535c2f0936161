"""The dataset as one citable thing: its human version, content hash and licence.

``DATASET.md`` holds what people decide (title, human version, licence); the
store holds what the data is. A build's version pairs the two, ``0.2.0+<12 hex>``,
where the hex digits start the SHA-256 of the store's sorted N-Quads: equal data,
equal version, and any curation change shows. Hashing reads every quad, so the
result is kept per graph version (:func:`graph.model.snapshot.current`) and
computed again only after the graph changed.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

from graph import paths
from graph.config import Settings
from graph.model.snapshot import current
from graph.store import Store

CARD = paths.ROOT / "DATASET.md"


@dataclass(frozen=True)
class Card:
    """The human-decided facts about the dataset, read from the front matter of ``DATASET.md``."""

    title: str
    version: str
    license: str
    license_name: str
    license_spdx: str
    publisher: str


@dataclass(frozen=True)
class Version:
    human: str
    content: str
    """Full SHA-256 of the store's sorted N-Quads."""

    @property
    def label(self) -> str:
        """``0.2.0+1a2b3c4d5e6f``: what citations, pages and dumps print."""
        return f"{self.human}+{self.content[:12]}"

    @property
    def file_stem(self) -> str:
        """``dtkg-0.2.0-1a2b3c4d5e6f``: dump file names carry the version ('+' is awkward in URLs)."""
        return f"dtkg-{self.human}-{self.content[:12]}"


def read_card(path: Path = CARD) -> Card:
    """The ``key: value`` lines between the two ``---`` lines at the top of the card."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in [line.strip() for line in lines[1:]]:
        raise ValueError(f"{path} must start with a '---' front-matter block")
    end = [line.strip() for line in lines[1:]].index("---") + 1
    fields = dict(line.split(":", 1) for line in lines[1:end] if ":" in line)
    values = {k.strip(): v.strip() for k, v in fields.items()}
    names = ("title", "version", "license", "license_name", "license_spdx", "publisher")
    missing = [k for k in names if not values.get(k)]
    if missing:
        raise ValueError(f"{path} front matter lacks {', '.join(missing)}")
    return Card(*(values[k] for k in names))


_lock = threading.Lock()
_versions: weakref.WeakKeyDictionary[Store, tuple[str, Version]] = weakref.WeakKeyDictionary()


def version(store: Store, settings: Settings) -> Version:
    """The version of the data in the store now (hashed once per graph version)."""
    key = current(store, settings).version
    seen = _versions.get(store)
    if seen is not None and seen[0] == key:
        return seen[1]
    with _lock:
        seen = _versions.get(store)
        if seen is None or seen[0] != key:
            seen = (key, Version(read_card().version, store.fingerprint()))
            _versions[store] = seen
    return seen[1]
