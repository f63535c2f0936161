"""Where dtkg's data folders live, in a checkout and in an installed copy.

The ontology, shapes, named queries, curated data and corpus are data files that
code reads. In a checkout they sit beside the ``graph`` package; a wheel carries
them inside ``graph/_data`` (see ``pyproject.toml``), so an installed copy works
without the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root() -> Path:
    bundled = _PACKAGE / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PACKAGE.parent


ROOT: Path = _root()
ONTOLOGY_DIR: Path = ROOT / "ontology"
QUERIES_DIR: Path = ROOT / "queries"
DATA_DIR: Path = ROOT / "data"
CORPUS_DIR: Path = ROOT / "corpus"
